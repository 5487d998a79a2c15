package dev.converge.cli;

import dev.converge.json.Json;
import dev.converge.secrets.SensitiveStrings;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.state.StateLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code converge state list|show|rm|unlock}: look at and repair the state. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Inspect or repair the state (the cache of what Converge created; AWS stays the source of truth).",
        subcommands = {StateCommand.ListState.class, StateCommand.Show.class, StateCommand.Remove.class, StateCommand.Unlock.class},
        footer = {"%nExamples:", "  converge state list stacks/elb-https.yaml", "  converge state show stacks/elb-https.yaml alb",
                "  converge state rm stacks/elb-https.yaml web[2]", "  converge state unlock stacks/elb-https.yaml"})
public final class StateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** So that {@code converge state --debug list STACK} means what it does on every other command. */
    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the state subcommands. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Mixin
        StackOptions stackOptions;

        @Mixin
        AwsOptions aws;

        Workspace open() {
            Stack stack = StackLoading.loadForState(stackOptions, aws);
            return Workspace.open(stack, aws, global, spec.commandLine().getErr());
        }

        /** For list and show, which read the state only: a stopped sandbox is not started for them. */
        Workspace openToRead() {
            Stack stack = StackLoading.loadForState(stackOptions, aws);
            return Workspace.openToRead(stack, aws, global, spec.commandLine().getErr());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the resources in the state.")
    static final class ListState extends Base {
        @Override
        public Integer call() {
            try (Workspace ws = openToRead()) {
                State s = ws.readState();
                out().printf("# %s: region %s, lineage %s, serial %d%n", ws.store.describe(), s.region(), s.lineage(), s.serial());
                s.resources().forEach((a, r) -> out().printf("%-30s %-28s %s%n", a, r.type(), SensitiveStrings.scrub(r.id())));
                if (!s.pending().isEmpty()) out().println("# creates in progress when the last apply stopped: " + s.pending().keySet());
                out().flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one resource's recorded values.")
    static final class Show extends Base {
        @Parameters(index = "1", paramLabel = "ADDRESS", description = "e.g. alb, web[0]")
        String address;

        @Override
        public Integer call() {
            try (Workspace ws = openToRead()) {
                ResourceState r = ws.readState().resources().get(address);
                if (r == null) throw new UserException("no resource '" + address + "' in the state");
                out().println(Json.write(new ResourceState(r.type(), SensitiveStrings.scrub(r.id()), SensitiveStrings.masked(r.applied()),
                        SensitiveStrings.masked(r.live()), r.dependsOn(), r.updatedAt())));
                out().flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Forget a resource without deleting it.",
                    "Its ownership tags remain, so the next refresh adopts it again unless you remove them in AWS too."})
    static final class Remove extends Base {
        @Parameters(index = "1", paramLabel = "ADDRESS")
        String address;

        @Mixin
        LockOptions lockOptions;

        @Override
        public Integer call() {
            try (Workspace ws = open(); StateLock lock = ws.store.lock("state rm", lockOptions.lockTimeout());
                 Interrupts interrupts = Interrupts.install(out(), lock::close)) {
                State s = ws.readState();
                if (!s.resources().containsKey(address)) throw new UserException("no resource '" + address + "' in the state");
                ws.store.write(s.withoutResource(address));
                out().println("Removed " + address + " from the state (the resource itself was not touched).");
                out().flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Break a lock left by an apply or destroy that died. Only when you are sure it is not running.")
    static final class Unlock extends Base {
        @Override
        public Integer call() {
            try (Workspace ws = open()) {
                ws.store.forceUnlock();
                out().println("Unlocked " + ws.store.describe() + ".");
                out().flush();
                return ExitCodes.OK;
            }
        }
    }
}
