package dev.converge.checks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One resolution of a DNS check: the name must resolve, and only to addresses of its target (a load
 * balancer's DNS name, whose addresses change over time and are resolved at the same moment, or an
 * IP address such as an Elastic IP). Uses the system resolver, as the site's visitors do.
 */
final class DnsProbe {

    HttpProbe.Attempt resolve(String name, String target) {
        Set<String> got;
        try {
            got = addresses(name);
        } catch (UnknownHostException e) {
            return new HttpProbe.Attempt(name + " does not resolve", null);
        }
        Set<String> wanted;
        try {
            wanted = addresses(target);
        } catch (UnknownHostException e) {
            return new HttpProbe.Attempt("its target " + target + " does not resolve", String.join(", ", got));
        }
        List<String> foreign = got.stream().filter(a -> !wanted.contains(a)).toList();
        if (!foreign.isEmpty()) {
            return new HttpProbe.Attempt(name + " resolves to " + String.join(", ", got) + ", not to " + target + " ("
                    + String.join(", ", wanted) + ")", String.join(", ", got));
        }
        return new HttpProbe.Attempt(null, String.join(", ", got));
    }

    private static Set<String> addresses(String host) throws UnknownHostException {
        return new TreeSet<>(Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).toList());
    }
}
