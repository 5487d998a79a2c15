package dev.converge.engine;

import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.stack.Stack;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How the engine scales with stack size, without any cloud latency: load (parse, check, graph) and
 * plan (refresh against the in-memory fake cloud, diff, order) of a generated stack of N resources,
 * first empty (everything to create), then applied and unchanged (the everyday "no changes" plan).
 * Not a test: run it with {@code bin/bench engine [N]} (see docs/benchmarks.md), under the
 * launcher's JVM flags and a 512 MiB heap, so a run that completes proves the memory bound.
 */
public final class EngineBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("converge-bench");
        try {
            run(args, dir);
        } finally {
            // The stack and its state (megabytes at 5,000 resources) are of this run only.
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String[] args, Path dir) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        // A latency per cloud call (ms), as AWS has: then the apply's wall time is set against the
        // critical path of its waits, and the state's share is what it would be against a real cloud.
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 0;
        EngineHarness h = new EngineHarness(dir);
        Files.writeString(h.stackFile, generate(n));
        System.out.printf("engine benchmark: %d resources (%d networks, %d servers), max heap %d MiB, cloud latency %d ms per call%n",
                n, n / 5, n - n / 5, Runtime.getRuntime().maxMemory() >> 20, delay);

        long t0 = System.nanoTime();
        Stack stack = h.load(Map.of());
        long loaded = System.nanoTime();
        Plan create = h.plan(stack);
        long planned = System.nanoTime();
        check(create.count(Action.CREATE) == n, "first plan creates everything: " + create.count(Action.CREATE));
        report("load (cold JVM)", t0, loaded);
        report("plan, all to create (cold)", loaded, planned);

        h.cloud.delay(delay);
        int callsBefore = h.cloud.calls().size();
        long applyCpuStart = processCpuNanos();
        long collectorStart = TimedStateStore.collectorMillis();
        long applyStart = System.nanoTime();
        TimedStateStore store = new TimedStateStore(h.store());
        check(h.apply(stack, false, store).succeeded(), "the apply succeeds");
        long applyEnd = System.nanoTime();
        long applyCpu = processCpuNanos() - applyCpuStart;
        long collector = TimedStateStore.collectorMillis() - collectorStart;
        report("apply, all to create (fake cloud)", applyStart, applyEnd);
        System.out.printf("  %-32s %8.0f ms = %.1f %% of the apply (%d writes and syncs on the apply's path)%n",
                "  of which writing state", store.writingNanos() / 1e6, 100.0 * store.writingNanos() / (applyEnd - applyStart),
                store.writes());
        System.out.printf("  %-32s %8.0f ms (%.0f ms CPU) of it: the last write, the state as a synced snapshot%n",
                "", store.settleNanos() / 1e6, store.settleCpuNanos() / 1e6);
        System.out.printf("  %-32s %8.0f ms (%.0f ms CPU) of it: the lock's release (a fold if a journal is left)%n",
                "", store.releaseNanos() / 1e6, store.releaseCpuNanos() / 1e6);
        // A collection stops every thread: one that falls while a thread writes counts as writing, above.
        System.out.printf("  %-32s %8.0f ms (%.1f %% of the apply) of it: the JVM stopped for the collector (%d ms of pauses in the whole apply)%n",
                "", store.collectorNanos() / 1e6, 100.0 * store.collectorNanos() / (applyEnd - applyStart), collector);
        System.out.printf("  %-32s %8.0f ms in %d syncs, which no action waited for%n",
                "  syncing in the background", store.backgroundSyncNanos() / 1e6, store.backgroundSyncs());
        // On a machine shared with other work, wall time is mostly waiting for a CPU; the CPU figures are not.
        System.out.printf("  %-32s %8.0f ms = %.1f %% of the apply's CPU time (%.0f ms, all threads)%n",
                "  of which CPU writing state", store.cpuNanos() / 1e6, 100.0 * store.cpuNanos() / applyCpu, applyCpu / 1e6);
        System.out.printf("  %-32s %8.0f ms of it: the first %d writes (the JVM still interpreting much of the writer)%n",
                "", store.firstWritesCpuNanos() / 1e6, TimedStateStore.FIRST_WRITES);
        if (delay > 0) {
            // The waits' critical path: the cloud's busy time spread over the parallel slots, or the
            // longest dependency chain (network, then server: two creates), whichever is longer.
            long busy = 0;
            for (var call : h.cloud.calls().subList(callsBefore, h.cloud.calls().size())) busy += call.endNanos() - call.startNanos();
            double bound = Math.max(busy / 1e6 / h.settings.parallelism(), 2.0 * delay);
            System.out.printf("  %-32s %8.0f ms (%d ms per call, %d calls, parallelism %d): wall time is %.2fx that%n",
                    "  critical path of the waits", bound, delay, h.cloud.calls().size() - callsBefore, h.settings.parallelism(),
                    (applyEnd - applyStart) / 1e6 / bound);
        }
        h.cloud.delay(0);
        for (int run = 1; run <= 3; run++) {
            long a = System.nanoTime();
            Stack again = h.load(Map.of());
            long b = System.nanoTime();
            Plan unchanged = h.plan(again);
            long c = System.nanoTime();
            check(!unchanged.hasChanges(), "an applied stack plans no changes");
            report("load, run " + run, a, b);
            report("plan, no changes, run " + run, b, c);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.printf("peak heap used: %d MiB (sum of heap pool peaks)%n", peak >> 20);
    }

    /** N/5 networks and 4N/5 servers, each server referencing a network, with nested blocks and defaults. */
    static String generate(int n) {
        int networks = n / 5;
        StringBuilder sb = new StringBuilder("stack: bench\nvariables:\n  image:\n    type: string\n    default: img-1\nresources:\n");
        for (int i = 0; i < networks; i++) {
            sb.append("  net").append(i).append(":\n    type: test.Network\n    properties:\n")
                    .append("      name: net-").append(i).append("\n      cidr: 10.").append(i / 256 % 256).append('.').append(i % 256).append(".0/24\n")
                    .append("      tags: { team: bench, index: \"").append(i).append("\" }\n");
        }
        for (int i = 0; i < n - networks; i++) {
            sb.append("  srv").append(i).append(":\n    type: test.Server\n    properties:\n")
                    .append("      networkId: ${resources.net").append(i % networks).append(".id}\n")
                    .append("      image: ${var.image}\n      size: medium\n      ports: [80, 443]\n")
                    .append("      health: { path: /health, interval: 30 }\n")
                    .append("      tags: { Name: \"srv-${resources.net").append(i % networks).append(".name}-").append(i).append("\" }\n");
        }
        return sb.toString();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(String what, long from, long to) {
        System.out.printf("  %-32s %8.0f ms%n", what, (to - from) / 1e6);
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("benchmark invariant broken: " + what);
    }
}
