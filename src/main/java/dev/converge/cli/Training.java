package dev.converge.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.converge.sandbox.Sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of bin/converge's start-up archive (AppCDS on JDK 17 to 24, the AOT cache on 25
 * and later): the JVM records the classes a real {@code validate} and {@code plan} load, and later
 * runs map them instead of loading them one by one. Not a command: the launcher runs this class
 * after each build, and again when the JVM changes.
 *
 * <p>It plans a stack with every kind of lookup and resource against a stub endpoint on the loopback
 * interface, through the same SDK clients, marshallers and retry machinery as a plan against AWS,
 * with no network and no credentials, twice: first against an empty account (the stub answers every
 * call with an empty, well-formed response, and a default VPC, two subnets, an image and a hosted
 * zone for the lookups), so the plan runs to the end with everything to create; then the everyday
 * plan, where everything exists and nothing changes, on the sandbox's recorded answers
 * ({@link RecordedCloud}): once without a state, then, after an apply of that empty plan has
 * adopted the account into one, once reading it.
 *
 * <p>With the argument {@code local} it trains the archive of the commands that never reach AWS
 * ({@code validate}, {@code graph}, {@code schema}, help): only {@code validate} and {@code graph} of
 * that stack. JDK 25's AOT cache loads every class it holds when the JVM starts, so the SDK's
 * classes in the plan's archive cost a {@code validate} that never uses them (docs/benchmarks.md).
 */
public final class Training {

    private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private Training() {
    }

    /** True while the stub replays the recorded answers of a no-change plan ({@link RecordedCloud}). */
    private static volatile boolean replaying;

    public static void main(String[] args) throws Exception {
        Result result = args.length > 0 && args[0].equals("local") ? runLocal() : run();
        if (!result.whole()) {
            // Still a useful archive (the classes loaded so far), but say why it is not a whole one.
            System.err.println("converge training: " + result.exits() + " (2 from a no-change plan: it found changes; a command"
                    + " missing was not run):\n" + result.output());
        }
    }

    /** The training's commands in the order run, each with its exit code, and what they all printed. */
    static final class Result {
        private final Map<String, Integer> exits = new LinkedHashMap<>();
        private final StringWriter output = new StringWriter();

        /** Runs {@code args} as the command line would, as the step {@code step}; returns its exit code. */
        int run(String step, String... args) {
            int code = Main.run(args, new PrintWriter(output), new PrintWriter(output));
            exits.put(step, code);
            return code;
        }

        /** The exit code of {@code step}, or -1 if it was not run. */
        int exit(String step) {
            return exits.getOrDefault(step, -1);
        }

        Map<String, Integer> exits() {
            return exits;
        }

        /** Every command ran and succeeded. */
        boolean whole() {
            return exits.values().stream().allMatch(code -> code == 0);
        }

        String output() {
            return output.toString();
        }
    }

    /** The commands that never reach AWS, on the same stack: no stub, no credentials. */
    static Result runLocal() throws IOException {
        Path dir = Files.createTempDirectory("converge-training");
        try {
            Path stack = example(dir);
            Result result = new Result();
            result.run("validate", "validate", stack.toString());
            result.run("graph", "graph", stack.toString());
            return result;
        } finally {
            delete(dir);
        }
    }

    /**
     * The example stack itself, as packaged for `converge init`, copied into {@code dir}: every kind
     * of lookup and resource a real plan loads, and no copy to keep in step.
     */
    private static Path example(Path dir) throws IOException {
        Path stack = dir.resolve("stack.yaml");
        copy("elb-https.yaml", stack);
        for (String f : new String[]{"app.js", "common.sh", "web-app.sh"}) copy("scripts/" + f, dir.resolve("scripts").resolve(f));
        return stack;
    }

    static Result run() throws IOException {
        Path dir = Files.createTempDirectory("converge-training");
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", Training::answer);
        stub.start();
        // The SDK's default credential chain reads these first: no profile, no environment needed.
        String keyId = System.setProperty("aws.accessKeyId", "converge-training");
        String secret = System.setProperty("aws.secretAccessKey", "converge-training");
        try {
            Path stack = example(dir);
            Result result = new Result();
            String endpoint = "http://127.0.0.1:" + stub.getAddress().getPort();
            replaying = false;
            result.run("validate", "validate", stack.toString());
            // A first plan: an empty account, everything to create.
            result.run("plan", "plan", stack.toString(), "--endpoint", endpoint, "--region", "us-east-1");
            // The everyday plan: everything there, nothing to change (the answers the sandbox gave in its region).
            // A plan writes no state, so the first finds everything by its ownership proofs; an apply of that
            // empty plan adopts it into a state (no call changes anything), and the last plan reads that state
            // as most plans do: its codec, journal and header classes are then in the archive too.
            replaying = true;
            String[] unchangedPlan = {"plan", stack.toString(), "--endpoint", endpoint, "--detailed-exitcode"};
            if (result.run("no-change plan", unchangedPlan) == 0
                    && result.run("apply of it", "apply", stack.toString(), "--endpoint", endpoint, "--auto-approve") == 0) {
                result.run("no-change plan reading the state", unchangedPlan);
            }
            readSandboxRecord(dir.resolve("sandbox"));
            return result;
        } finally {
            restore("aws.accessKeyId", keyId);
            restore("aws.secretAccessKey", secret);
            stub.stop(0);
            delete(dir);
        }
    }

    /**
     * What {@code --sandbox} does first: read the sandbox's record (Jackson, otherwise unused by a
     * plan) and check its process. The record names this process, which is not moto, so the check
     * fails and the record is forgotten, as a stale one would be; nothing is started.
     */
    private static void readSandboxRecord(Path home) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("sandbox.json"), "{\"pid\":" + ProcessHandle.current().pid()
                + ",\"port\":1,\"endpoint\":\"http://127.0.0.1:1\",\"since\":\"2026-01-01T00:00:00Z\",\"logFile\":\"moto.log\"}");
        new Sandbox(home).status();
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }

    private static void copy(String packaged, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = Training.class.getResourceAsStream("/dev/converge/init/stacks/" + packaged)) {
            Files.write(to, in.readAllBytes());
        }
    }

    private static void answer(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (replaying) {
            RecordedCloud.Answer recorded = RecordedCloud.answer(x, body);
            if (recorded == null) {
                x.sendResponseHeaders(500, -1);
                x.close();
                return;
            }
            reply(x, 200, recorded.contentType(), recorded.body());
            return;
        }
        String target = x.getRequestHeaders().getFirst("X-Amz-Target");
        String path = x.getRequestURI().getPath();
        int status = 200;
        String type = "text/xml";
        String reply;
        if (target != null) {
            type = "application/x-amz-json-1.1";
            if (target.endsWith("GetParameter")) {
                status = 400;
                reply = "{\"__type\":\"ParameterNotFound\",\"message\":\"not found\"}";
            } else {
                reply = "{}";
            }
        } else if (path.startsWith("/2013-04-01/hostedzonesbyname")) {
            reply = "<ListHostedZonesByNameResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><HostedZones><HostedZone>"
                    + "<Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>t</CallerReference>"
                    + "<Config><PrivateZone>false</PrivateZone></Config></HostedZone></HostedZones>"
                    + "<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesByNameResponse>";
        } else if (path.matches("/2013-04-01/hostedzone/[^/]+")) {
            reply = "<GetHostedZoneResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><HostedZone><Id>/hostedzone/Z1</Id>"
                    + "<Name>example.com.</Name><CallerReference>t</CallerReference><Config><PrivateZone>false</PrivateZone></Config>"
                    + "</HostedZone></GetHostedZoneResponse>";
        } else if (path.endsWith("/rrset")) {
            reply = "<ListResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ResourceRecordSets/>"
                    + "<IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";
        } else if (path.startsWith("/2013-04-01/")) {
            reply = "<ListHostedZonesResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><HostedZones/>"
                    + "<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>";
        } else {
            reply = query(RecordedCloud.action(body));
        }
        reply(x, status, type, reply.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange x, int status, String type, byte[] bytes) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An EC2, ELBv2 or STS query-protocol answer: what the lookups need, else an empty result. */
    private static String query(String action) {
        String ec2 = switch (action) {
            case "DescribeVpcs" -> "<vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault>"
                    + "<state>available</state></item></vpcSet>";
            case "DescribeSubnets" -> subnet("subnet-1", "us-east-1a", "172.31.0.0/20") + subnet("subnet-2", "us-east-1b", "172.31.16.0/20");
            case "DescribeImages" -> "<imagesSet><item><imageId>ami-1</imageId><name>ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-1</name>"
                    + "<creationDate>2026-01-01T00:00:00.000Z</creationDate><architecture>x86_64</architecture><imageState>available</imageState>"
                    + "<imageOwnerId>099720109477</imageOwnerId><rootDeviceName>/dev/sda1</rootDeviceName></item></imagesSet>";
            case "DescribeInstanceTypeOfferings" -> "<instanceTypeOfferingSet><item><instanceType>t3.micro</instanceType>"
                    + "<locationType>region</locationType><location>us-east-1</location></item></instanceTypeOfferingSet>";
            default -> null;
        };
        if (ec2 != null) {
            String subnets = action.equals("DescribeSubnets") ? "<subnetSet>" + ec2 + "</subnetSet>" : ec2;
            return "<" + action + "Response xmlns=\"" + EC2_NS + "\"><requestId>t</requestId>" + subnets + "</" + action + "Response>";
        }
        if (action.equals("GetCallerIdentity")) {
            return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + "<Account>000000000000</Account><Arn>arn:aws:iam::000000000000:user/training</Arn><UserId>training</UserId>"
                    + "</GetCallerIdentityResult></GetCallerIdentityResponse>";
        }
        return "<" + action + "Response><" + action + "Result/><ResponseMetadata><RequestId>t</RequestId></ResponseMetadata></"
                + action + "Response>";
    }

    private static String subnet(String id, String zone, String cidr) {
        return "<item><subnetId>" + id + "</subnetId><vpcId>vpc-1</vpcId><availabilityZone>" + zone + "</availabilityZone>"
                + "<cidrBlock>" + cidr + "</cidrBlock><defaultForAz>true</defaultForAz><state>available</state></item>";
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
