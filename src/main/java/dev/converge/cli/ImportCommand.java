package dev.converge.cli;

import dev.converge.addr.Address;
import dev.converge.apply.OwnershipClaims;
import dev.converge.execution.ActionContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
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
        if (!Address.isValid(address)) throw new UserException("'" + address + "' is not an address (examples: alb, web[0])");
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
            // Tagged at once, with a fresh proof unless one verifies already: from now on the resource is
            // provably the stack's, even if the state is lost.
            LiveResource owned = OwnershipClaims.write(ws.registry.ownershipKeys(), stack, a, type, found, ctx, true);
            if (!again) {
                ws.store.write(state.withResource(address, new ResourceState(type.name(), owned.id(), Map.of(), owned.values(),
                        List.of(), Instant.now().toString())));
            }
            spec.commandLine().getOut().println("Imported " + physicalId + " as " + address + ". Run `converge plan` to compare it "
                    + "with the stack file.");
            return ExitCodes.OK;
        }
    }
}
