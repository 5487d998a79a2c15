package dev.converge.checks;

import dev.converge.addr.Address;
import dev.converge.desired.Resolver;
import dev.converge.execution.Progress;
import dev.converge.provider.Wait;
import dev.converge.schema.Unknown;
import dev.converge.schema.Unknown;
import dev.converge.schema.Values;
import dev.converge.stack.Check;
import dev.converge.stack.Stack;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a stack's checks, one after the other in the order written. Each is attempted until it
 * passes or its {@code within} has passed, since a new site takes a while to answer everywhere (DNS
 * propagation, a certificate just attached); a line is printed when it starts failing and then
 * every {@link #REPORT_EVERY} while it keeps failing.
 *
 * <p>In the sandbox, or when AWS calls go to another endpoint (moto, LocalStack), the instances serve
 * nothing and DNS names are not real, so a check is skipped, saying so, unless it points at a
 * loopback address (a server on this machine).
 */
public final class CheckRunner {

    /**
     * Where the AWS calls go when it is not AWS itself: the checks of anything but a loopback address
     * are skipped there, since its instances serve nothing and its DNS names are not real.
     *
     * @param detail what a skipped check says ("skipped in the sandbox")
     * @param note   why, said once under the results
     */
    public record NotAws(String detail, String note) {
        public static final NotAws SANDBOX = new NotAws("skipped in the sandbox", "In the sandbox the instances run nothing "
                + "and DNS names are not real: only checks of loopback addresses (localhost, 127.0.0.1, ::1) run there.");

        /** AWS calls sent to {@code endpoint} (--endpoint, AWS_ENDPOINT_URL): moto or LocalStack, say. */
        public static NotAws endpoint(String endpoint) {
            return new NotAws("skipped: AWS calls go to " + endpoint, "AWS calls go to " + endpoint + ", not to AWS: its instances "
                    + "serve nothing and its DNS names are not real, so only checks of loopback addresses (localhost, 127.0.0.1, ::1) run.");
        }
    }

    static final Duration RETRY_EVERY = Duration.ofSeconds(2);
    static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    private final Stack stack;
    private final Resolver resolver;
    private final Function<Address, java.util.Map<String, Object>> valuesOf;
    private final NotAws notAws;
    private final Progress progress;

    /**
     * @param valuesOf each resource's and lookup's values as recorded (null when unknown)
     * @param notAws   where the AWS calls go instead of AWS, or null when they go to AWS
     */
    public CheckRunner(Stack stack, Function<Address, java.util.Map<String, Object>> valuesOf, NotAws notAws, Progress progress) {
        this.stack = stack;
        this.resolver = new Resolver(stack, valuesOf);
        this.valuesOf = valuesOf;
        this.notAws = notAws;
        this.progress = progress;
    }

    public List<CheckResult> runAll() {
        List<CheckResult> out = new ArrayList<>();
        for (Check c : stack.checks().values()) out.add(run(c));
        return out;
    }

    CheckResult run(Check check) {
        Object subject = resolver.resolveValue(check.subject());
        Object target = check.resolvesTo() == null ? null : resolver.resolveValue(check.resolvesTo());
        Object body = check.body() == null ? null : resolver.resolveValue(check.body());
        String shown = check.kind() == Check.Kind.HTTP ? display(subject) : display(subject) + " → " + display(target);
        if (Values.containsUnknown(subject) || Values.containsUnknown(target) || Values.containsUnknown(body)) {
            List<Address> missing = check.dependsOn().stream().filter(a -> valuesOf.apply(a) == null).toList();
            String what = missing.isEmpty()
                    ? "it refers to values not known yet (" + check.dependsOn().stream().map(Address::toString).collect(Collectors.joining(", ")) + ")"
                    : "it refers to " + missing.stream().map(Address::toString).collect(Collectors.joining(", "))
                            + (missing.size() == 1 ? ", which is" : ", which are") + " not applied yet";
            return new CheckResult(check.name(), shown, CheckResult.Outcome.FAILED, what + ": run `converge apply` first", Duration.ZERO, 0);
        }
        String host;
        URI uri = null;
        if (check.kind() == Check.Kind.HTTP) {
            try {
                uri = new URI(String.valueOf(subject));
                host = uri.getHost();
                if (host == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT))) {
                    throw new URISyntaxException(String.valueOf(subject), "not an http:// or https:// URL with a host name");
                }
            } catch (URISyntaxException e) {
                return new CheckResult(check.name(), shown, CheckResult.Outcome.FAILED, "not a valid URL: " + e.getReason(), Duration.ZERO, 0);
            }
        } else {
            host = String.valueOf(subject);
        }
        if (notAws != null && !isLoopback(host)) {
            return new CheckResult(check.name(), shown, CheckResult.Outcome.SKIPPED, notAws.detail(), Duration.ZERO, 0, notAws.note());
        }
        URI url = uri;
        HttpProbe http = new HttpProbe(check.timeout());
        DnsProbe dns = new DnsProbe();
        return retry(check, shown, () -> check.kind() == Check.Kind.HTTP
                ? http.get(url, check.status(), body == null ? null : String.valueOf(body), check.timeout())
                : dns.resolve(host, String.valueOf(target)));
    }

    private CheckResult retry(Check check, String shown, java.util.function.Supplier<HttpProbe.Attempt> probe) {
        Instant start = Instant.now();
        Instant deadline = start.plus(check.within());
        Instant nextReport = start;
        int attempts = 0;
        while (true) {
            Instant attemptStart = Instant.now();
            HttpProbe.Attempt a = probe.get();
            attempts++;
            Instant now = Instant.now();
            if (a.passed()) {
                // The time of the answer that passed, as a visitor would see it; earlier attempts are counted apart.
                return new CheckResult(check.name(), shown, CheckResult.Outcome.PASSED, a.received(), Duration.between(attemptStart, now), attempts);
            }
            if (!now.plus(RETRY_EVERY).isBefore(deadline) || Thread.currentThread().isInterrupted()) {
                return new CheckResult(check.name(), shown, CheckResult.Outcome.FAILED, a.problem(), Duration.between(start, now), attempts);
            }
            if (!now.isBefore(nextReport)) {
                progress.line("check " + check.name() + ": " + a.problem() + "; trying again for up to "
                        + Wait.format(Duration.between(now, deadline)));
                nextReport = now.plus(REPORT_EVERY);
            }
            try {
                Thread.sleep(RETRY_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CheckResult(check.name(), shown, CheckResult.Outcome.FAILED, "interrupted; last: " + a.problem(),
                        Duration.between(start, Instant.now()), attempts);
            }
        }
    }

    /** A name or address of this machine only: localhost, 127.0.0.0/8, ::1. Never a lookup for anything else. */
    static boolean isLoopback(String host) {
        if (host == null) return false;
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")) return true;
        if (!h.matches("^[0-9.]+$") && !h.contains(":")) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String display(Object v) {
        if (v == null) return "";
        if (v instanceof Unknown || Values.containsUnknown(v)) return "(not known yet)";
        return v instanceof String s ? s : Values.display(v);
    }
}
