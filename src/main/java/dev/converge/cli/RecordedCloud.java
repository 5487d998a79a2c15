package dev.converge.cli;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What the sandbox answered, call by call, to a no-change {@code plan} of the example stack
 * {@code elb-https} (files in {@code dev/converge/cli/training/}, one per operation), replayed by the
 * training run of the start-up archive. With them that plan reads every resource as AWS describes
 * it (instances with their interfaces and volumes, listeners with their actions, proven ownership
 * tags), so the archive holds the classes an everyday no-change plan loads, not only those of a
 * first plan against an empty account: the SDK's response models and their unmarshalling are most
 * of a plan's classes.
 *
 * <p>The two {@code DescribeTags} answers (load balancer and target group, then listeners) are
 * kept as one, which holds all four; Route 53's REST operations are named from their paths. To
 * record them again after the example stack changes: apply it in the sandbox, put a logging proxy
 * in front of moto, and run {@code converge plan stacks/elb-https.yaml --endpoint PROXY} (the
 * sandbox's ownership key is the one answered by {@code GetParameter}, so the proofs verify).
 * {@code TrainingTest} fails when they no longer give a plan without changes.
 */
final class RecordedCloud {

    private RecordedCloud() {
    }

    /** The recorded answer to this call, or null when none was recorded (the run then fails, loudly). */
    static Answer answer(HttpExchange x, String body) {
        String target = x.getRequestHeaders().getFirst("X-Amz-Target");
        String operation;
        String type;
        if (target != null) {
            operation = target.substring(target.lastIndexOf('.') + 1);
            type = "application/x-amz-json-1.1";
        } else {
            operation = x.getRequestURI().getPath().startsWith("/2013-04-01/") ? route53(x.getRequestURI().getPath()) : action(body);
            type = "text/xml";
        }
        byte[] recorded = resource(operation + (type.equals("text/xml") ? ".xml" : ".json"));
        return recorded == null ? null : new Answer(type, recorded);
    }

    record Answer(String contentType, byte[] body) {
    }

    private static String route53(String path) {
        if (path.startsWith("/2013-04-01/hostedzonesbyname")) return "ListHostedZonesByName";
        if (path.endsWith("/rrset")) return "ListResourceRecordSets";
        if (path.matches("/2013-04-01/hostedzone/[^/]+")) return "GetHostedZone";
        return "ListHostedZones";
    }

    static String action(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
        }
        return "Unknown";
    }

    private static byte[] resource(String name) {
        try (InputStream in = RecordedCloud.class.getResourceAsStream("training/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
