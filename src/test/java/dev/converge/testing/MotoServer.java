package dev.converge.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real moto server for one test class (or suite), on a free loopback port. Tests call
 * {@link #reset()} between cases ({@code POST /moto-api/reset}) instead of restarting it.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts moto_server and waits until it answers; fails with a clear message if it is not installed. */
    public static MotoServer start() {
        return start(java.util.Map.of());
    }

    /**
     * Starts moto_server set up as {@code converge sandbox start} sets it up (the sandbox's image
     * catalog, so the example stacks' Ubuntu lookup finds an image, and its moto fixes), with
     * certificates issued after a second.
     */
    public static MotoServer startLikeSandbox() {
        return startLikeSandbox(java.util.Map.of());
    }

    /** As {@link #startLikeSandbox()}, with extra environment (e.g. {@code MOTO_ACCOUNT_ID} for a second account). */
    public static MotoServer startLikeSandbox(java.util.Map<String, String> extra) {
        try {
            java.util.Map<String, String> env = new java.util.HashMap<>(dev.converge.sandbox.MotoSetup.environment(
                    Files.createTempDirectory("moto-sandbox"), System.getenv("PYTHONPATH")));
            env.put("MOTO_ACM_VALIDATION_WAIT", "1");
            env.putAll(extra);
            return start(env);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts moto_server with extra environment (e.g. MOTO_ACM_VALIDATION_WAIT). */
    public static MotoServer start(java.util.Map<String, String> env) {
        String exe = findMoto();
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(exe, "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            MotoServer server = new MotoServer(p, port, log);
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server: " + e.getMessage(), e);
        }
    }

    private static String findMoto() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        throw new IllegalStateException("moto_server is not installed or not on PATH: these tests need it "
                + "(pip install 'moto[server]'; .ci/run checks for it)");
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Forgets every resource: each test starts from an empty account. */
    public void reset() {
        post("/moto-api/reset");
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start: " + tail());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() < 500) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("moto_server did not answer within " + timeout + ": " + tail());
    }

    private void post(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().close();
            int code = c.getResponseCode();
            if (code >= 300) throw new IllegalStateException("POST " + path + " answered " + code);
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + ": " + e.getMessage(), e);
        }
    }

    private String tail() {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
