package dev.converge.cli;

import dev.converge.addr.Address;
import dev.converge.apply.ApplyResult;
import dev.converge.diag.Location;
import dev.converge.engine.Engine;
import dev.converge.engine.Planned;
import dev.converge.stack.ImportEntry;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;
import dev.converge.state.StateLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code converge import STACK ADDRESS PHYSICAL_ID}: adopt an existing resource. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Adopt a resource that already exists into the stack, at ADDRESS (declared in the stack file).",
                "It is tagged as owned by the stack at once, so destroy finds it even without the state file.",
                "The same as an `import:` entry in the stack file, planned and applied on its own.",
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
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(stack, aws, global, out);
             StateLock lock = ws.store.lock("import", lockOptions.lockTimeout());
             Interrupts interrupts = Interrupts.install(out, lock::close)) {
            // One way of importing: the plan of an `import:` entry for this address and id, applied. The
            // claim is written at once, so from now on the resource is provably the stack's, even if the
            // state is lost; its differences from the stack file are for the next plan.
            Engine engine = ws.engine();
            Planned planned = engine.planImport(stack, ws.readState(), new ImportEntry(a, physicalId, Location.UNKNOWN));
            ApplyResult result = engine.apply(planned, ws.store, interrupts).result();
            if (result.interrupted()) return ExitCodes.INTERRUPTED;
            if (!result.succeeded()) {
                ApplyResult.Failure f = result.failures().get(0);
                throw new UserException(f.action() + " failed: " + f.code() + ": " + f.message() + "; run it again: a claim already written is found by its proof");
            }
            out.println("Imported " + physicalId + " as " + address + ". Run `converge plan` to compare it with the stack file.");
            return ExitCodes.OK;
        }
    }
}
