package dev.converge.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code cost} object of {@code plan --json} (docs/plan-format.md): numbers, currency, assumptions, catalogue date. */
public final class CostJson {

    private CostJson() {
    }

    /** The plan's JSON with the {@code cost} object added after its other fields. */
    public static String withCost(String planJson, PlanCost cost) {
        try {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) dev.converge.json.Json.mapper().readTree(planJson);
            node.set("cost", dev.converge.json.Json.mapper().valueToTree(of(cost)));
            return dev.converge.json.Json.write(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("plan JSON did not parse back", e);
        }
    }

    public static Map<String, Object> of(PlanCost cost) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currency", cost.catalogue().currency());
        out.put("period", "month");
        out.put("hoursPerMonth", cost.catalogue().hoursPerMonth());
        out.put("catalogueDate", cost.catalogue().asOf().toString());
        out.put("region", cost.region());
        out.put("estimate", cost.estimate());
        out.put("before", total(cost.before()));
        out.put("after", total(cost.after()));
        out.put("delta", Money.cents(cost.delta()));
        List<Map<String, Object>> resources = new ArrayList<>();
        for (PlanCost.Entry e : cost.entries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("address", e.address());
            r.put("action", e.action().name().toLowerCase());
            r.put("before", e.before() == null ? null : Money.cents(e.before().monthly()));
            r.put("after", e.after() == null ? null : Money.cents(e.after().monthly()));
            r.put("delta", Money.cents(e.delta()));
            r.put("items", items(e.after() != null ? e.after() : e.before()));
            resources.add(r);
        }
        out.put("resources", resources);
        out.put("keepsCosting", cost.keepsCosting().stream().map(CostJson::item).toList());
        out.put("assumptions", Map.of("lcuPerLoadBalancer", cost.assumptions().lcuPerLoadBalancer(),
                "rootVolumeType", cost.assumptions().rootVolumeType(), "stated", cost.assumptions().describe()));
        out.put("notIncluded", cost.notIncluded());
        return out;
    }

    private static Map<String, Object> total(PlanCost.Total t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("monthly", Money.cents(t.known()));
        m.put("unknown", t.unknown());
        return m;
    }

    private static List<Map<String, Object>> items(ResourceCost c) {
        return c == null ? List.of() : c.charges().stream().map(CostJson::item).toList();
    }

    private static Map<String, Object> item(Charge c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item", c.item());
        m.put("monthly", Money.cents(c.monthly()));
        m.put("detail", c.detail());
        return m;
    }
}
