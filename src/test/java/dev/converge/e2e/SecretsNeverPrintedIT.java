package dev.converge.e2e;

import dev.converge.json.Json;
import dev.converge.testing.Cli;
import dev.converge.testing.MotoSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sensitive variable used in names, tags, user data, outputs and functions, through every path
 * that prints: plan text, Markdown and JSON, the saved plan, apply progress and its outputs,
 * {@code output}, {@code state show}, an AWS error that echoes the value, and the {@code --debug}
 * log. Neither the value nor its upper-case or base64 forms appears anywhere; where a value was,
 * the output says {@code (sensitive)}, so the masking is done by the plan and output code and not
 * only by the CLI's last-line scrubber.
 */
class SecretsNeverPrintedIT {

    private static final String SECRET = "hunter7token";
    private static final List<String> FORMS = List.of(SECRET, SECRET.toUpperCase(Locale.ROOT),
            Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));

    private static final String STACK = """
            stack: secrets
            region: ap-northeast-2
            variables:
              token:
                type: string
                sensitive: true
            data:
              vpc:
                type: aws.ec2.DefaultVpc
              ubuntu:
                type: aws.ec2.Ami
                properties:
                  owners: ["099720109477"]
                  namePattern: ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*
            resources:
              group:
                type: aws.ec2.SecurityGroup
                properties:
                  name: grp-${var.token}
                  description: the name carries the token
                  vpcId: ${data.vpc.id}
                  tags:
                    Token: ${upper(var.token)}
              web:
                type: aws.ec2.Instance
                properties:
                  ami: ${data.ubuntu.id}
                  instanceType: t3.micro
                  securityGroupIds: [ "${resources.group.id}" ]
                  userData: |
                    #!/bin/sh
                    echo ${base64encode(var.token)} > /etc/app-secret
                    echo password=${var.token} >> /etc/app-secret
                  tags:
                    Name: web-${lower(var.token)}
              targets:
                type: aws.elbv2.TargetGroup
                properties:
                  name: tg-${var.token}
                  protocol: HTTP
                  port: 80
                  targetType: instance
                  vpcId: ${data.vpc.id}
                  targets: [ "${resources.web.id}" ]
            outputs:
              url:
                value: https://${var.token}.example.com/
              shout:
                value: ${upper(var.token)}
              groupArn:
                value: ${resources.targets.arn}
              plain:
                value: ${data.vpc.id}
            """;

    /** The same token in an image lookup that finds nothing: AWS's error names what it looked for. */
    private static final String BAD_LOOKUP = """
            stack: secrets-error
            region: ap-northeast-2
            variables:
              token:
                type: string
                sensitive: true
            data:
              image:
                type: aws.ec2.Ami
                properties:
                  owners: ["099720109477"]
                  namePattern: ${var.token}-*
            resources:
              group:
                type: aws.ec2.SecurityGroup
                properties:
                  name: grp-${data.image.id}
                  description: never created
            """;

    @RegisterExtension
    static final MotoSandbox<Void> sandbox = MotoSandbox.direct();

    @Test
    void theTokenAndItsDerivedFormsAppearNowhere() throws Exception {
        Path stack = sandbox.dir().resolve("secrets.yaml");
        Files.writeString(stack, STACK);
        String s = stack.toString();
        String state = sandbox.dir().resolve("state.json").toString();
        String var = "token=" + SECRET;
        List<String> printed = new ArrayList<>();

        Cli.Result text = expect(0, printed, "plan", s, "--sandbox", "--var", var, "--state", state);
        assertTrue(text.out().matches("(?s).*userData\\s+= \\(sensitive\\).*"), text::toString);
        Cli.Result markdown = expect(0, printed, "plan", s, "--sandbox", "--var", var, "--state", state, "--markdown");
        assertTrue(markdown.out().contains("(sensitive)"), markdown::toString);
        Cli.Result json = expect(0, printed, "plan", s, "--sandbox", "--var", var, "--state", state, "--json");
        var plan = Json.mapper().readTree(json.out());
        assertFalse(plan.path("variables").has("token"), "sensitive variables are left out of plan JSON");
        assertTrue(plan.path("sensitiveOutputs").toString().contains("shout"), json.out());
        assertFalse(plan.path("outputs").has("shout"), json.out());

        Path saved = sandbox.dir().resolve("secrets.plan");
        expect(0, printed, "plan", s, "--sandbox", "--var", var, "--state", state, "--out", saved.toString());
        printed.add(Files.readString(saved));

        // --debug logs every AWS call on the process's stderr.
        PrintStream previousErr = System.err;
        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        Cli.Result apply;
        try {
            System.setErr(new PrintStream(debug, true, StandardCharsets.UTF_8));
            apply = expect(0, printed, "apply", s, "--sandbox", "--var", var, "--state", state, "--auto-approve", "--debug");
        } finally {
            System.setErr(previousErr);
        }
        printed.add(debug.toString(StandardCharsets.UTF_8));
        assertTrue(debug.toString(StandardCharsets.UTF_8).contains("debug: aws"), "the debug log was captured");
        assertTrue(apply.out().contains("shout = (sensitive: converge output"), apply::toString);
        assertTrue(apply.out().contains("groupArn = (sensitive: converge output"), "an ARN that holds the token is known only after apply: " + apply);
        assertTrue(apply.out().contains("plain = \"vpc-"), apply::toString);

        expect(0, printed, "output", s, "--sandbox", "--var", var, "--state", state);
        expect(0, printed, "output", s, "--sandbox", "--var", var, "--state", state, "--json");
        Cli.Result show = expect(0, printed, "state", "show", s, "web", "--sandbox", "--var", var, "--state", state);
        assertTrue(show.out().contains("\"userData\" : \"(sensitive)\""), show::toString);
        expect(0, printed, "state", "show", s, "targets", "--sandbox", "--var", var, "--state", state);
        expect(0, printed, "state", "list", s, "--sandbox", "--var", var, "--state", state);
        expect(0, printed, "plan", s, "--sandbox", "--var", var, "--state", state, "--json");

        Path bad = sandbox.dir().resolve("bad.yaml");
        Files.writeString(bad, BAD_LOOKUP);
        Cli.Result error = expect(1, printed, "plan", bad.toString(), "--sandbox", "--var", var,
                "--state", sandbox.dir().resolve("bad-state.json").toString());
        assertTrue(error.err().contains("(sensitive)-*") || error.all().contains("(sensitive)"), error::toString);

        for (String output : printed) {
            for (String form : FORMS) {
                assertFalse(output.toLowerCase(Locale.ROOT).contains(form.toLowerCase(Locale.ROOT)),
                        () -> "'" + form + "' printed in:\n" + output);
            }
        }

        // Asked for explicitly, the value is shown: the masking hides, it does not lose.
        Cli.Result shown = expect(0, new ArrayList<>(), "output", s, "shout", "--show-sensitive", "--sandbox", "--var", var, "--state", state);
        assertEquals(SECRET.toUpperCase(Locale.ROOT), shown.out().strip());
    }

    private Cli.Result expect(int exitCode, List<String> printed, String... args) {
        Cli.Result r = sandbox.expect(exitCode, args);
        printed.add(r.out() + r.err());
        return r;
    }
}
