package dev.converge.cli;

import dev.converge.engine.Engine;
import dev.converge.execution.EngineSettings;
import dev.converge.execution.Progress;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.sandbox.Sandbox;
import dev.converge.stack.Stack;
import dev.converge.state.State;
import dev.converge.state.StateStore;
import dev.converge.state.Target;
import dev.converge.terminal.Terminal;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/**
 * Everything a command that talks to AWS needs, opened once: the loaded stack, the AWS session
 * (or the sandbox's), the target it reaches (account, region, endpoint), the types bound to it, the
 * target's own state store and the engine's pacing. The stack is loaded and validated before any AWS
 * client exists: bad input never reaches AWS. The first line every such command prints names the target.
 */
final class Workspace implements AutoCloseable {

    final Stack stack;
    final AwsSession session;
    final TypeRegistry registry;
    final Target target;
    final StateStore store;
    private final StateStore legacyStore;
    final EngineSettings settings;
    final Progress progress;
    final Terminal terminal;

    private Workspace(Stack stack, AwsSession session, Target target, StateStore store, StateStore legacyStore,
                      EngineSettings settings, Progress progress, Terminal terminal) {
        this.stack = stack;
        this.session = session;
        this.registry = AwsProvider.registry(session);
        this.target = target;
        this.store = store;
        this.legacyStore = legacyStore;
        this.settings = settings;
        this.progress = progress;
        this.terminal = terminal;
    }

    static Workspace open(Stack stack, AwsOptions aws, GlobalOptions global, PrintWriter out) {
        return open(stack, aws, global, out, true);
    }

    /**
     * For the commands that only read the target's local state (output, state list, state show):
     * with --sandbox, a sandbox that is not running is not started to read a local file. The target
     * is then the one a sandbox started now would be (its account is known without asking it:
     * {@link Sandbox#accountId()}), and a note says its resources went with it.
     */
    static Workspace openToRead(Stack stack, AwsOptions aws, GlobalOptions global, PrintWriter out) {
        return open(stack, aws, global, out, false);
    }

    private static Workspace open(Stack stack, AwsOptions aws, GlobalOptions global, PrintWriter out, boolean startSandbox) {
        Terminal terminal = global.terminal();
        Progress progress = line -> {
            synchronized (out) {
                // Progress names physical ids, which can hold sensitive names: `out` is one of the command
                // line's writers, which Main wraps in the scrubber (ScrubbingWriter).
                out.println(line);
                out.flush();
            }
        };
        // The stack was loaded with --region applied (StackLoading), so its region is the one to use.
        AwsSettings settings = AwsSettings.defaults(stack.region()).withProfile(aws.profile);
        EngineSettings engine = EngineSettings.forAws();
        Target known = null;
        if (aws.sandbox) {
            Sandbox sandbox = new Sandbox(sandboxDirectory());
            var running = startSandbox ? java.util.Optional.of(sandbox.ensureRunning()) : sandbox.status();
            URI endpoint = running.map(r -> r.endpoint()).orElse(URI.create("http://127.0.0.1:" + Sandbox.DEFAULT_PORT));
            settings = settings.withEndpoint(endpoint, true);
            engine = EngineSettings.forSandbox();
            if (running.isEmpty()) {
                if (stack.backend() != null) {
                    throw new UserException("the sandbox is not running, and the state of a stack with backend: " + stack.backend()
                            + " was kept in it: start it with `converge sandbox start` (it will be empty)");
                }
                known = Target.of(Sandbox.accountId(), stack.region(), null, true);
            }
        } else if (aws.endpoint != null) {
            settings = settings.withEndpoint(aws.endpoint, false);
        }
        if (global.debug()) settings = settings.withDebugLog(System.err);
        AwsSession session = new AwsSession(settings);
        try {
            Target target = known != null ? known : TargetStates.resolve(session, stack.region(), aws.sandbox);
            String line = "Target: " + target.describe();
            progress.line(target.kind().equals(Target.AWS) ? terminal.bold(line) : terminal.cyan(line));
            if (known != null) progress.line("note: the sandbox is not running: this is what its last apply recorded; its resources went with it");
            StateStore store = TargetStates.store(stack, target, aws.stateFile, session);
            StateStore legacy = TargetStates.legacyStore(stack, aws.stateFile, session);
            return new Workspace(stack, session, target, store, legacy, engine, progress, terminal);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Where the sandbox is remembered, found from any directory of the project (see {@link ProjectHome}).
     * CONVERGE_HOME overrides it, and the system property converge.home overrides both (end-to-end tests
     * run the CLI in-process, where the environment cannot be changed).
     */
    static Path sandboxDirectory() {
        String home = System.getProperty("converge.home", System.getenv("CONVERGE_HOME"));
        return home != null ? Path.of(home) : ProjectHome.find(Path.of("").toAbsolutePath());
    }

    /** The target's stored state (adopting a pre-target one once), bound to the target. */
    State readState() {
        return TargetStates.read(stack, target, store, legacyStore, progress);
    }

    /** The engine on this workspace's types, pacing and progress lines. */
    Engine engine() {
        return engine(settings);
    }

    /** The engine with other pacing (apply's --parallelism and --timeout). */
    Engine engine(EngineSettings pacing) {
        return new Engine(registry, pacing, progress);
    }

    /** "API calls: 12 reads, 7 writes", for the end of plan, apply and destroy. */
    String apiCalls() {
        long r = session.calls().reads();
        long w = session.calls().writes();
        return "AWS API calls: " + r + (r == 1 ? " read" : " reads") + ", " + w + (w == 1 ? " write" : " writes");
    }

    @Override
    public void close() {
        session.close();
    }
}
