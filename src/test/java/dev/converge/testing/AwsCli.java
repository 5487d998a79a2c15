package dev.converge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI pointed at a sandbox: an independent look at what a test built, through code that
 * shares nothing with Converge's.
 */
public final class AwsCli {

    private final URI endpoint;
    private final String region;

    public AwsCli(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    /** Runs {@code aws <args>} and returns its JSON output. */
    public JsonNode json(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString(), "--region", region,
                "--output", "json"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
            pb.environment().put("AWS_ACCESS_KEY_ID", "testing");
            pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
            pb.environment().remove("AWS_PROFILE");
            Process p = pb.start();
            byte[] stdout = p.getInputStream().readAllBytes();
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) throw new AssertionError("aws " + String.join(" ", args) + " failed: " + stderr);
            String text = new String(stdout, StandardCharsets.UTF_8).trim();
            return new ObjectMapper().readTree(text.isEmpty() ? "{}" : text);
        } catch (IOException e) {
            throw new AssertionError("cannot run the AWS CLI: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
