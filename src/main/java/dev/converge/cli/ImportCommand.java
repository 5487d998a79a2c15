package dev.converge.cli;

import dev.converge.addr.Address;
import dev.converge.desired.DesiredProperties;
import dev.converge.execution.ActionContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipKeys;
import dev.converge.provider.OwnershipProof;
import dev.converge.provider.Updatable;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.state.StateLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code converge import STACK ADDRESS PHYSICAL_ID}: adopt an existing resource. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Adopt a resource that already exists into the stack, at ADDRESS (declared in the stack file).",
                "It is tagged as owned by the stack at once, so destroy finds it even without the state file.",
                "Run `converge plan` afterwards to see how it differs from the stack file."},
        footer = {"%nExamples:", "  converge import stacks/elb-https.yaml albSecurityGroup sg-0123456789abcdef0",
                "  converge import stacks/elb-https.yaml web[0] i-0123456789abcdef0"})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stackOptions;

    @Mixin
    AwsOptions aws;

    @Mixin
    LockOptions lockOptions;

    @Parameters(index = "1", paramLabel = "ADDRESS", description = "Where it goes in the stack, e.g. alb or web[0].")
    String address;

    @Parameters(index = "2", paramLabel = "PHYSICAL_ID", description = "Its id in AWS (an ARN, sg-..., i-...).")
    String physicalId;

    @Override
    public Integer call() {
        Stack stack = StackLoading.load(stackOptions, aws);
        if (!Address.isValid(address)) throw new UserException("'" + address + "' is not an address (examples: alb, web[0], web[\"a\"], module.site.web)");
        Address a = Address.parse(address);
        Instance instance = stack.instance(a);
        if (instance == null || a.data()) throw new UserException("the stack declares no resource at " + address);
        try (Workspace ws = Workspace.open(stack, aws, global, spec.commandLine().getOut());
             StateLock lock = ws.store.lock("import", lockOptions.lockTimeout());
             Interrupts interrupts = Interrupts.install(spec.commandLine().getOut(), lock::close)) {
            State state = ws.readState();
            // Importing what the state already holds, under the same id, writes its missing ownership proof.
            boolean again = state.resources().containsKey(address) && state.resources().get(address).id().equals(physicalId);
            if (state.resources().containsKey(address) && !again) {
                throw new UserException(address + " is already in the state (" + state.resources().get(address).id() + ")");
            }
            ManagedType type = (ManagedType) ws.registry.find(instance.entry().type().name()).orElseThrow();
            ActionContext ctx = new ActionContext(ws.settings, ws.progress, address);
            LiveResource found = type.read(stack.name(), List.of(physicalId), ctx).stream()
                    .filter(r -> r.id().equals(physicalId)).findFirst()
                    .orElseThrow(() -> new UserException("no " + type.name() + " with id " + physicalId + " in "
                            + ws.session.settings().region()));
            if (found.address() != null) {
                // Claimed by a stack: only this stack's own claim at this address may be recorded (a
                // lost state); re-tagging another stack's resource would take it from that stack.
                boolean ownedHere = type.read(stack.name(), List.of(), ctx).stream().anyMatch(r -> r.id().equals(physicalId));
                if (!ownedHere || !found.address().equals(address)) {
                    throw new UserException(physicalId + " is already owned by " + found.address()
                            + (ownedHere ? " of this stack" : " of another stack") + "; Converge will not take it over");
                }
            }
            LiveResource owned = tagOwnership(ws, stack, a, type, found, ctx);
            if (!again) {
                ws.store.write(state.withResource(address, new ResourceState(type.name(), owned.id(), Map.of(), owned.values(),
                        List.of(), Instant.now().toString())));
            }
            spec.commandLine().getOut().println("Imported " + physicalId + " as " + address + ". Run `converge plan` to compare it "
                    + "with the stack file.");
            return ExitCodes.OK;
        }
    }

    /**
     * Writes the ownership tags and a fresh ownership proof right away (a record's in its claim TXT
     * record), creating the stack's ownership key if it has none: from now on the resource is
     * provably the stack's, even if the state is lost.
     */
    @SuppressWarnings("unchecked")
    private static LiveResource tagOwnership(Workspace ws, Stack stack, Address a, ManagedType type, LiveResource found,
                                             ActionContext ctx) {
        if (!(type instanceof Updatable u)) return found;
        // A claim in tags is written with the user's tags; a companion record's by the update itself.
        boolean tagged = type.ownership().inTags();
        Map<String, Object> tags = found.values().get("tags") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> current = new java.util.LinkedHashMap<>(found.values());
        Map<String, String> all = new java.util.LinkedHashMap<>(DesiredProperties.tags(stack, a, tagged ? Map.of("tags", tags) : Map.of()));
        OwnershipKeys keys = ws.registry.ownershipKeys();
        byte[] key = keys.read(stack.name()).orElseGet(() -> keys.create(stack.name()));
        // A proof that already verifies stays: signing anew would turn copies of the old one (which
        // are recognised by its nonce) into proofs of resources the state does not remember.
        if (!OwnershipProof.verifies(key, stack.name(), a.toString(), found.proof())) {
            all.put(Ownership.PROOF_TAG, OwnershipProof.sign(key, stack.name(), a.toString(), UUID.randomUUID().toString().replace("-", "")));
        }
        return u.update(found, current, tagged ? Set.of("tags") : Set.of(), all, ctx);
    }
}
