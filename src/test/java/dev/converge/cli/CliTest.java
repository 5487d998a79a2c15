package dev.converge.cli;

import dev.converge.provider.Wait;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line without any AWS endpoint: help, version, validation, graph, exit codes. */
class CliTest {

    private final Cli cli = new Cli("--no-color");

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : new String[]{"validate", "graph", "plan", "apply", "destroy", "output", "check", "state", "import", "sandbox", "schema"}) {
            Cli.Result r = new Cli().run(command, "--help");
            assertEquals(0, r.exitCode(), command + ": " + r);
            assertTrue(r.out().contains("Usage:"), command + ": " + r);
        }
        Cli.Result root = new Cli().run("--help");
        assertTrue(root.out().contains("Exit codes") || root.out().contains("exit codes"), root::toString);
    }

    @Test
    void helpFitsEightyColumnsAndListsOnlyTheExitCodesOfItsCommand() {
        for (String command : new String[]{"validate", "graph", "plan", "apply", "destroy", "cost", "sweep", "output", "check", "state",
                "import", "sandbox", "schema", "init", "completion"}) {
            String help = new Cli().run(command, "--help").out();
            // Not a terminal: picocli's 80 columns. Every line fits, the waits and exit codes included.
            help.lines().forEach(l -> assertTrue(l.length() <= 80, command + " --help has a line of " + l.length() + ":\n" + l));
            assertTrue(help.contains("Exit codes:\n  0"), command + ":\n" + help);
            assertEquals(command.equals("plan"), help.contains("--detailed-exitcode: changes present"), command + ":\n" + help);
            assertEquals(java.util.Set.of("apply", "destroy", "import", "sweep").contains(command), help.contains("\n  130  interrupted"),
                    command + ":\n" + help);
        }
        assertTrue(new Cli().run("state", "rm", "--help").out().contains("\n  130  interrupted"));
        assertTrue(!new Cli().run("state", "list", "--help").out().contains("130"));
        assertTrue(new Cli().run("--help").out().contains("""
                Exit codes:
                  0    success (plan --detailed-exitcode: no changes)
                  1    error, including a command-line mistake
                  2    plan --detailed-exitcode: changes present
                  130  apply, destroy, import, state rm, sweep: interrupted (Ctrl-C, SIGTERM);
                         what finished is recorded: run it again
                """));
    }

    @Test
    void versionIsPrinted() {
        Cli.Result r = new Cli().run("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().toLowerCase().contains("converge"), r::toString);
    }

    @Test
    void exampleStacksValidate() {
        for (String stack : new String[]{"stacks/elb-https.yaml", "stacks/nginx-certbot.yaml"}) {
            Cli.Result r = cli.run("validate", stack);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("valid"), r::toString);
        }
    }

    @Test
    void graphEdgesFollowTheReferences() {
        Cli.Result r = cli.run("graph", "stacks/elb-https.yaml");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("flowchart") || r.out().startsWith("graph"), r::toString);
        // The HTTPS listener needs the load balancer, the certificate and the target group.
        for (String from : new String[]{"alb", "certificate", "targets"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.contains(from) && l.contains("-->") && l.contains("https")),
                    from + " → https in:\n" + r.out());
        }
    }

    @Test
    void graphShowsEachCheckAfterWhatItRefersTo() {
        Cli.Result r = cli.run("graph", "stacks/elb-https.yaml");
        assertTrue(r.out().contains("  check_resolves{{\"check resolves\"}}\n  r_alb -.-> check_resolves\n"), r::toString);
        Cli.Result dot = cli.run("graph", "stacks/nginx-certbot.yaml", "--format", "dot");
        assertTrue(dot.out().contains("  \"ip\" -> \"check resolves\" [style=dotted];\n"), dot::toString);
    }

    @Test
    void checkOfAStackWithoutChecksSaysSoWithoutAnyAwsCall(@TempDir Path dir) throws Exception {
        Path stack = dir.resolve("plain.yaml");
        Files.writeString(stack, "stack: plain\ndata:\n  vpc: { type: aws.ec2.DefaultVpc }\n");
        Cli.Result r = cli.run("check", stack.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("Stack plain declares no checks: add a `checks:` section (see docs/stack-files.md).\n", r.out());
    }

    @Test
    void brokenStackFailsWithLocationsBeforeAnyAwsCall(@TempDir Path dir) throws Exception {
        Path stack = dir.resolve("broken.yaml");
        Files.writeString(stack, """
                stack: demo
                resources:
                  sg:
                    type: aws.ec2.SecurityGroup
                    properties:
                      name: web
                      descripton: typo
                """);
        // No endpoint answers on this port: a stack that does not load must never try.
        Cli.Result r = cli.run("plan", stack.toString(), "--endpoint", "http://127.0.0.1:9");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("broken.yaml:7:7"), r::toString);
        assertTrue(r.err().contains("description"), "did-you-mean hint: " + r);
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        for (String[] args : new String[][] {
                {"--debug", "--no-color", "plan", "stacks/elb-https.yaml"},
                {"plan", "--debug", "--no-color", "stacks/elb-https.yaml"},
                {"--debug", "state", "show", "stacks/elb-https.yaml", "alb", "--no-color"}}) {
            picocli.CommandLine line = Main.commandLine();
            picocli.CommandLine.ParseResult parsed = line.parseArgs(args);
            while (parsed.hasSubcommand()) parsed = parsed.subcommand();
            Object command = parsed.commandSpec().userObject();
            GlobalOptions global = command instanceof PlanCommand p ? p.global : ((StateCommand.Base) command).global;
            assertTrue(global.debug(), String.join(" ", args));
            assertTrue(global.noColor(), String.join(" ", args));
        }
        picocli.CommandLine.ParseResult plain = Main.commandLine().parseArgs("plan", "stacks/elb-https.yaml");
        GlobalOptions global = ((PlanCommand) plain.subcommand().commandSpec().userObject()).global;
        assertTrue(!global.debug() && !global.noColor());
    }

    @Test
    void aDeviceAsStackFileIsOneLineAndDebugBeforeTheCommandAddsTheTrace() {
        Cli.Result plain = cli.run("validate", "/dev/zero");
        assertEquals(1, plain.exitCode());
        assertEquals(java.util.List.of("/dev/zero: error: cannot read stack file: /dev/zero is a character device, not a regular file",
                "1 error"), plain.err().lines().toList());
        Cli.Result debug = new Cli().run("--debug", "validate", "/dev/zero");
        assertEquals(1, debug.exitCode());
        assertTrue(debug.err().contains("\tat dev.converge."), debug::toString);
    }

    @Test
    void usageErrorsExitWithOneNotTheChangesCode() {
        assertEquals(1, cli.run("plan", "--no-such-option").exitCode());
        assertEquals(1, cli.run("state", "list", "--no-such-option").exitCode());
    }

    @Test
    void timeoutsNameTheWaitsTheTypesDeclare() throws Exception {
        Cli.Result unknown = cli.run("apply", "stacks/elb-https.yaml", "--timeout", "cert=1h");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("--timeout cert=1h: no wait is called 'cert'; the waits are certificate, dns, instance, "
                + "load-balancer, security-group, targets"), unknown::toString);
        Cli.Result zero = cli.run("destroy", "stacks/elb-https.yaml", "--timeout", "targets=0");
        assertEquals(1, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--timeout targets: a wait needs some time, not 0"), zero::toString);
        Cli.Result malformed = cli.run("apply", "stacks/elb-https.yaml", "--timeout", "dns=soon");
        assertTrue(malformed.err().contains("--timeout dns: 'soon' is not a duration"), malformed::toString);

        // The help lists every wait with its default, as the types declare them.
        var waits = AwsProvider.schemaRegistry().waits().values();
        assertEquals(6, waits.size(), waits::toString);
        for (String command : new String[]{"apply", "destroy"}) {
            String help = new Cli().run(command, "--help").out().replaceAll("\\s+", " ");
            waits.forEach(w -> assertTrue(help.contains(" " + w.name() + " " + Wait.format(w.defaultTimeout()) + " " + w.description()),
                    command + " --help lists " + w + ":\n" + help));
        }
        // And so does docs/resources.md, one table row each (GeneratedFilesTest keeps it current).
        String docs = Files.readString(Path.of("docs/resources.md"));
        waits.forEach(w -> assertTrue(docs.contains("| `" + w.name() + "` | " + Wait.format(w.defaultTimeout()) + " |"),
                "docs/resources.md documents the wait " + w));
    }

    @Test
    void lockTimeoutOnlyWhereTheLockIsTaken() {
        // A command that never locks rejects the option instead of silently ignoring it.
        Cli.Result plan = cli.run("plan", "stacks/elb-https.yaml", "--lock-timeout", "5m");
        assertEquals(1, plan.exitCode(), plan::toString);
        assertTrue(plan.err().contains("--lock-timeout"), plan::toString);
        for (String command : new String[]{"apply", "destroy", "import"}) {
            assertTrue(new Cli().run(command, "--help").out().contains("--lock-timeout"), command);
        }
        assertTrue(new Cli().run("state", "rm", "--help").out().contains("--lock-timeout"));
        assertTrue(!new Cli().run("state", "list", "--help").out().contains("--lock-timeout"));
    }
}
