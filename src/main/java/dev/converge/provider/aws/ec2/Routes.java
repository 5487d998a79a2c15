package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routes of a route table as a stack writes them (one IPv4 destination, one target) and how an
 * update brings a table's routes to them: routes to new destinations are created, those whose
 * target changed are replaced in one call (never deleted and re-created, which would drop traffic
 * in between), and those no longer written are deleted, in that order.
 */
final class Routes {

    private static final NotFound ROUTE_NOT_FOUND = NotFound.codes("InvalidRoute.NotFound", "InvalidRouteTableID.NotFound");

    static final ObjectType ROUTE = ObjectType.of("A route: an IPv4 destination and exactly one target.",
            Property.builder("destinationCidrBlock", StringType.of(StringType.Format.CIDR_V4)).required()
                    .description("Where the traffic goes, e.g. 0.0.0.0/0 for the internet.").build(),
            Property.builder("gatewayId", StringType.matching("^igw-[0-9a-f]+$", "an internet gateway id (igw-...)"))
                    .description("An internet gateway, e.g. ${resources.gateway.id}: a public route.").build(),
            Property.builder("natGatewayId", StringType.matching("^nat-[0-9a-f]+$", "a NAT gateway id (nat-...)"))
                    .description("A NAT gateway, e.g. ${resources.nat.id}: a private subnet's way out.").build())
            .exactlyOneOf("gatewayId", "natGatewayId");

    private Routes() {
    }

    /** One route, by destination. */
    record Spec(String destination, String gatewayId, String natGatewayId) {

        static Spec of(Object value) {
            Map<?, ?> m = (Map<?, ?>) value;
            return new Spec((String) m.get("destinationCidrBlock"), (String) m.get("gatewayId"), (String) m.get("natGatewayId"));
        }

        Map<String, Object> toValue() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("destinationCidrBlock", destination);
            if (gatewayId != null) out.put("gatewayId", gatewayId);
            if (natGatewayId != null) out.put("natGatewayId", natGatewayId);
            return out;
        }
    }

    /**
     * The routes a stack manages in a table as read: those made by CreateRoute. The local route
     * (made with the table, origin CreateRouteTable) and propagated VPN routes are AWS's; IPv6 and
     * prefix-list destinations are outside what the type writes and are left alone.
     */
    static List<Spec> managed(List<Route> routes) {
        List<Spec> out = new ArrayList<>();
        for (Route r : routes) {
            if (r.origin() != RouteOrigin.CREATE_ROUTE || r.destinationCidrBlock() == null || "local".equals(r.gatewayId())) continue;
            out.add(new Spec(r.destinationCidrBlock(), r.gatewayId(), r.natGatewayId()));
        }
        return out;
    }

    static List<Object> toValues(List<Spec> routes) {
        List<Object> out = new ArrayList<>();
        for (Spec s : routes) out.add(s.toValue());
        return out;
    }

    /** The desired routes, checked before any call: one route per destination, as AWS keys them. */
    static List<Spec> parse(Object value) {
        List<Spec> out = new ArrayList<>();
        Map<String, Spec> seen = new LinkedHashMap<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                Spec s = Spec.of(o);
                if (seen.put(s.destination(), s) != null) {
                    throw new dev.converge.provider.ProviderException("InvalidParameterValue", "two routes to " + s.destination()
                            + ": a route table has one route per destination", false);
                }
                out.add(s);
            }
        }
        return out;
    }

    /** Brings {@code tableId}'s routes from {@code current} (as read) to {@code desired}. */
    static void apply(Ec2Client ec2, String tableId, List<Spec> current, List<Spec> desired) {
        Map<String, Spec> now = byDestination(current);
        Map<String, Spec> wanted = byDestination(desired);
        for (Spec s : wanted.values()) {
            Spec had = now.get(s.destination());
            if (had == null) {
                AwsErrors.run(() -> ec2.createRoute(r -> r.routeTableId(tableId).destinationCidrBlock(s.destination())
                        .gatewayId(s.gatewayId()).natGatewayId(s.natGatewayId())));
            } else if (!Objects.equals(had, s)) {
                AwsErrors.run(() -> ec2.replaceRoute(r -> r.routeTableId(tableId).destinationCidrBlock(s.destination())
                        .gatewayId(s.gatewayId()).natGatewayId(s.natGatewayId())));
            }
        }
        for (Spec s : now.values()) {
            if (!wanted.containsKey(s.destination())) {
                ROUTE_NOT_FOUND.ignoring(() -> ec2.deleteRoute(r -> r.routeTableId(tableId).destinationCidrBlock(s.destination())));
            }
        }
    }

    private static Map<String, Spec> byDestination(List<Spec> routes) {
        Map<String, Spec> out = new LinkedHashMap<>();
        for (Spec s : routes) out.put(s.destination(), s);
        return out;
    }
}
