package dev.converge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The public machine images the sandbox account can see. moto ships a catalog of dated images
 * (Ubuntu 14.04 and 16.04 among them) without the current releases the example stacks look up by
 * owner and name, as they would in AWS. moto reads a replacement catalog from the file named by
 * MOTO_AMIS_PATH at start: this writes ours (current Ubuntu LTS, Amazon Linux 2023 and Debian
 * images under their publishers' real owner ids), so the stacks' AMI lookups make the same calls in
 * the sandbox as in AWS and find an image.
 */
public final class SandboxImages {

    /** The environment variable moto reads its image catalog from. */
    public static final String MOTO_VARIABLE = "MOTO_AMIS_PATH";
    private static final String RESOURCE = "/dev/converge/sandbox/images.json";

    private SandboxImages() {
    }

    /** Writes the catalog into {@code directory} and returns its path, for MOTO_AMIS_PATH. */
    public static Path writeTo(Path directory) {
        try (InputStream in = SandboxImages.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            Files.createDirectories(directory);
            Path file = directory.resolve("sandbox-images.json");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox image catalog: " + e.getMessage(), e);
        }
    }
}
