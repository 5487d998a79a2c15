package dev.converge.sandbox;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.testing.ConvergeProcess;
import dev.converge.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code converge sandbox start|status|stop} underneath: one moto server, remembered, forgotten. */
class SandboxIT {

    @TempDir
    Path home;
    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) sandbox.stop();
    }

    @Test
    void startIsRememberedReusedAndStopForgetsTheAccount() {
        sandbox = new Sandbox(home);
        SandboxInfo started = sandbox.start(MotoServer.freePort());
        assertEquals(Optional.of(started.pid()), sandbox.status().map(SandboxInfo::pid));
        assertEquals(started.pid(), new Sandbox(home).ensureRunning().pid(), "a later command reuses the running sandbox");
        assertEquals(started.pid(), sandbox.start(started.port() + 1).pid(), "start while running returns the running one");

        String zone = route53(started).createHostedZone(r -> r.name("example.com").callerReference("t1")).hostedZone().id();
        assertEquals(1, route53(started).listHostedZones().hostedZones().size(), zone);

        assertTrue(sandbox.stop());
        assertEquals(Optional.empty(), sandbox.status());
        assertFalse(sandbox.stop(), "nothing left to stop");
        SandboxInfo again = sandbox.start(started.port());
        assertEquals(0, route53(again).listHostedZones().hostedZones().size(), "a stopped sandbox forgets its account");
    }

    /** Two terminals (or CI steps) that both find no sandbox must end up sharing one, not racing for the port. */
    @Test
    void twoCommandsStartingTheSandboxAtOnceShareOne() throws Exception {
        String port = String.valueOf(MotoServer.freePort());
        String first;
        String second;
        try (ConvergeProcess a = ConvergeProcess.start(home, Map.of(), "sandbox", "start", "--port", port);
             ConvergeProcess b = ConvergeProcess.start(home, Map.of(), "sandbox", "start", "--port", port)) {
            assertEquals(0, a.waitFor(Duration.ofSeconds(60)), a::output);
            assertEquals(0, b.waitFor(Duration.ofSeconds(60)), b::output);
            first = a.output();
            second = b.output();
        }
        sandbox = new Sandbox(home.resolve(".converge"));
        SandboxInfo running = sandbox.status().orElseThrow(() -> new AssertionError("no sandbox recorded: " + first + second));
        assertTrue(first.contains("(pid " + running.pid() + ")") && second.contains("(pid " + running.pid() + ")"),
                "both commands report the one sandbox:\n" + first + second);
        long motos = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").matches(".*moto_server.* -p " + port + "\\b.*")).count();
        assertEquals(1, motos, "one moto_server on port " + port);
    }

    @Test
    void withoutMotoServerTheErrorSaysHowToInstallIt() {
        Sandbox noMoto = new Sandbox(home, name -> Optional.empty());
        SandboxException e = assertThrows(SandboxException.class, () -> noMoto.start(MotoServer.freePort()));
        assertTrue(e.getMessage().contains("pip install 'moto[server]'"), e.getMessage());
    }

    @Test
    void aTakenPortIsNamedWithTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            SandboxException e = assertThrows(SandboxException.class, () -> new Sandbox(home).start(taken.getLocalPort()));
            assertTrue(e.getMessage().contains("is taken by another program"), e.getMessage());
            assertTrue(e.getMessage().contains("--port"), e.getMessage());
        }
    }

    /**
     * A sandbox that answers slowly (moto on a loaded machine took over 2 s) is waited for, not
     * forgotten: forgetting it left moto running unrecorded on its port, and the next command's
     * new sandbox failed on the taken port. Here moto is paused (SIGSTOP) and resumed a second later.
     */
    @Test
    void aSlowSandboxIsWaitedForNotForgotten() throws Exception {
        sandbox = new Sandbox(home);
        SandboxInfo started = sandbox.start(MotoServer.freePort());
        signal("STOP", started.pid());
        Thread resume = new Thread(() -> {
            try {
                Thread.sleep(1500);
                signal("CONT", started.pid());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        resume.start();
        try {
            assertEquals(Optional.of(started.pid()), new Sandbox(home).status().map(SandboxInfo::pid));
        } finally {
            resume.join();
        }
        assertEquals(started.pid(), new Sandbox(home).ensureRunning().pid(), "the same sandbox, still recorded");
    }

    /** One that does not answer at all within the patience is reported with the way out, and still recorded. */
    @Test
    void aSandboxThatDoesNotAnswerIsReportedAndKept() throws Exception {
        sandbox = new Sandbox(home);
        SandboxInfo started = sandbox.start(MotoServer.freePort());
        signal("STOP", started.pid());
        try {
            Sandbox impatient = new Sandbox(home, Sandbox::onPath, Duration.ofMillis(500));
            SandboxException e = assertThrows(SandboxException.class, impatient::status);
            assertTrue(e.getMessage().contains("pid " + started.pid()) && e.getMessage().contains("converge sandbox stop"), e.getMessage());
        } finally {
            signal("CONT", started.pid());
        }
        assertEquals(Optional.of(started.pid()), sandbox.status().map(SandboxInfo::pid), "not forgotten");
    }

    private static void signal(String name, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor());
    }

    /**
     * moto 5.x refused to create a record again after it was deleted whenever another record sorted
     * after it (apply, destroy, apply of elb-https failed in the sandbox). The sandbox's moto fix makes
     * it answer as AWS does, "already exists" only while the record exists.
     */
    @Test
    void aDeletedRecordCanBeCreatedAgainAsInAws() {
        sandbox = new Sandbox(home);
        Route53Client r53 = route53(sandbox.start(MotoServer.freePort()));
        String zone = r53.createHostedZone(r -> r.name("example.com").callerReference("t2")).hostedZone().id();
        ResourceRecordSet a = ResourceRecordSet.builder().name("app.example.com").type(RRType.A)
                .aliasTarget(t -> t.dnsName("lb-1.ap-northeast-2.elb.amazonaws.com").hostedZoneId("ZWKZPGTI48KDX").evaluateTargetHealth(false))
                .build();
        ResourceRecordSet later = ResourceRecordSet.builder().name("_x.app.example.com").type(RRType.CNAME).ttl(300L)
                .resourceRecords(v -> v.value("x.acm-validations.aws.")).build();

        change(r53, zone, ChangeAction.CREATE, a);
        change(r53, zone, ChangeAction.DELETE, a);
        change(r53, zone, ChangeAction.CREATE, later);
        change(r53, zone, ChangeAction.CREATE, a);
        InvalidChangeBatchException exists = assertThrows(InvalidChangeBatchException.class,
                () -> change(r53, zone, ChangeAction.CREATE, a));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    }

    private static void change(Route53Client r53, String zone, ChangeAction action, ResourceRecordSet set) {
        r53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                Change.builder().action(action).resourceRecordSet(set).build())));
    }

    private static Route53Client route53(SandboxInfo info) {
        return new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(info.endpoint(), true)).route53();
    }
}
