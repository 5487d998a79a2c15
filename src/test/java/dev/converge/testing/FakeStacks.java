package dev.converge.testing;

import dev.converge.stack.Stack;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Stack files for the loader's tests: the text written to {@code stack.yaml} in a test's
 * directory, loaded with the in-memory fake provider's types ({@code test.Network},
 * {@code test.Server}, ...), and the diagnostics of one that does not load, as
 * {@code line:column message}.
 */
public final class FakeStacks {

    private FakeStacks() {
    }

    public static Stack load(Path dir, String yaml) throws IOException {
        return load(dir, yaml, VariableInputs.none());
    }

    public static Stack load(Path dir, String yaml, VariableInputs variables) throws IOException {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, yaml);
        return new StackLoader(FakeProvider.registry(new FakeCloud())).load(file, variables);
    }

    /** Each diagnostic as {@code line:column message}. */
    public static List<String> problems(StackException e) {
        return e.diagnostics().stream().map(d -> d.location().line() + ":" + d.location().column() + " " + d.message()).toList();
    }
}
