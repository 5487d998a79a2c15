package dev.converge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built jar run as its own process, for what an in-process run cannot show: signals and a
 * process killed outright. Standard output and error are read as one stream, line by line.
 */
public final class ConvergeProcess implements AutoCloseable {

    /** Built by the package phase, which runs before the integration tests. */
    public static final Path JAR = Path.of("target", "converge.jar");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ConvergeProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "converge-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static ConvergeProcess start(Path workingDirectory, Map<String, String> environment, String... args) {
        if (!Files.isRegularFile(JAR)) throw new IllegalStateException(JAR + " is missing: run mvn verify, which packages it first");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new ConvergeProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process is gone: what was read is kept.
        }
    }

    /** Waits until a line matches; fails with everything printed so far if none does in time. */
    public String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String l : lines) if (matches.test(l)) return l;
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("no such line within " + timeout + "; output:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * SIGTERM, as a cancelled CI job sends (Ctrl-C's SIGINT takes the same path in Converge). Sent
     * through the process handle: Process.destroy would also close our end of its output, and the
     * process would then write into a broken pipe.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL: no handler runs. Returns once the process is gone. */
    public void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the killed process did not end: " + e);
        }
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("converge did not exit within " + timeout + "; output:\n" + output());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines) + "\n";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
