package dev.converge.cli;

import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.state.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TargetStatesTest {

    private static final Target SEOUL = Target.of("123456789012", "ap-northeast-2", null, false);

    private static State tracking(String region, String id) {
        return State.empty("demo", region).withResource("alb", new ResourceState("aws.elbv2.LoadBalancer", id, Map.of(), Map.of(), java.util.List.of(), null));
    }

    @Test
    void aPreTargetStateBelongsWhereNothingContradicts() {
        assertNull(TargetStates.otherTarget(tracking("ap-northeast-2",
                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/demo/1"), SEOUL));
        assertNull(TargetStates.otherTarget(tracking(null, "i-0123456789abcdef0"), SEOUL), "instance ids name no account");
        assertEquals("account 210987654321", TargetStates.otherTarget(tracking("ap-northeast-2",
                "arn:aws:elasticloadbalancing:ap-northeast-2:210987654321:loadbalancer/app/demo/1"), SEOUL));
        assertEquals("region us-east-1", TargetStates.otherTarget(tracking("us-east-1", "i-1"), SEOUL));
    }

    @Test
    void theProjectHomeIsFoundFromAnySubdirectory(@TempDir Path dir) throws IOException {
        Path repo = dir.resolve("repo");
        Path stacks = Files.createDirectories(repo.resolve("stacks/scripts"));
        Files.createDirectories(repo.resolve(".git"));
        assertEquals(repo.resolve(".converge"), ProjectHome.find(stacks), "the top of the work tree");
        Files.createDirectories(repo.resolve("stacks/.converge"));
        Files.writeString(repo.resolve("stacks/.converge/sandbox.json"), "{}");
        assertEquals(repo.resolve("stacks/.converge"), ProjectHome.find(stacks.resolve("scripts")), "the nearest running sandbox");
        Path loose = Files.createDirectories(dir.resolve("elsewhere"));
        assertEquals(loose.resolve(".converge"), ProjectHome.find(loose), "outside any project: the working directory");
    }
}
