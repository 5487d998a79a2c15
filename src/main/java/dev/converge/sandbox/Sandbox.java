package dev.converge.sandbox;

import dev.converge.json.Json;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The local sandbox: one moto server on 127.0.0.1, started in the background and remembered in
 * {@code sandbox.json} so later commands reuse it. moto is an independent implementation of the AWS
 * APIs: Converge talks to it through the same SDK calls as to AWS (an endpoint override), never
 * through a separate code path. It keeps everything in memory: stopping it forgets the account.
 */
public final class Sandbox {

    public static final int DEFAULT_PORT = 4566;
    /** The account moto answers as when MOTO_ACCOUNT_ID is not set. */
    static final String MOTO_DEFAULT_ACCOUNT = "123456789012";
    static final String EXECUTABLE = "moto_server";
    /** A JVM cannot hold one file lock twice: its own threads queue here first. */
    private static final Object IN_THIS_PROCESS = new Object();

    /** How long a running sandbox may take to answer before a command gives up on it (moto is slow on a loaded machine). */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Path directory;
    private final Function<String, Optional<Path>> findExecutable;
    private final Duration patience;

    public Sandbox(Path directory) {
        this(directory, Sandbox::onPath, PATIENCE);
    }

    /** {@code findExecutable} locates moto_server (tests replace it to simulate a machine without moto). */
    Sandbox(Path directory, Function<String, Optional<Path>> findExecutable) {
        this(directory, findExecutable, PATIENCE);
    }

    /** {@code patience}: how long {@link #status} waits for a running sandbox that does not answer yet. */
    Sandbox(Path directory, Function<String, Optional<Path>> findExecutable, Duration patience) {
        this.directory = directory;
        this.findExecutable = findExecutable;
        this.patience = patience;
    }

    /**
     * The account of a sandbox started now: moto's own default, or MOTO_ACCOUNT_ID, which the
     * sandbox inherits from this process's environment when it starts (see {@link #launch}). Known
     * without starting anything, so reading a sandbox target's local state needs no sandbox.
     */
    public static String accountId() {
        String configured = System.getenv("MOTO_ACCOUNT_ID");
        return configured == null || configured.isBlank() ? MOTO_DEFAULT_ACCOUNT : configured.strip();
    }

    /** The running sandbox, or a new one on the default port. */
    public SandboxInfo ensureRunning() {
        return status().orElseGet(() -> start(DEFAULT_PORT));
    }

    /** The running sandbox, or a new one on {@code port}. */
    public SandboxInfo start(int port) {
        return exclusively(() -> status().orElseGet(() -> launch(port)));
    }

    /**
     * Runs {@code action} while holding the sandbox's lock file: two commands started together
     * (two terminals, or a test suite) must not both find no sandbox and both launch one, which
     * left one moto_server running unrecorded and failed both commands on the taken port.
     */
    private static <T> T exclusively(Path directory, Supplier<T> action) {
        synchronized (IN_THIS_PROCESS) {
            try {
                Files.createDirectories(directory);
                try (FileChannel channel = FileChannel.open(directory.resolve("sandbox.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                    return action.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the sandbox directory " + directory + ": " + e.getMessage(), e);
            }
        }
    }

    private <T> T exclusively(Supplier<T> action) {
        return exclusively(directory, action);
    }

    private SandboxInfo launch(int port) {
        Path exe = findExecutable.apply(EXECUTABLE).orElseThrow(() -> new SandboxException(
                "moto_server not found on PATH: the sandbox needs it; install it with pip install 'moto[server]'"));
        if (!portFree(port)) {
            throw new SandboxException("port " + port + " on 127.0.0.1 is taken by another program; "
                    + "start the sandbox elsewhere with `converge sandbox start --port N`");
        }
        try {
            Files.createDirectories(directory);
            Path log = directory.resolve("sandbox.log");
            List<String> command = new ArrayList<>();
            // setsid: its own session, so a Ctrl-C in this terminal does not stop the sandbox too.
            if (onPath("setsid").isPresent()) command.add("setsid");
            command.addAll(List.of(exe.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port)));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // Certificates issue after 5 s: an apply shows the validation wait without lasting a minute.
            pb.environment().putIfAbsent("MOTO_ACM_VALIDATION_WAIT", "5");
            pb.environment().putAll(MotoSetup.environment(directory, pb.environment().get("PYTHONPATH")));
            Process p = pb.start();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            awaitReady(p, endpoint, log, Duration.ofSeconds(30));
            // setsid execs moto_server in place (a child is never a group leader): the pid is moto's.
            SandboxInfo info = new SandboxInfo(p.pid(), port, endpoint, Instant.now().toString(), log.toString());
            Files.writeString(record(), Json.write(info), StandardCharsets.UTF_8);
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox: " + e.getMessage(), e);
        }
    }

    /** Stops the sandbox; false if none was running. */
    public boolean stop() {
        return exclusively(this::stopLocked);
    }

    private boolean stopLocked() {
        Optional<SandboxInfo> info = recorded();
        if (info.isEmpty()) return false;
        Optional<ProcessHandle> h = running(info.get());
        h.ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception timeout) {
                process.destroyForcibly();
            }
        });
        forget();
        return h.isPresent();
    }

    /**
     * The running sandbox; a record whose process is gone is cleaned up. A sandbox whose process
     * runs is never forgotten, however slowly it answers: forgetting it left its moto_server running
     * unrecorded on its port, where the next command's new sandbox could not start (moto took over
     * 2 s to answer on a loaded machine). It is waited for up to {@link #PATIENCE}, then reported.
     */
    public Optional<SandboxInfo> status() {
        Optional<SandboxInfo> info = recorded();
        if (info.isEmpty()) return info;
        Optional<ProcessHandle> process = running(info.get());
        boolean answered = process.isPresent() && answersWhileAlive(process.get(), info.get().endpoint(), patience);
        if (!answered && (process.isEmpty() || !process.get().isAlive())) {
            // Gone, before or while it was waited for.
            forget();
            return Optional.empty();
        }
        if (!answered) {
            throw new SandboxException("the sandbox (moto_server, pid " + info.get().pid() + ", port " + info.get().port()
                    + ") is running but has not answered for " + patience.toSeconds() + " s (log: " + info.get().logFile()
                    + "); stop it with `converge sandbox stop`, or wait and try again");
        }
        return info;
    }

    /**
     * The recorded sandbox's process, if it still runs: alive and moto (a pid reused by another
     * program is not the sandbox). Its port is not checked: the recorded endpoint may be a proxy in
     * front of moto (the end-to-end tests put WireMock there).
     */
    private static Optional<ProcessHandle> running(SandboxInfo info) {
        return ProcessHandle.of(info.pid()).filter(ProcessHandle::isAlive).filter(Sandbox::isMoto);
    }

    /**
     * Asks {@code endpoint} until it answers, for up to {@code patience}; false if it never did, or
     * as soon as {@code process} (the moto_server behind it) has exited. A sandbox being started and
     * one already running are waited for alike.
     */
    private static boolean answersWhileAlive(ProcessHandle process, URI endpoint, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (process.isAlive()) {
            if (answers(endpoint)) return true;
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private Optional<SandboxInfo> recorded() {
        try {
            if (!Files.exists(record())) return Optional.empty();
            return Optional.of(Json.mapper().readValue(Files.readString(record()), SandboxInfo.class));
        } catch (IOException e) {
            forget();
            return Optional.empty();
        }
    }

    private void forget() {
        try {
            Files.deleteIfExists(record());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path record() {
        return directory.resolve("sandbox.json");
    }

    /** Guards against waiting for, or killing, an unrelated process that reused the pid. */
    private static boolean isMoto(ProcessHandle p) {
        if (namesMoto(p.info().commandLine().orElse(""))) return true;
        try {
            return namesMoto(Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' '));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean namesMoto(String commandLine) {
        return commandLine.contains(EXECUTABLE) || commandLine.contains("moto");
    }

    private static void awaitReady(Process p, URI endpoint, Path log, Duration timeout) {
        if (answersWhileAlive(p.toHandle(), endpoint, timeout)) return;
        if (!p.isAlive()) throw new SandboxException("moto_server exited at start:\n" + tail(log));
        p.destroyForcibly();
        throw new SandboxException("moto_server did not answer within " + timeout.toSeconds() + "s:\n" + tail(log));
    }

    static boolean answers(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() < 500;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
