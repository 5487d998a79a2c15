package dev.converge.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment moto_server runs in for the sandbox, shared by {@code converge sandbox start} and
 * the tests that stand in for it: the image catalog ({@link SandboxImages}) and fixes for moto bugs
 * that would make the sandbox behave unlike AWS. The fixes are a {@code sitecustomize.py}, which
 * Python imports at start from the directory put first on moto_server's PYTHONPATH; they patch moto
 * itself, so Converge's own calls stay exactly those it makes to AWS.
 */
public final class MotoSetup {

    private static final String FIXES = "/dev/converge/sandbox/sitecustomize.py";

    private MotoSetup() {
    }

    /**
     * Writes what moto needs into {@code directory} and returns the variables to add to
     * moto_server's environment; {@code pythonPath} is the PYTHONPATH it would inherit, or null.
     */
    public static Map<String, String> environment(Path directory, String pythonPath) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SandboxImages.MOTO_VARIABLE, SandboxImages.writeTo(directory).toString());
        // AWS's managed policies (AmazonSSMManagedInstanceCore, ...) exist in every account; moto
        // knows them only when asked, and a stack attaching one would fail in the sandbox alone.
        env.put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        Path fixes = writeFixes(directory.resolve("moto-fixes"));
        env.put("PYTHONPATH", pythonPath == null || pythonPath.isEmpty() ? fixes.toString() : fixes + File.pathSeparator + pythonPath);
        return env;
    }

    private static Path writeFixes(Path directory) {
        try (InputStream in = MotoSetup.class.getResourceAsStream(FIXES)) {
            if (in == null) throw new IllegalStateException("missing resource " + FIXES);
            Files.createDirectories(directory);
            Files.copy(in, directory.resolve("sitecustomize.py"), StandardCopyOption.REPLACE_EXISTING);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox's moto fixes: " + e.getMessage(), e);
        }
    }
}
