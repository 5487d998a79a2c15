package dev.converge.e2e;

import dev.converge.testing.AwsCli;
import dev.converge.testing.Cli;
import dev.converge.testing.MotoSandbox;
import dev.converge.testing.MotoServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A copy of the example stacks in a temporary directory and a sandbox of its own, driven through the
 * real command line: what a newcomer does with {@code bin/converge ... --sandbox}, in-process.
 */
final class SandboxStack implements BeforeAllCallback, AfterAllCallback {

    final Cli cli = new Cli("--no-color");
    Path dir;
    URI endpoint;
    AwsCli aws;
    private String previousHome;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("converge-e2e");
        MotoSandbox.copyStacks(Path.of("stacks"), dir.resolve("stacks"));
        previousHome = System.getProperty("converge.home");
        System.setProperty("converge.home", dir.resolve("home").toString());
        Cli.Result started = cli.run("sandbox", "start", "--port", String.valueOf(MotoServer.freePort()));
        assertEquals(0, started.exitCode(), started::toString);
        Cli.Result status = cli.run("sandbox", "status");
        String url = status.out().replaceAll("(?s).*?(http://127\\.0\\.0\\.1:\\d+).*", "$1");
        endpoint = URI.create(url);
        aws = new AwsCli(endpoint, "ap-northeast-2");
    }

    Path stack(String name) {
        return dir.resolve("stacks").resolve(name);
    }

    /** Runs a command and asserts its exit code, showing everything it printed when it differs. */
    Cli.Result expect(int exitCode, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(exitCode, r.exitCode(), () -> "converge " + String.join(" ", args) + "\n" + r);
        return r;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        cli.run("sandbox", "stop");
        if (previousHome == null) System.clearProperty("converge.home");
        else System.setProperty("converge.home", previousHome);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }
}
