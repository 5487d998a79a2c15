package dev.converge.provider.aws.acm;

import dev.converge.addr.Address;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.route53.HostedZoneData;
import dev.converge.provider.aws.route53.RecordResource;
import dev.converge.stack.DiagnosticPrinter;
import dev.converge.stack.Stack;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Route 53 and ACM entries of stacks/elb-https.yaml and stacks/nginx-certbot.yaml load against these schemas. */
class ExampleStackSchemaTest {

    @TempDir
    Path dir;

    private Stack load(String yaml) throws Exception {
        Path f = dir.resolve("stack.yaml");
        Files.writeString(f, yaml);
        // The session is never asked for a client while loading.
        AwsSession session = new AwsSession(AwsSettings.defaults("ap-northeast-2"));
        TypeRegistry registry = new TypeRegistry().register(new HostedZoneData(session)).register(new RecordResource(session))
                .register(new CertificateResource(session));
        return new StackLoader(registry).load(f, VariableInputs.none());
    }

    @Test
    void theExampleStacksEntriesLoad() throws Exception {
        Stack s = load("""
                stack: elb-https
                variables:
                  domain: { type: string, default: app.example.com }
                  zone: { type: string, default: example.com }
                data:
                  zone:
                    type: aws.route53.HostedZone
                    properties:
                      name: ${var.zone}
                resources:
                  certificate:
                    type: aws.acm.Certificate
                    properties:
                      domainName: ${var.domain}
                      validation:
                        method: dns
                        zoneId: ${data.zone.id}
                  dns:
                    type: aws.route53.Record
                    properties:
                      zoneId: ${data.zone.id}
                      name: ${var.domain}
                      type: A
                      alias:
                        dnsName: elb-https-1.ap-northeast-2.elb.amazonaws.com
                        hostedZoneId: ZWKZPGTI48KDX
                        evaluateTargetHealth: true
                  plain:
                    type: aws.route53.Record
                    properties:
                      zoneId: ${data.zone.id}
                      name: www.example.com
                      type: A
                      ttl: 300
                      values: [ "203.0.113.10" ]
                outputs:
                  arn: { value: "${resources.certificate.arn}" }
                  records: { value: "${resources.certificate.validationRecords}" }
                  nameServers: { value: "${data.zone.nameServers}" }
                """);
        assertEquals(4, s.instances().size());
        assertTrue(s.graph().dependenciesOf(Address.resource("dns")).contains(Address.data("zone")));
    }

    @Test
    void aRecordNeedsValuesOrAnAliasButNotBoth() {
        StackException e = assertThrows(StackException.class, () -> load("""
                stack: s
                resources:
                  both:
                    type: aws.route53.Record
                    properties:
                      zoneId: Z1
                      name: www.example.com
                      type: A
                      values: [ "203.0.113.10" ]
                      alias: { dnsName: lb.example.com, hostedZoneId: Z2 }
                  neither:
                    type: aws.route53.Record
                    properties: { zoneId: Z1, name: www.example.com, type: SRV }
                  emailValidated:
                    type: aws.acm.Certificate
                    properties:
                      domainName: app.example.com
                      validation: { method: email, zoneId: Z1 }
                """));
        String out = new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics());
        assertTrue(out.contains("only one of values, alias must be set"), out);
        assertTrue(out.contains("one of values, alias must be set"), out);
        assertTrue(out.contains("SRV"), out);
        assertTrue(out.contains("email"), out);
    }
}
