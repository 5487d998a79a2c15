package dev.converge.cli;

import dev.converge.engine.EngineSettings;
import dev.converge.engine.Progress;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.provider.aws.AwsSession;
import dev.converge.provider.aws.AwsSettings;
import dev.converge.sandbox.Sandbox;
import dev.converge.secrets.SensitiveStrings;
import dev.converge.stack.Stack;
import dev.converge.state.LocalStateStore;
import dev.converge.state.S3StateStore;
import dev.converge.state.State;
import dev.converge.state.StateStore;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/**
 * Everything a command that talks to AWS needs, opened once: the loaded stack, the AWS session
 * (or the sandbox's), the types bound to it, the state store and the engine's pacing. The stack is
 * loaded and validated before any AWS client exists: bad input never reaches AWS.
 */
final class Workspace implements AutoCloseable {

    final Stack stack;
    final AwsSession session;
    final TypeRegistry registry;
    final StateStore store;
    final EngineSettings settings;
    final Progress progress;
    final Terminal terminal;

    private Workspace(Stack stack, AwsSession session, StateStore store, EngineSettings settings, Progress progress,
                      Terminal terminal) {
        this.stack = stack;
        this.session = session;
        this.registry = AwsProvider.registry(session);
        this.store = store;
        this.settings = settings;
        this.progress = progress;
        this.terminal = terminal;
    }

    static Workspace open(Stack stack, AwsOptions aws, GlobalOptions global, PrintWriter out) {
        Terminal terminal = global.terminal();
        Progress progress = line -> {
            synchronized (out) {
                out.println(SensitiveStrings.scrub(line)); // progress names physical ids, which can hold names
                out.flush();
            }
        };
        // The stack was loaded with --region applied (StackLoading), so its region is the one to use.
        AwsSettings settings = AwsSettings.defaults(stack.region()).withProfile(aws.profile);
        EngineSettings engine = EngineSettings.forAws();
        if (aws.sandbox) {
            URI endpoint = new Sandbox(sandboxDirectory()).ensureRunning().endpoint();
            out.println(terminal.cyan(Sandbox.banner(endpoint)));
            settings = settings.withEndpoint(endpoint, true);
            engine = EngineSettings.forSandbox();
        } else if (aws.endpoint != null) {
            settings = settings.withEndpoint(aws.endpoint, false);
        }
        if (global.debug) settings = settings.withDebugLog(System.err);
        AwsSession session = new AwsSession(settings);
        StateStore store = stack.backend() != null
                ? S3StateStore.fromUri(stack.backend(), session)
                : new LocalStateStore(aws.stateFile != null ? aws.stateFile : LocalStateStore.defaultPath(stack.file(), stack.name()));
        return new Workspace(stack, session, store, engine, progress, terminal);
    }

    /**
     * Where the sandbox is remembered: .converge in the working directory. CONVERGE_HOME overrides it,
     * and the system property converge.home overrides both (end-to-end tests run the CLI in-process,
     * where the environment cannot be changed).
     */
    static Path sandboxDirectory() {
        String home = System.getProperty("converge.home", System.getenv("CONVERGE_HOME"));
        return home != null ? Path.of(home) : Path.of(".converge");
    }

    /**
     * The stored state, bound to the region this run works in. A state that still tracks resources in
     * another region is refused: refreshing them here would find nothing, plan them anew, and forget
     * the originals (which would still cost money over there).
     */
    State readState() {
        State state = store.read().orElseGet(() -> State.empty(stack.name(), stack.region()));
        if (state.region() == null || state.region().equals(stack.region())) return state.withRegion(stack.region());
        if (state.resources().isEmpty() && state.pending().isEmpty()) return state.withRegion(stack.region());
        throw new UserException("the state in " + store.describe() + " tracks this stack's resources in " + state.region()
                + ", not " + stack.region() + ": run with --region " + state.region() + ", or give the stack in " + stack.region() + " its own state "
                + (stack.backend() != null ? "(a stack file with another backend key)" : "with --state FILE"));
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
