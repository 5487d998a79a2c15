package dev.converge.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack's {@code checks:} through the command line, in the sandbox, against a local HTTP server
 * (loopback addresses are checked there): run after apply, and again by {@code converge check},
 * with what was received when they fail. The URL names a resource, so it is resolved from the state.
 */
class ChecksIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();
    static HttpServer server;
    /** What /health answers: status and body, changed by each test. */
    static final Map<String, String> answer = new ConcurrentHashMap<>(Map.of("status", "200", "body", "ok"));
    static final Map<String, String> lastQuery = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            lastQuery.put("query", String.valueOf(exchange.getRequestURI().getQuery()));
            if (answer.containsKey("sleep")) {
                try {
                    Thread.sleep(Long.parseLong(answer.get("sleep")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.get("body").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer.get("status")), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a slow answer must not hold up the next
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private Path stack(String name) throws IOException {
        Path file = sandbox.dir.resolve(name + ".yaml");
        Files.writeString(file, """
                stack: %s
                variables:
                  port: { type: number }
                data:
                  vpc: { type: aws.ec2.DefaultVpc }
                resources:
                  web:
                    type: aws.ec2.SecurityGroup
                    properties:
                      name: ${stack.name}-web
                      description: checks
                      vpcId: ${data.vpc.id}
                checks:
                  health:
                    url: http://127.0.0.1:${var.port}/health?group=${resources.web.id}
                    status: 2xx
                    body: ok
                    timeout: 1s
                    within: 0s
                """.formatted(name));
        return file;
    }

    private String port() {
        return "port=" + server.getAddress().getPort();
    }

    @Test
    void applyRunsTheChecksOnceEverythingIsRecordedAndCheckRunsThemAgain() throws IOException {
        answer.putAll(Map.of("status", "200", "body", "ok: healthy"));
        answer.remove("sleep");
        String file = stack("checks-pass").toString();
        Cli.Result apply = sandbox.expect(0, "apply", file, "--sandbox", "--auto-approve", "--var", port());
        assertTrue(apply.out().matches("(?s).*Apply complete: 1 added.*\n\nChecks:\n✓ health  http://127\\.0\\.0\\.1:\\d+/health\\?group=sg-\\w+  200 in \\d+ ms\n"
                + "Checks: 1 passed, 0 failed, 0 skipped\\.\n.*"), apply::toString);
        assertTrue(lastQuery.get("query").matches("group=sg-\\w+"), "the URL was resolved from the applied resource: " + lastQuery);

        Cli.Result check = sandbox.expect(0, "check", file, "--sandbox", "--var", port());
        assertTrue(check.out().contains("✓ health  http://127.0.0.1:") && check.out().contains("Checks: 1 passed"), check::toString);
        sandbox.expect(0, "destroy", file, "--sandbox", "--auto-approve", "--var", port());
    }

    @Test
    void aFailingCheckMakesApplyExit1AfterEverythingIsRecordedAndSaysWhatItGot() throws IOException {
        answer.putAll(Map.of("status", "503", "body", "upstream not ready"));
        answer.remove("sleep");
        String file = stack("checks-fail").toString();
        Cli.Result apply = sandbox.expect(1, "apply", file, "--sandbox", "--auto-approve", "--var", port());
        assertTrue(apply.out().contains("Apply complete: 1 added"), apply::toString);
        assertTrue(apply.out().matches("(?s).*✗ health  http://127\\.0\\.0\\.1:\\d+/health\\?group=sg-\\w+  expected 2xx, got 503; "
                + "body: \"upstream not ready\" \\(1 attempt in \\d+ ms\\)\nChecks: 0 passed, 1 failed, 0 skipped\\..*"), apply::toString);
        sandbox.expect(0, "plan", file, "--sandbox", "--var", port(), "--detailed-exitcode");

        answer.putAll(Map.of("status", "200", "body", "maintenance"));
        Cli.Result body = sandbox.expect(1, "check", file, "--sandbox", "--var", port());
        assertTrue(body.out().contains("got 200 but the body does not contain \"ok\"; body: \"maintenance\""), body::toString);

        answer.putAll(Map.of("status", "200", "body", "ok", "sleep", "3000"));
        Cli.Result slow = sandbox.expect(1, "check", file, "--sandbox", "--var", port());
        assertTrue(slow.out().contains("no answer within 1000 ms"), slow::toString);
        answer.remove("sleep");

        sandbox.expect(0, "check", file, "--sandbox", "--var", port());
        sandbox.expect(0, "destroy", file, "--sandbox", "--auto-approve", "--var", port());
    }

    @Test
    void checkBeforeAnyApplySaysWhatIsMissing() throws IOException {
        String file = stack("checks-none").toString();
        Cli.Result check = sandbox.expect(1, "check", file, "--sandbox", "--var", port());
        assertTrue(check.out().contains("✗ health") && check.out().contains("it refers to web, which is not applied yet: run `converge apply` first"),
                check::toString);
    }
}
