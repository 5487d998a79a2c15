package dev.converge.provider.aws.acm;

import dev.converge.provider.CheckContext;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.aws.route53.ZoneMembership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every name of a certificate (domainName and each alternative name) must be inside its validation
 * zone: ACM asks for a CNAME per name, and Converge writes them into that zone. A name outside it
 * would fail at apply, after the load balancer was created, with nothing a rerun could fix.
 */
final class CertificateNameCheck {

    private final ZoneMembership zones;

    CertificateNameCheck(ZoneMembership zones) {
        this.zones = zones;
    }

    List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned, CheckContext context) {
        List<PlanChecked.Problem> out = new ArrayList<>();
        for (PlanChecked.Planned p : planned) {
            if (!p.sets("domainName") && !p.sets("subjectAlternativeNames") && !p.sets("validation")) continue;
            if (!(p.desired().get("validation") instanceof Map<?, ?> validation)
                    || !(validation.get("zoneId") instanceof String zoneId)) continue; // known after apply
            boolean zoneMissing = false;
            for (Map.Entry<String, String> name : names(p.desired()).entrySet()) {
                var problem = zones.check(p.address(), name.getKey(), name.getValue(), "validation.zoneId", zoneId,
                        "validation zone", context);
                if (problem.isEmpty()) continue;
                boolean aboutZone = problem.get().property().equals("validation.zoneId");
                if (aboutZone && zoneMissing) continue; // a missing zone is one problem, not one per name
                zoneMissing |= aboutZone;
                out.add(problem.get());
            }
        }
        return out;
    }

    /** Property path → name, for the names known at plan time. */
    static Map<String, String> names(Map<String, Object> desired) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (desired.get("domainName") instanceof String d) out.put("domainName", d);
        if (desired.get("subjectAlternativeNames") instanceof List<?> sans) {
            for (int i = 0; i < sans.size(); i++) {
                if (sans.get(i) instanceof String s) out.put("subjectAlternativeNames[" + i + "]", s);
            }
        }
        return out;
    }
}
