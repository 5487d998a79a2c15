package dev.converge.cli;

import dev.converge.sandbox.Sandbox;
import dev.converge.state.LocalStateStore;
import dev.converge.state.State;
import dev.converge.state.Target;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a sandbox target's local state (output, state list) starts no sandbox. */
class SandboxReadsTest {

    @TempDir
    Path dir;
    private Path home;

    @BeforeEach
    void noSandboxRunning() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        System.setProperty("converge.home", home.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("converge.home");
    }

    @Test
    void outputWithSandboxReadsTheLocalStateWithoutStartingMoto() throws Exception {
        Path stack = dir.resolve("tiny.yaml");
        Files.writeString(stack, """
                stack: tiny
                region: ap-northeast-2
                resources:
                  sg:
                    type: aws.ec2.SecurityGroup
                    properties:
                      name: tiny
                      description: tiny
                      vpcId: vpc-1
                outputs:
                  url:
                    value: https://app.example.com/
                """);
        Target sandbox = Target.of(Sandbox.accountId(), "ap-northeast-2", null, true);
        Path file = dir.resolve(".converge/state").resolve(sandbox.key()).resolve("tiny.json");
        new LocalStateStore(file).write(State.empty("tiny", "ap-northeast-2").withTarget(sandbox).withOutputs(Map.of("url", "https://app.example.com/")));

        Cli.Result r = new Cli("--no-color").run("output", stack.toString(), "--sandbox");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("url = \"https://app.example.com/\"\n", r.out());
        assertTrue(r.err().contains("Target: the local sandbox (moto, not AWS), account " + Sandbox.accountId() + ", region ap-northeast-2\n"), r::toString);
        assertTrue(r.err().contains("note: the sandbox is not running"), r::toString);
        assertFalse(Files.exists(home.resolve("sandbox.json")), "no sandbox was started");

        Cli.Result list = new Cli("--no-color").run("state", "list", stack.toString(), "--sandbox");
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(Files.exists(home.resolve("sandbox.json")), "no sandbox was started");
    }
}
