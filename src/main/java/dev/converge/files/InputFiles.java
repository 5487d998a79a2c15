package dev.converge.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a file a user named (a stack file, a var file, a {@code file()} argument) in bounded time
 * and memory. {@code Files.readAllBytes} trusts the file: {@code /dev/zero} never ends and filled
 * 4 GB before the JVM died, a FIFO blocks the open until a writer comes, and {@code /proc} files
 * report a size of 0 whatever they hold. So the type is checked before the file is opened (a
 * stat never blocks), kernel pseudo-files are refused by where they really are, and the read
 * stops one byte past the limit.
 */
public final class InputFiles {

    /** Why a file was not read; the message is one sentence that names the file. */
    public static class Unreadable extends IOException {
        public Unreadable(String message) {
            super(message);
        }
    }

    /** A regular file over the limit; {@code size} is at least the limit plus one. */
    public static final class TooLarge extends Unreadable {
        private final long size;

        TooLarge(Path file, long size, int limit) {
            super(String.format("%s is %.1f MiB; the limit is %s", file, size / 1048576.0, mebibytes(limit)));
            this.size = size;
        }

        public long size() {
            return size;
        }
    }

    /** File-type bits of st_mode (POSIX), as the "unix:mode" attribute reports them. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    /**
     * Where Linux mounts files that are not data on disk: they pass for regular files, but reading
     * them reads the kernel's state (a size of 0, content that changes, secrets such as
     * /proc/self/environ). Devices under /dev are refused by their type instead.
     */
    private static final Path[] PSEUDO_ROOTS = {Path.of("/proc"), Path.of("/sys")};

    private InputFiles() {
    }

    /**
     * The bytes of a regular file of at most {@code maxBytes}.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws Unreadable                        if it is not a regular file, or is larger than the limit
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        long size = checkRegular(file);
        if (size > maxBytes) throw new TooLarge(file, size, maxBytes);
        try (InputStream in = Files.newInputStream(file)) {
            // The size was read before the open: the file may have grown since.
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) throw new TooLarge(file, bytes.length, maxBytes);
            return bytes;
        }
    }

    /** Refuses anything but a regular file outside the kernel's pseudo file systems, without opening it; returns its size. */
    private static long checkRegular(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class); // follows symlinks
        if (attributes.isDirectory()) throw new Unreadable(file + " is a directory, not a file");
        if (!attributes.isRegularFile()) throw new Unreadable(file + " is " + kind(file) + ", not a regular file");
        Path real = file.toRealPath();
        for (Path root : PSEUDO_ROOTS) {
            if (real.startsWith(root)) {
                throw new Unreadable(file + " is a kernel file under " + root + " (its size and content are not those of a file)");
            }
        }
        return attributes.size();
    }

    private static String kind(Path file) {
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & S_IFMT;
            return switch (type) {
                case S_IFIFO -> "a named pipe (FIFO)";
                case S_IFCHR -> "a character device";
                case S_IFBLK -> "a block device";
                case S_IFSOCK -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file"; // no unix view on this platform: the type is still not a file
        }
    }

    private static String mebibytes(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
