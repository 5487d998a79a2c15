package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Location;

import java.time.Duration;
import java.util.List;

/**
 * One entry of a stack's {@code checks:} section: after apply (and on {@code converge check}) the site
 * must answer. {@code subject} and {@code resolvesTo} may hold templates that refer to resources;
 * they are resolved against the state when the check runs.
 *
 * @param subject    the URL to GET (HTTP) or the name to resolve (DNS)
 * @param status     the status an HTTP check expects (DNS: null)
 * @param body       a substring the HTTP answer's body must contain, or null (may hold templates)
 * @param resolvesTo what a DNS check's name must resolve to: a host name (its addresses) or an IP address
 * @param timeout    how long one attempt may take
 * @param within     how long attempts are repeated until one passes (DNS and certificates take time to settle)
 * @param dependsOn  the resources and lookups it refers to, as in the resource graph
 */
public record Check(String name, Kind kind, Object subject, ExpectedStatus status, Object body, Object resolvesTo,
                    Duration timeout, Duration within, List<Address> dependsOn, Location location) {

    public enum Kind { HTTP, DNS }

    /** An expected HTTP status: one code (200) or a class of them ("2xx"). */
    public record ExpectedStatus(int low, int high) {
        public static final ExpectedStatus OK = new ExpectedStatus(200, 200);

        public boolean matches(int status) {
            return status >= low && status <= high;
        }

        @Override
        public String toString() {
            return low == high ? String.valueOf(low) : (low / 100) + "xx";
        }
    }
}
