package dev.converge.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** File-system steps the local store and its journal share: owner-only files, durable directory entries. */
final class LocalFiles {

    private LocalFiles() {
    }

    static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: ACLs of the user's directory apply
        }
    }

    /** Creates {@code f} empty and owner-only before anything is written to it; an existing file is left as is. */
    static void createPrivate(Path f) throws IOException {
        try {
            Files.createFile(f);
        } catch (FileAlreadyExistsException exists) {
            return;
        }
        restrict(f);
    }

    static void restrict(Path f) throws IOException {
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: ACLs of the user's directory apply
        }
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can open a directory; the rename is still atomic.
        }
    }
}
