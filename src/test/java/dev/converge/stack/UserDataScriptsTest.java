package dev.converge.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The user-data scripts of the example stacks: lint-clean, free of Converge expression syntax,
 * validating their inputs, and (for web-app.sh) serving what the load balancer's health check and
 * users expect. The embedded Python app is run for real, against a fake instance metadata service.
 */
class UserDataScriptsTest {

    private static final Path SCRIPTS = Path.of("stacks", "scripts");
    private static final Path WEB_APP = SCRIPTS.resolve("web-app.sh");
    private static final Path NGINX_CERTBOT = SCRIPTS.resolve("nginx-certbot.sh");
    private static final List<Path> ALL = List.of(WEB_APP, NGINX_CERTBOT);
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        for (AutoCloseable s : servers) s.close();
    }

    // --- lint and syntax -----------------------------------------------------------------------

    @Test
    void shellcheckFindsNothing() throws Exception {
        assumeShellcheck();
        for (Path script : ALL) {
            Result r = run(List.of("shellcheck", "--shell=bash", "--severity=style", "--format=gcc", script.toString()), Map.of(), 60);
            assertEquals(0, r.exit, "shellcheck findings in " + script + ":\n" + r.output);
        }
    }

    /** Both scripts reach instances through stack files; a Converge expression in them would be a trap. */
    @Test
    void scriptsContainNoExpressionSyntax() throws IOException {
        for (Path script : ALL) {
            List<String> lines = Files.readAllLines(script);
            for (int i = 0; i < lines.size(); i++) {
                assertFalse(lines.get(i).contains("${"), script + ":" + (i + 1) + " contains '${': " + lines.get(i));
            }
            assertEquals("#!/bin/bash", lines.get(0), script + " must start with #!/bin/bash");
            assertTrue(Files.readString(script).contains("set -euo pipefail"), script + " must use set -euo pipefail");
        }
    }

    /** The rule the scripts' headers state: the nginx-certbot stack's userData is its prelude plus the file, byte for byte. */
    @Test
    void fileContentReachesUserDataVerbatim() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.copy(NGINX_CERTBOT, dir.resolve("scripts/nginx-certbot.sh"));
        Files.writeString(dir.resolve("scripts/braces.sh"), "echo \"${HOME}\" $${x}\n");
        Path stackFile = dir.resolve("stack.yaml");
        Files.writeString(stackFile, """
                stack: demo
                variables:
                  domain: { type: string, default: www.example.com }
                  email: { type: string, default: admin@example.com }
                resources:
                  server:
                    type: test.Server
                    properties:
                      networkId: net-1
                      image: img-1
                      password: |
                        #!/bin/bash
                        export DOMAIN='${var.domain}' EMAIL='${var.email}'
                        ${file("scripts/nginx-certbot.sh")}
                  other:
                    type: test.Server
                    properties:
                      networkId: net-1
                      image: ${file("scripts/braces.sh")}
                """);
        Stack stack = new StackLoader(FakeProvider.registry(new FakeCloud())).load(stackFile, VariableInputs.none());

        Object userData = stack.instance(Address.resource("server")).properties().get("password");
        assertEquals("#!/bin/bash\nexport DOMAIN='www.example.com' EMAIL='admin@example.com'\n"
                + Files.readString(NGINX_CERTBOT) + "\n", userData);
        assertEquals("echo \"${HOME}\" $${x}\n", stack.instance(Address.resource("other")).properties().get("image"),
                "file() output is not interpolated: escaping would reach bash as $$");
    }

    // --- nginx-certbot.sh inputs ---------------------------------------------------------------

    @Test
    void nginxCertbotRefusesMissingOrUnsafeInputsBeforeTouchingTheSystem() throws Exception {
        Path marker = dir.resolve("dnf-was-called");
        Path bin = fakeDnf(marker);

        assertRefused(bin, marker, Map.of(), "DOMAIN is not set");
        assertRefused(bin, marker, Map.of("DOMAIN", "www.example.com"), "EMAIL is not set");
        assertRefused(bin, marker, Map.of("DOMAIN", "", "EMAIL", "admin@example.com"), "DOMAIN is not set");
        assertRefused(bin, marker, Map.of("DOMAIN", "www.example.com;reboot", "EMAIL", "admin@example.com"), "is not a lower-case DNS name");
        assertRefused(bin, marker, Map.of("DOMAIN", "www.example.com", "EMAIL", "admin example.com"), "is not an e-mail address");

        Result ok = run(List.of("bash", NGINX_CERTBOT.toString()),
                env(bin, Map.of("DOMAIN", "www.example.com", "EMAIL", "admin@example.com")), 30);
        assertTrue(Files.exists(marker), "valid inputs go on to install packages:\n" + ok.output);
        assertTrue(Files.readString(marker).contains("install -y -q nginx"), Files.readString(marker));
    }

    private void assertRefused(Path bin, Path marker, Map<String, String> vars, String message) throws Exception {
        Result r = run(List.of("bash", NGINX_CERTBOT.toString()), env(bin, vars), 30);
        assertEquals(1, r.exit, vars + ":\n" + r.output);
        assertTrue(r.output.contains(message), vars + ": expected '" + message + "' in:\n" + r.output);
        assertFalse(Files.exists(marker), vars + ": the script went on to dnf");
    }

    /**
     * A dnf that records it was called and then kills the script that called it: the script goes no
     * further (it would retry a failing dnf, then change the system), so the test can never install anything.
     */
    private Path fakeDnf(Path marker) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path dnf = bin.resolve("dnf");
        Files.writeString(dnf, "#!/bin/sh\necho \"$@\" > '" + marker + "'\nkill -KILL $PPID\nexit 99\n");
        assertTrue(dnf.toFile().setExecutable(true));
        return bin;
    }

    private static Map<String, String> env(Path bin, Map<String, String> vars) {
        Map<String, String> env = new java.util.HashMap<>(vars);
        env.put("PATH", bin + ":/usr/bin:/bin");
        return env;
    }

    // --- the web app ---------------------------------------------------------------------------

    @Test
    void webAppServesHealthPageAndNotFound() throws Exception {
        HttpServer imds = fakeImds("i-0123456789abcdef0", "ap-northeast-2c");
        int port = startApp("http://127.0.0.1:" + imds.getAddress().getPort());

        HttpResponse<String> health = get(port, "/health");
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.body().strip());

        HttpResponse<String> page = get(port, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<code>i-0123456789abcdef0</code>"), page.body());
        assertTrue(page.body().contains("<code>ap-northeast-2c</code>"), page.body());

        assertEquals(404, get(port, "/nope").statusCode());
        assertEquals(404, get(port, "/health/extra").statusCode());
        assertEquals(200, get(port, "/health?from=alb").statusCode());
        assertFalse(health.headers().firstValue("Server").orElse("").contains("Python"), "no Python version in Server header");
    }

    /** Off EC2, or with the metadata service disabled, the page still comes up quickly and says so. */
    @Test
    void webAppSaysUnknownWhenMetadataDoesNotAnswer() throws Exception {
        // Accepts connections (the kernel queues them) but never answers: the worst case, a timeout.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(silent);
        long start = System.nanoTime();
        int port = startApp("http://127.0.0.1:" + silent.getLocalPort());
        Duration startup = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(startup.compareTo(Duration.ofSeconds(4)) < 0, "metadata timeout must be short; startup took " + startup);

        assertEquals(200, get(port, "/health").statusCode());
        HttpResponse<String> page = get(port, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("instance <code>unknown</code>"), page.body());
        assertTrue(page.body().contains("zone <code>unknown</code>"), page.body());
    }

    /** A metadata service that, like IMDSv2 with tokens required, refuses reads without a session token. */
    private HttpServer fakeImds(String instanceId, String zone) throws IOException {
        String token = "token-" + System.nanoTime();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/latest/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/latest/api/token")) {
                boolean valid = exchange.getRequestMethod().equals("PUT")
                        && exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null;
                reply(exchange, valid ? 200 : 400, valid ? token : "");
            } else if (!token.equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
                reply(exchange, 401, "");
            } else if (path.equals("/latest/meta-data/instance-id")) {
                reply(exchange, 200, instanceId);
            } else if (path.equals("/latest/meta-data/placement/availability-zone")) {
                reply(exchange, 200, zone);
            } else {
                reply(exchange, 404, "");
            }
        });
        server.start();
        servers.add(() -> server.stop(0));
        return server;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Runs the app from web-app.sh on a port the OS picks and returns that port once it listens. */
    private int startApp(String imdsEndpoint) throws Exception {
        assumeTrue(commandExists("python3"), "python3 is not installed");
        Path app = dir.resolve("app.py");
        Files.writeString(app, embeddedApp());
        ProcessBuilder pb = new ProcessBuilder("python3", app.toString()).redirectErrorStream(true);
        pb.environment().put("CONVERGE_WEB_PORT", "0");
        pb.environment().put("CONVERGE_WEB_IMDS", imdsEndpoint);
        Process p = pb.start();
        processes.add(p);
        StringBuilder log = new StringBuilder();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) listening.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
            listening.completeExceptionally(new IllegalStateException("app exited before listening"));
        }, "app-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int port = listening.get(15, TimeUnit.SECONDS);
            assertNotEquals(0, port);
            return port;
        } catch (Exception e) {
            synchronized (log) {
                return fail("the app did not start: " + e + "\n" + log);
            }
        }
    }

    /** The Python program between the {@code <<'PYTHON'} heredoc markers of web-app.sh. */
    static String embeddedApp() throws IOException {
        List<String> lines = Files.readAllLines(WEB_APP);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (start < 0 && lines.get(i).endsWith("<<'PYTHON'")) {
                start = i + 1;
            } else if (start >= 0 && lines.get(i).equals("PYTHON")) {
                return String.join("\n", lines.subList(start, i)) + "\n";
            }
        }
        throw new AssertionError("no <<'PYTHON' heredoc in " + WEB_APP);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- process helpers -----------------------------------------------------------------------

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS));
    }

    private static boolean commandExists(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** CI installs shellcheck (.ci/run), so there a missing one is a failure; locally the test is skipped. */
    private static void assumeShellcheck() {
        if (commandExists("shellcheck")) return;
        if (System.getenv("CI") != null) fail("shellcheck is not installed, and CI must lint the user-data scripts (.ci/run installs it)");
        assumeTrue(false, "shellcheck is not installed: install it (apt-get install shellcheck) to lint the user-data scripts");
    }
}
