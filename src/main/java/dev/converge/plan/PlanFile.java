package dev.converge.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.converge.crypto.Encryption;
import dev.converge.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Saves and reads plans (format: docs/plan-format.md). The same JSON is what {@code plan --json} prints. */
public final class PlanFile {

    private PlanFile() {
    }

    /** The JSON {@code plan --json} prints: sensitive values left out (docs/plan-format.md). */
    public static String toJson(Plan plan) {
        return Json.write(PlanRedaction.redact(plan));
    }

    public static void write(Plan plan, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".plan", ".tmp");
        try {
            Files.writeString(tmp, PlanRedaction.savedForm(plan), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a saved plan; a clear message for a file that is not one, or of another format version. */
    public static Plan read(Path file) throws IOException {
        String text = Encryption.current().open(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        Plan plan;
        try {
            plan = Json.mapper().readValue(text, Plan.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a Converge plan file: " + e.getOriginalMessage());
        }
        if (plan.formatVersion() != Plan.FORMAT_VERSION) {
            throw new IOException(file + " has plan format " + plan.formatVersion() + "; this Converge reads format " + Plan.FORMAT_VERSION);
        }
        return plan;
    }

    /**
     * True if two plans make exactly the same changes (the creation time aside): a saved plan is
     * applied only if planning again now gives the same.
     */
    public static boolean sameChanges(Plan a, Plan b) {
        return Json.write(PlanRedaction.redact(a).changes()).equals(Json.write(PlanRedaction.redact(b).changes()));
    }
}
