package dev.converge.sweep;

import dev.converge.terminal.Terminal;
import dev.converge.provider.aws.common.NotFound;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the stray volumes {@code sweep --delete STACK} lists for the stack, after destroy has
 * deleted the stack itself: only volumes whose ownership is proven ({@link CostLeak#deletableVolume()}),
 * a volume already gone counts as deleted, and the end checks that none of them remains.
 */
public final class StrayVolumes {

    private static final NotFound NOT_FOUND = NotFound.codes("InvalidVolume.NotFound");

    private final Ec2Client ec2;
    private final PrintWriter out;
    private final Terminal t;

    public StrayVolumes(Ec2Client ec2, PrintWriter out, Terminal terminal) {
        this.ec2 = ec2;
        this.out = out;
        this.t = terminal;
    }

    /** @return true when every volume is gone (or going: {@code deleting}) */
    public boolean delete(List<CostLeak> volumes) {
        List<String> failed = new ArrayList<>();
        for (CostLeak v : volumes) {
            if (!v.deletableVolume()) throw new IllegalArgumentException(v.volumeId() + " is not a proven stray volume");
            try {
                if (NOT_FOUND.ignoring(() -> ec2.deleteVolume(r -> r.volumeId(v.volumeId())))) {
                    out.println(t.green("- deleted " + v.what()));
                } else {
                    out.println(t.dim("- " + v.volumeId() + " was already deleted"));
                }
            } catch (RuntimeException e) {
                failed.add(v.volumeId());
                out.println(t.red("- could not delete " + v.volumeId() + ": " + e.getMessage()));
            }
        }
        List<String> remaining = new ArrayList<>();
        for (CostLeak v : volumes) {
            try {
                List<Volume> left = NOT_FOUND.orEmpty(() -> ec2.describeVolumes(r -> r.volumeIds(v.volumeId())).volumes())
                        .orElse(List.of());
                left.stream().filter(l -> !"deleting".equals(l.stateAsString()) && !"deleted".equals(l.stateAsString()))
                        .forEach(l -> remaining.add(l.volumeId() + " (" + l.stateAsString() + ")"));
            } catch (RuntimeException e) {
                remaining.add(v.volumeId() + " (cannot be checked: " + e.getMessage() + ")");
            }
        }
        if (remaining.isEmpty() && failed.isEmpty()) {
            out.println(t.bold("No stray volume of the stack remains."));
            return true;
        }
        out.println(t.red("Still there: " + String.join(", ", remaining.isEmpty() ? failed : remaining)));
        return false;
    }
}
