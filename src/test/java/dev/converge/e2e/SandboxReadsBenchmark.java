package dev.converge.e2e;

import dev.converge.apply.ApplyResult;
import dev.converge.plan.Plan;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.MotoServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How many AWS read calls planning costs per resource: applies a stack of N resources (security
 * groups, Elastic IPs and DNS records) to a fresh moto server, then plans it again unchanged and
 * counts the calls the refresh made. Run with {@code bin/bench sandbox-reads [N]}; see
 * docs/benchmarks.md. The target is at most 0.2 reads per resource.
 */
public final class SandboxReadsBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("converge-reads");
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, generate(n));
        try (MotoServer moto = MotoServer.start(); AwsEngine engine = new AwsEngine(moto.endpoint(), "ap-northeast-2", dir.resolve("state.json"))) {
            engine.settings = engine.settings.withParallelism(8);
            Stack stack = engine.load(file, Map.of());
            long t0 = System.nanoTime();
            ApplyResult applied = engine.apply(stack, false);
            if (!applied.succeeded()) throw new IllegalStateException("apply failed: " + applied.failures());
            System.out.printf("applied %d resources to moto in %.1f s (%d writes)%n", n, (System.nanoTime() - t0) / 1e9,
                    engine.session.calls().writes());
            for (int run = 1; run <= 2; run++) {
                long readsBefore = engine.session.calls().reads();
                long a = System.nanoTime();
                Plan plan = engine.plan(stack, false);
                long ms = (System.nanoTime() - a) / 1_000_000;
                if (plan.hasChanges()) throw new IllegalStateException("an applied stack must plan no changes");
                long reads = engine.session.calls().reads() - readsBefore;
                System.out.printf("plan %d (no changes): %d read calls for %d resources = %.3f per resource, %d ms%n",
                        run, reads, n, reads / (double) n, ms);
            }
            ApplyResult destroyed = engine.apply(stack, true);
            if (!destroyed.succeeded()) throw new IllegalStateException("destroy failed: " + destroyed.failures());
        }
    }

    /** 60% security groups, 20% Elastic IPs, 20% A records in one zone. */
    static String generate(int n) {
        int groups = n * 3 / 5;
        int ips = n / 5;
        int records = n - groups - ips;
        StringBuilder sb = new StringBuilder("""
                stack: reads
                region: ap-northeast-2
                data:
                  vpc: { type: aws.ec2.DefaultVpc }
                  zone:
                    type: aws.route53.HostedZone
                    properties: { name: bench.example.com }
                resources:
                """);
        for (int i = 0; i < groups; i++) {
            sb.append("  sg").append(i).append(":\n    type: aws.ec2.SecurityGroup\n    properties:\n")
                    .append("      name: reads-").append(i).append("\n      description: bench\n      vpcId: ${data.vpc.id}\n")
                    .append("      ingress: [ { protocol: tcp, port: 443, cidr: 10.0.0.0/8 } ]\n");
        }
        for (int i = 0; i < ips; i++) {
            sb.append("  ip").append(i).append(":\n    type: aws.ec2.ElasticIp\n    properties:\n      tags: { n: \"").append(i).append("\" }\n");
        }
        for (int i = 0; i < records; i++) {
            sb.append("  r").append(i).append(":\n    type: aws.route53.Record\n    properties:\n")
                    .append("      zoneId: ${data.zone.id}\n      name: h").append(i).append(".bench.example.com\n")
                    .append("      type: A\n      ttl: 60\n      values: [ \"10.1.").append(i / 250).append('.').append(i % 250 + 1).append("\" ]\n");
        }
        return sb.toString();
    }
}
