package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files that are not files (devices that never end, a FIFO that blocks its reader, a socket,
 * {@code /proc} files that report size 0, directories) given as the stack file, as a var file or
 * to {@code file()}: each is one error naming what the path is, within a second or two and a few
 * megabytes, where reading them used to fill the heap (4 GB for {@code /dev/zero}) or hang forever.
 * And {@code file()} reads only inside the stack file's directory tree unless --allow-file says otherwise.
 */
class SpecialInputFilesTest {

    /** Generous for a stat and a refusal; an unbounded read of /dev/zero took 25 s, a FIFO forever. */
    private static final Duration LIMIT = Duration.ofSeconds(3);
    /** Far below what an unbounded read allocates, far above what loading a small stack needs. */
    private static final long MAX_ALLOCATED_BYTES = 64L * 1024 * 1024;

    private static Path dir;
    private static ServerSocketChannel socket;

    enum Role { STACK_FILE, VAR_FILE, FILE_FUNCTION }

    record Special(String name, Path path, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void specialFiles() throws Exception {
        dir = Files.createTempDirectory("converge-special");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        socket.bind(UnixDomainSocketAddress.of(dir.resolve("socket")));
        Files.createDirectories(dir.resolve("a-directory"));
        Files.createSymbolicLink(dir.resolve("zero-link"), Path.of("/dev/zero"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        socket.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(f);
        }
    }

    static Stream<Object[]> cases() {
        List<Special> specials = List.of(
                new Special("/dev/zero", Path.of("/dev/zero"), "is a character device, not a regular file"),
                new Special("/dev/urandom", Path.of("/dev/urandom"), "is a character device, not a regular file"),
                new Special("symlink to /dev/zero", dir.resolve("zero-link"), "is a character device, not a regular file"),
                new Special("FIFO", dir.resolve("fifo"), "is a named pipe (FIFO), not a regular file"),
                new Special("socket", dir.resolve("socket"), "is a socket, not a regular file"),
                new Special("/proc/self/status", Path.of("/proc/self/status"), "is a kernel file under /proc"),
                new Special("/proc/self/environ", Path.of("/proc/self/environ"), "is a kernel file under /proc"),
                new Special("directory", dir.resolve("a-directory"), "is a directory, not a file"));
        List<Object[]> out = new ArrayList<>();
        for (Role role : Role.values()) for (Special s : specials) out.add(new Object[] {role, s});
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aSpecialFileIsOneErrorInBoundedTimeAndMemory(Role role, Special special) throws IOException {
        Path stack = dir.resolve("stack-" + role + ".yaml");
        Files.writeString(stack, role == Role.FILE_FUNCTION ? network("${file(\"" + special.path() + "\")}") : network("net"));
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        // The special path is allowed explicitly, so that what is refused is its type, not its place.
        StackLoader allowing = new StackLoader(FakeProvider.registry(new FakeCloud()), LoadOptions.DEFAULT.allowingFiles(List.of(special.path())));
        List<Diagnostic> diagnostics = assertTimeoutPreemptively(LIMIT, () -> {
            long before = allocatedBytes();
            StackException e = assertThrows(StackException.class, () -> {
                switch (role) {
                    case STACK_FILE -> loader.load(special.path(), VariableInputs.none());
                    case VAR_FILE -> loader.load(stack, new VariableInputs(Map.of(), List.of(special.path()), Map.of()));
                    case FILE_FUNCTION -> allowing.load(stack, VariableInputs.none());
                }
            });
            long allocated = allocatedBytes() - before;
            assertTrue(allocated < MAX_ALLOCATED_BYTES, "allocated " + allocated + " bytes");
            return e.diagnostics();
        }, () -> role + " " + special + " did not fail within " + LIMIT);
        assertEquals(1, diagnostics.size(), diagnostics::toString);
        Diagnostic d = diagnostics.get(0);
        assertTrue(d.message().contains(special.says()), d::toString);
        assertFalse(d.headline().contains("\n"), "one line: " + d.headline());
        switch (role) {
            case STACK_FILE -> assertTrue(d.message().startsWith("cannot read stack file: "), d::toString);
            case VAR_FILE -> assertTrue(d.message().startsWith("cannot read var file: "), d::toString);
            // At the call, in the stack file: line 5, column 47 is where file( starts.
            case FILE_FUNCTION -> assertEquals(new Location(stack, 5, 47), d.location(), d::toString);
        }
    }

    @Test
    void fileOutsideTheStackDirectoryIsRefusedUnlessAllowed() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "not for user data");
        Files.createDirectories(project.resolve("scripts"));
        Files.writeString(project.resolve("scripts/init.sh"), "echo hi");
        Files.createSymbolicLink(project.resolve("scripts/link.txt"), secret);
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        for (String path : List.of(secret.toString(), "../secret.txt", "scripts/../../secret.txt", "scripts/link.txt")) {
            Path stack = Files.writeString(project.resolve("stack.yaml"), network("${file(\"" + path + "\")}"));
            StackException e = assertThrows(StackException.class, () -> loader.load(stack, VariableInputs.none()), path);
            assertEquals(1, e.diagnostics().size(), e.diagnostics()::toString);
            Diagnostic d = e.diagnostics().get(0);
            assertEquals(new Location(stack, 5, 47), d.location(), d::toString);
            assertTrue(d.message().contains(secret.toRealPath() + " is outside the stack file's directory"), d::toString);
            assertTrue(d.hint().contains("--allow-file " + secret.toRealPath()), d::toString);
            // Allowed by naming the file, or a directory above it.
            for (Path allowed : List.of(secret, dir)) {
                Stack loaded = new StackLoader(FakeProvider.registry(new FakeCloud()), LoadOptions.DEFAULT.allowingFiles(List.of(allowed)))
                        .load(stack, VariableInputs.none());
                assertEquals("not for user data", loaded.instance(Address.parse("net")).properties().get("name"));
            }
        }
        Path inside = Files.writeString(project.resolve("stack.yaml"), network("${file(\"scripts/init.sh\")}"));
        assertEquals("echo hi", loader.load(inside, VariableInputs.none()).instance(Address.parse("net")).properties().get("name"));
    }

    /** A network whose name is {@code name}; its file( call, if any, starts at line 5, column 47. */
    private static String network(String name) {
        return "stack: demo\nresources:\n  net:\n    type: test.Network\n    properties: { cidr: 10.0.0.0/16, name: '" + name + "' }\n";
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
