package dev.converge.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import dev.converge.json.Json;
import dev.converge.sandbox.SandboxInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CLI's {@code --sandbox} pointed at a moto server this class starts, for every test of a class:
 * moto set up as {@code converge sandbox start} sets it up ({@link MotoServer#startLikeSandbox()}),
 * optionally a proxy in front of it that puts back AWS behaviour moto lacks, a copy of the example
 * stacks in a temporary directory, and a sandbox record ({@code sandbox.json}) in a temporary
 * {@code converge.home} that names moto's process and the address the CLI should reach (the proxy's,
 * if there is one). The {@code converge.home} property is restored and everything is closed and
 * deleted after the last test. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MotoSandbox<FaultProxy> sandbox = MotoSandbox.behindFaultProxy();
 * }</pre>
 *
 * It is set up before the class's own {@code @BeforeAll} methods run, so those can adjust what
 * differs (a stack edit, the proxy's behaviour such as {@code sandbox.proxy().targets.drainAsAws()}),
 * and closed after its {@code @AfterAll} methods.
 *
 * <p>Unlike {@code e2e.SandboxStack}, which runs {@code converge sandbox start} itself, the test holds
 * moto and the proxy, so it can reset the account, arm faults and see every call.
 *
 * @param <P> what stands in front of moto ({@link Void}: nothing, the CLI reaches moto itself)
 */
public final class MotoSandbox<P> implements BeforeAllCallback, AfterAllCallback {

    private final Function<URI, P> startProxy;
    private final Function<P, URI> proxyEndpoint;
    private final Consumer<P> stopProxy;
    private final Cli cli = new Cli("--no-color");
    private MotoServer moto;
    private P proxy;
    private Path dir;
    private String previousHome;

    private MotoSandbox(Function<URI, P> startProxy, Function<P, URI> proxyEndpoint, Consumer<P> stopProxy) {
        this.startProxy = startProxy;
        this.proxyEndpoint = proxyEndpoint;
        this.stopProxy = stopProxy;
    }

    /** The CLI reaches moto directly. */
    public static MotoSandbox<Void> direct() {
        return new MotoSandbox<>(moto -> null, null, none -> { });
    }

    /** The CLI reaches moto through a {@link FaultProxy}. */
    public static MotoSandbox<FaultProxy> behindFaultProxy() {
        return new MotoSandbox<>(FaultProxy::new, FaultProxy::endpoint, FaultProxy::close);
    }

    /**
     * The CLI reaches moto through a plain WireMock proxy with only the given extensions (such as
     * {@link TargetHealthTiming}), without the AWS behaviour a {@link FaultProxy} adds.
     */
    public static MotoSandbox<WireMockServer> behindWireMock(Extension... extensions) {
        return new MotoSandbox<>(moto -> {
            WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(extensions));
            server.start();
            server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.toString())));
            return server;
        }, server -> URI.create("http://127.0.0.1:" + server.port()), WireMockServer::stop);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        moto = MotoServer.startLikeSandbox();
        proxy = startProxy.apply(moto.endpoint());
        dir = Files.createTempDirectory("converge-moto-sandbox");
        copyStacks(Path.of("stacks"), dir.resolve("stacks"));
        Files.createDirectories(home());
        URI endpoint = endpoint();
        SandboxInfo sandbox = new SandboxInfo(moto.pid(), endpoint.getPort(), endpoint, Instant.now().toString(),
                dir.resolve("moto.log").toString());
        Files.writeString(home().resolve("sandbox.json"), Json.write(sandbox));
        previousHome = System.getProperty("converge.home");
        System.setProperty("converge.home", home().toString());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (previousHome == null) System.clearProperty("converge.home");
        else System.setProperty("converge.home", previousHome);
        try {
            if (proxy != null) stopProxy.accept(proxy);
        } finally {
            if (moto != null) moto.close();
            proxy = null;
            moto = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(f);
            }
            dir = null;
        }
    }

    /** The moto server behind the sandbox: reset it, or read the account directly. */
    public MotoServer moto() {
        return started(moto);
    }

    /** What stands in front of moto, to arm faults and see the calls; null for {@link #direct()}. */
    public P proxy() {
        started(moto);
        return proxy;
    }

    /** The address the sandbox record gives the CLI: the proxy's, or moto's if there is none. */
    public URI endpoint() {
        return proxy == null ? moto().endpoint() : proxyEndpoint.apply(proxy);
    }

    /** The class's temporary directory: the copied stacks are in {@code stacks/}, the converge home in {@code home/}. */
    public Path dir() {
        return started(dir);
    }

    /** The converge home that holds the sandbox record (for a {@code converge} process: CONVERGE_HOME). */
    public Path home() {
        return dir().resolve("home");
    }

    /** A copied example stack, such as {@code elb-https.yaml}. */
    public Path stack(String name) {
        return dir().resolve("stacks").resolve(name);
    }

    /** The command line, run in-process with {@code --no-color}. */
    public Cli cli() {
        return cli;
    }

    /** Runs a command and asserts its exit code, showing everything it printed when it differs. */
    public Cli.Result expect(int exitCode, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(exitCode, r.exitCode(), () -> "converge " + String.join(" ", args) + "\n" + r);
        return r;
    }

    /** Copies a directory tree (the example stacks, say) to {@code to}. */
    public static void copyStacks(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                // Not the states and locks a developer's own runs left next to the stacks (bin/converge
                // apply stacks/... --sandbox): a test starts from an empty account and no state.
                if (from.relativize(f).toString().startsWith(".converge")) continue;
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("the moto sandbox is not running: register MotoSandbox with "
                    + "@RegisterExtension on a static field, and use it only while the class's tests run");
        }
        return part;
    }
}
