package dev.converge.expr;

import dev.converge.files.InputFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code file("...")} may read: files in the stack file's directory tree, and the paths the
 * person running Converge allowed with {@code --allow-file}. A stack file is code someone else may
 * have written (a pull request, a shared repository): without this, {@code file("/etc/shadow")} or
 * {@code file("../../.aws/credentials")} would go into user data without a word. The check is made
 * on real paths, after {@code ..} and symbolic links are resolved, so neither leads out of the tree.
 * The permission comes from the command line, never from the stack file, which is what it guards against.
 *
 * @param baseDirectory the stack file's directory: relative paths start here, and its tree is allowed
 * @param allowed       further files, or directories whose whole tree is allowed
 */
public record FileAccess(Path baseDirectory, List<Path> allowed) {

    /** Larger than any script or template a stack should carry in user data. */
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    public FileAccess {
        allowed = List.copyOf(allowed);
    }

    public static FileAccess within(Path baseDirectory) {
        return new FileAccess(baseDirectory, List.of());
    }

    /** The UTF-8 text of {@code relative} (resolved against the base directory), or an error at the call. */
    String read(Expr.Call call, String relative) {
        String what = "file(\"" + relative + "\")";
        Path file = baseDirectory.resolve(relative).normalize();
        try {
            Path real = file.toRealPath();
            if (!permitted(real)) {
                throw new EvalException(call.location(), what + ": " + real + " is outside the stack file's directory "
                        + baseDirectory.toRealPath(), "move the file next to the stack file, or allow it with --allow-file " + real);
            }
            byte[] bytes = InputFiles.read(real, MAX_FILE_BYTES);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new EvalException(call.location(), what + ": no such file " + file, "paths are relative to the stack file's directory");
        } catch (CharacterCodingException e) {
            throw new EvalException(call.location(), what + ": not UTF-8 text");
        } catch (InputFiles.TooLarge e) {
            throw new EvalException(call.location(), what + ": " + e.getMessage());
        } catch (InputFiles.Unreadable e) {
            throw new EvalException(call.location(), what + ": " + e.getMessage(), "file() reads regular text files only");
        } catch (IOException e) {
            throw new EvalException(call.location(), what + ": " + e.getMessage());
        }
    }

    /** True if {@code real} is in the base directory's tree or an allowed one (all compared as real paths). */
    private boolean permitted(Path real) throws IOException {
        List<Path> roots = new ArrayList<>();
        roots.add(baseDirectory.toRealPath());
        for (Path a : allowed) {
            try {
                roots.add(a.toAbsolutePath().toRealPath());
            } catch (NoSuchFileException e) {
                // An allowed path that does not exist allows nothing.
            }
        }
        return roots.stream().anyMatch(real::startsWith);
    }
}
