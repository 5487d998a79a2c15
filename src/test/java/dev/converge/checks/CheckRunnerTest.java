package dev.converge.checks;

import com.sun.net.httpserver.HttpServer;
import dev.converge.addr.Address;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks of a stack against a local HTTP server (127.0.0.1, a free port): what passes, what
 * fails and with what it received, retries until the deadline, and what the sandbox skips.
 */
class CheckRunnerTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger unavailableFor = new AtomicInteger();
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            boolean down = unavailableFor.getAndDecrement() > 0;
            byte[] body = (down ? "starting" : "ok: app healthy").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            byte[] body = "<h1>502 Bad Gateway</h1>\n<p>nginx</p>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Stack stack(String checks) throws IOException {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, "stack: demo\nvariables:\n  base: { type: string }\nresources:\n"
                + "  net: { type: test.Network, properties: { name: a, cidr: 10.0.0.0/16 } }\nchecks:\n" + checks);
        return new StackLoader(FakeProvider.registry(new FakeCloud())).load(file,
                new VariableInputs(Map.of("base", base()), List.of(), Map.of()));
    }

    private List<CheckResult> run(Stack stack, boolean sandbox) {
        return run(stack, sandbox ? CheckRunner.NotAws.SANDBOX : null);
    }

    private List<CheckResult> run(Stack stack, CheckRunner.NotAws notAws) {
        return new CheckRunner(stack, a -> a.equals(Address.resource("net")) ? Map.of("id", "net-1") : null, notAws, progress::add).runAll();
    }

    @Test
    void aHealthyUrlPassesWithItsStatusAndTime() throws IOException {
        List<CheckResult> results = run(stack("  health: { url: \"${var.base}/health\", status: 2xx, body: healthy }\n"), false);
        CheckResult r = results.get(0);
        assertEquals(CheckResult.Outcome.PASSED, r.outcome(), r::toString);
        assertEquals("200", r.detail());
        assertEquals(base() + "/health", r.target());
        assertEquals(1, r.attempts());
        String printed = print(results);
        assertTrue(printed.matches("(?s)✓ health  " + java.util.regex.Pattern.quote(base()) + "/health  200 in \\d+ ms\n.*"), printed);
        assertTrue(printed.contains("Checks: 1 passed, 0 failed, 0 skipped."), printed);
    }

    @Test
    void aWrongStatusFailsWithWhatWasReceived() throws IOException {
        CheckResult r = run(stack("  health: { url: \"${var.base}/broken\", within: 0s }\n"), false).get(0);
        assertEquals(CheckResult.Outcome.FAILED, r.outcome());
        assertEquals("expected 200, got 502; body: \"<h1>502 Bad Gateway</h1> <p>nginx</p>\"", r.detail());
        assertEquals(1, r.attempts());
    }

    @Test
    void aBodyWithoutTheExpectedTextFails() throws IOException {
        CheckResult r = run(stack("  health: { url: \"${var.base}/health\", body: \"status: green\", within: 0s }\n"), false).get(0);
        assertEquals(CheckResult.Outcome.FAILED, r.outcome());
        assertEquals("got 200 but the body does not contain \"status: green\"; body: \"ok: app healthy\"", r.detail());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutFails() throws IOException {
        long start = System.nanoTime();
        CheckResult r = run(stack("  health: { url: \"${var.base}/slow\", timeout: 300ms, within: 0s }\n"), false).get(0);
        assertEquals(CheckResult.Outcome.FAILED, r.outcome());
        assertEquals("no answer within 300 ms", r.detail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500, "gave up at the timeout, not at the answer");
    }

    @Test
    void aSiteThatIsStillStartingIsRetriedUntilItAnswers() throws IOException {
        unavailableFor.set(2);
        CheckResult r = run(stack("  health: { url: \"${var.base}/health\", within: 30s }\n"), false).get(0);
        assertEquals(CheckResult.Outcome.PASSED, r.outcome(), r::toString);
        assertEquals(3, r.attempts());
        assertEquals(1, progress.size(), "one line when it starts failing, not one per attempt: " + progress);
        assertTrue(progress.get(0).startsWith("check health: expected 200, got 503; body: \"starting\"; trying again for up to "), progress::toString);
    }

    @Test
    void nothingListeningIsAFailureThatSaysSo() throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);
        CheckResult r = run(stack("  health: { url: \"http://127.0.0.1:" + port + "/health\", within: 0s }\n"), false).get(0);
        assertEquals("connection to 127.0.0.1:" + port + " refused", r.detail());
    }

    @Test
    void theSandboxSkipsWhatIsNotOnThisMachineAndChecksLoopback() throws IOException {
        Stack stack = stack("  site: { url: \"https://www.example.com/health?net=${resources.net.id}\" }\n"
                + "  local: { url: \"${var.base}/health\" }\n"
                + "  dns: { dns: www.example.com, resolvesTo: 203.0.113.10 }\n");
        List<CheckResult> results = run(stack, true);
        assertEquals(CheckResult.Outcome.SKIPPED, results.get(0).outcome());
        assertEquals("https://www.example.com/health?net=net-1", results.get(0).target(), "resolved from the recorded values");
        assertEquals("skipped in the sandbox", results.get(0).detail());
        assertEquals(CheckResult.Outcome.PASSED, results.get(1).outcome());
        assertEquals(CheckResult.Outcome.SKIPPED, results.get(2).outcome());
        assertEquals("www.example.com → 203.0.113.10", results.get(2).target());
        assertTrue(print(results).contains("Checks: 1 passed, 0 failed, 2 skipped.\nIn the sandbox the instances run nothing"), print(results));
    }

    @Test
    void anotherEndpointThanAwsSkipsLikeTheSandboxAndSaysWhere() throws IOException {
        Stack stack = stack("  site: { url: \"https://www.example.com/health\" }\n  other: { url: \"https://www.example.org/\" }\n"
                + "  local: { url: \"${var.base}/health\" }\n");
        List<CheckResult> results = run(stack, CheckRunner.NotAws.endpoint("http://localhost:4566"));
        assertEquals("skipped: AWS calls go to http://localhost:4566", results.get(0).detail());
        assertEquals(CheckResult.Outcome.PASSED, results.get(2).outcome());
        String printed = print(results);
        assertEquals(1, printed.lines().filter(l -> l.startsWith("AWS calls go to http://localhost:4566, not to AWS")).count(),
                "the reason once, however many were skipped:\n" + printed);
    }

    @Test
    void aCheckOfSomethingNotAppliedYetFailsAndSaysWhat() throws IOException {
        Stack stack = stack("  site: { url: \"http://127.0.0.1/health?net=${resources.net.id}\" }\n");
        CheckResult r = new CheckRunner(stack, a -> null, null, progress::add).runAll().get(0);
        assertEquals(CheckResult.Outcome.FAILED, r.outcome());
        assertEquals("it refers to net, which is not applied yet: run `converge apply` first", r.detail());
        assertEquals(List.of(Address.resource("net")), stack.checks().get("site").dependsOn());
    }

    @Test
    void aDnsCheckComparesTheAddressesOfTheNameWithThoseOfItsTarget() throws IOException {
        List<CheckResult> results = run(stack("  same: { dns: localhost, resolvesTo: localhost }\n"
                + "  other: { dns: localhost, resolvesTo: 192.0.2.1, within: 0s }\n"), false);
        assertEquals(CheckResult.Outcome.PASSED, results.get(0).outcome(), results.get(0)::toString);
        assertEquals(CheckResult.Outcome.FAILED, results.get(1).outcome());
        assertTrue(results.get(1).detail().startsWith("localhost resolves to ") && results.get(1).detail().endsWith(", not to 192.0.2.1 (192.0.2.1)"),
                results.get(1)::toString);
    }

    private static String print(List<CheckResult> results) {
        StringWriter w = new StringWriter();
        CheckReport.print(results, new PrintWriter(w, true), new CheckReport.Style() {
            public String passed(String s) {
                return s;
            }

            public String failed(String s) {
                return s;
            }

            public String skipped(String s) {
                return s;
            }
        });
        return w.toString();
    }
}
