package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A listener of an Application Load Balancer: a port, HTTP or HTTPS, and what to do with requests.
 * Listeners can only be listed per load balancer, so reading costs one DescribeLoadBalancers per
 * 400 load balancers and one DescribeTags per 20 (to find this stack's), then one DescribeListeners
 * per load balancer this stack owns or that a known listener belongs to, and one DescribeTags per
 * 20 listeners.
 */
public final class ListenerResource extends AwsType implements ManagedType, Updatable {

    /** A listener, or the load balancer it listens on, deleted meanwhile or already. */
    private static final NotFound NOT_FOUND = NotFound.codes("ListenerNotFound", "LoadBalancerNotFound");

    public static final String NAME = "aws.elbv2.Listener";

    private static final ObjectType PROPERTIES = ObjectType.of(
            Property.builder("loadBalancerArn", StringType.ANY).required()
                    .forcesReplacement("a listener cannot move to another load balancer")
                    .description("ARN of the load balancer the listener belongs to.").build(),
            Property.builder("protocol", StringType.oneOf("HTTP", "HTTPS")).required()
                    .description("HTTP, or HTTPS (which needs certificateArn).").build(),
            Property.builder("port", NumberType.range(1, 65535)).required()
                    .description("Port the load balancer listens on, unique per load balancer.").build(),
            Property.builder("certificateArn", StringType.ANY)
                    .description("ARN of the ACM certificate served by an HTTPS listener; required for HTTPS, "
                            + "not allowed for HTTP.").build(),
            Property.builder("sslPolicy", StringType.matching("^ELBSecurityPolicy-[A-Za-z0-9-]+$"))
                    .description("TLS security policy of an HTTPS listener; AWS's default policy when unset.").build(),
            Property.builder("defaultAction", ListenerActions.TYPE).required()
                    .description("What to do with every request: forward, redirect or fixedResponse.").build(),
            Property.builder("tags", MapType.STRINGS).description("Tags of the listener.").build(),
            Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("The listener's ARN.").build(),
            Property.builder("arn", StringType.ANY).computed().description("The listener's ARN.").build());

    public static final ResourceSchema SCHEMA = new ResourceSchema(
            "A listener of an Application Load Balancer: a port, a protocol and a default action", PROPERTIES, null);

    public ListenerResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    private ElasticLoadBalancingV2Client elb() {
        return session.elbv2();
    }

    /**
     * The ARN of the load balancer a listener ARN belongs to:
     * {@code ...:listener/app/NAME/LB/LISTENER} belongs to {@code ...:loadbalancer/app/NAME/LB}.
     */
    static Optional<String> loadBalancerArnOf(String listenerArn) {
        int marker = listenerArn.indexOf(":listener/");
        int last = listenerArn.lastIndexOf('/');
        if (marker < 0 || last <= marker + ":listener/".length()) return Optional.empty();
        return Optional.of(listenerArn.substring(0, marker) + ":loadbalancer/"
                + listenerArn.substring(marker + ":listener/".length(), last));
    }

    /** What AWS would reject, said before any call: the protocol decides about the certificate. */
    static List<String> problems(Map<String, Object> p) {
        List<String> out = new ArrayList<>();
        boolean https = "HTTPS".equals(p.get("protocol"));
        if (https && p.get("certificateArn") == null) {
            out.add("an HTTPS listener needs certificateArn (the ACM certificate it serves)");
        }
        if (!https && p.get("certificateArn") != null) {
            out.add("certificateArn is only for HTTPS listeners; this one is " + p.get("protocol"));
        }
        if (!https && p.get("sslPolicy") != null) {
            out.add("sslPolicy is only for HTTPS listeners; this one is " + p.get("protocol"));
        }
        return out;
    }

    private static void validate(Map<String, Object> p) {
        List<String> problems = problems(p);
        if (!problems.isEmpty()) {
            throw new ProviderException("InvalidConfiguration", "listener on port " + p.get("port") + ": "
                    + String.join("; ", problems), false);
        }
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext ctx) {
        Elbv2Listing listing = Elbv2Listing.of(elb(), ctx);
        List<LoadBalancer> balancers = listing.loadBalancers();
        Map<String, Map<String, String>> lbTags = listing.tags();
        Set<String> referenced = new HashSet<>();
        for (String id : knownIds) loadBalancerArnOf(id).ifPresent(referenced::add);
        List<String> relevant = balancers.stream().map(LoadBalancer::loadBalancerArn)
                .filter(arn -> referenced.contains(arn) || AwsTags.ownedBy(lbTags.getOrDefault(arn, Map.of()), stack))
                .toList();
        List<Listener> listeners = PerResource.map(relevant, this::listenersOf).stream().flatMap(List::stream).toList();
        Map<String, Map<String, String>> tags = Elbv2Tags.describe(elb(), listeners.stream().map(Listener::listenerArn).toList());
        List<LiveResource> out = new ArrayList<>();
        for (Listener l : listeners) {
            Map<String, String> t = tags.get(l.listenerArn());
            if (Elbv2Tags.ownedOrKnown(l.listenerArn(), t, stack, knownIds)) out.add(toLive(l, t == null ? Map.of() : t));
        }
        return out;
    }

    /** The listeners of one load balancer; none if it was deleted meanwhile. */
    private List<Listener> listenersOf(String loadBalancerArn) {
        try {
            return AwsErrors.call(() -> {
                List<Listener> out = new ArrayList<>();
                elb().describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn)).listeners().forEach(out::add);
                return out;
            });
        } catch (ProviderException e) {
            if (NOT_FOUND.is(e)) return List.of();
            throw e;
        }
    }

    static LiveResource toLive(Listener l, Map<String, String> tags) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("loadBalancerArn", l.loadBalancerArn());
        v.put("protocol", l.protocolAsString());
        v.put("port", l.port().longValue());
        // Certificates and policies only mean something on HTTPS (moto reports a policy on HTTP too).
        if ("HTTPS".equals(l.protocolAsString())) {
            // DescribeListeners returns the default certificate only.
            l.certificates().stream().map(Certificate::certificateArn).findFirst().ifPresent(c -> v.put("certificateArn", c));
            if (l.sslPolicy() != null) v.put("sslPolicy", l.sslPolicy());
        }
        Map<String, Object> action = ListenerActions.fromSdk(l.defaultActions());
        if (action != null) v.put("defaultAction", action);
        v.put("tags", AwsTags.userTags(tags));
        v.put(ResourceSchema.ID, l.listenerArn());
        v.put("arn", l.listenerArn());
        return new LiveResource(l.listenerArn(), AwsTags.address(tags), v, AwsTags.proof(tags));
    }

    Optional<LiveResource> readOne(String arn) {
        return NOT_FOUND.first(() -> elb().describeListeners(r -> r.listenerArns(arn)).listeners())
                .map(found -> toLive(found, Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of())));
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource create(CreateRequest req, ProviderContext ctx) {
        Map<String, Object> p = req.properties();
        validate(p);
        String lbArn = (String) p.get("loadBalancerArn");
        int port = ((Number) p.get("port")).intValue();
        // Ports are unique per load balancer: a listener already there is either the copy an
        // interrupted apply left (adopt it) or somebody else's (refuse).
        Optional<Listener> existing = listenersOf(lbArn).stream().filter(l -> l.port() == port).findFirst();
        String arn;
        if (existing.isPresent()) {
            arn = existing.get().listenerArn();
            Map<String, String> tags = Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of());
            Adoption.requireOwnCopy("listener", "on port " + port + " of " + lbArn, arn, tags, req, ctx);
            LiveResource current = toLive(existing.get(), tags);
            modify(arn, p);
            Elbv2Tags.update(elb(), arn, (Map<String, Object>) current.values().get("tags"), req.tags());
        } else {
            arn = certificateMayLag(p, () -> elb().createListener(r -> r
                    .loadBalancerArn(lbArn)
                    .protocol((String) p.get("protocol"))
                    .port(port)
                    .certificates(certificates(p))
                    .sslPolicy(httpsOnly(p, "sslPolicy"))
                    .defaultActions(ListenerActions.toSdk((Map<String, Object>) p.get("defaultAction")))
                    .tags(Elbv2Tags.sdk(req.tags()))).listeners().get(0).listenerArn());
            Adoption.requireCreatedForUs("listener", "on port " + port + " of " + lbArn, arn,
                    Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of()), req);
        }
        String created = arn;
        return readOne(arn).orElseThrow(() -> new ProviderException("ListenerNotFound",
                "listener " + created + " disappeared right after it was created", true));
    }

    private static List<Certificate> certificates(Map<String, Object> p) {
        String cert = httpsOnly(p, "certificateArn");
        return cert == null ? null : List.of(Certificate.builder().certificateArn(cert).build());
    }

    private static String httpsOnly(Map<String, Object> p, String key) {
        return "HTTPS".equals(p.get("protocol")) && p.get(key) != null ? String.valueOf(p.get(key)) : null;
    }

    /**
     * A certificate ACM has just issued can be unknown to Elastic Load Balancing for a little while
     * (CertificateNotFound): eventual consistency, so the engine should retry rather than fail.
     */
    private static <T> T certificateMayLag(Map<String, Object> p, Supplier<T> call) {
        try {
            return AwsErrors.call(call);
        } catch (ProviderException e) {
            if (!"CertificateNotFound".equals(e.code())) throw e;
            throw new ProviderException(e.code(), "certificate " + p.get("certificateArn") + " is not visible to Elastic "
                    + "Load Balancing yet (usual for a few minutes after it is issued): " + e.getMessage(), true, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void modify(String arn, Map<String, Object> p) {
        certificateMayLag(p, () -> elb().modifyListener(r -> r
                .listenerArn(arn)
                .protocol((String) p.get("protocol"))
                .port(((Number) p.get("port")).intValue())
                .certificates(certificates(p))
                .sslPolicy(httpsOnly(p, "sslPolicy"))
                .defaultActions(ListenerActions.toSdk((Map<String, Object>) p.get("defaultAction")))));
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext ctx) {
        validate(desired);
        Set<String> settings = new LinkedHashSet<>(changed);
        settings.remove("tags");
        // ModifyListener takes the whole listener; one call whatever changed.
        if (!settings.isEmpty()) modify(current.id(), desired);
        if (changed.contains("tags")) {
            Elbv2Tags.update(elb(), current.id(), (Map<String, Object>) current.values().get("tags"), tags);
        }
        return readOne(current.id()).orElseThrow(() -> new ProviderException("ListenerNotFound",
                "listener " + current.id() + " was deleted during the update", false));
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        List<String> notes = new ArrayList<>();
        if (changed.contains("port")) notes.add("clients of the old port are refused once the listener moves");
        if (changed.contains("protocol")) notes.add("clients speaking the old protocol fail once the listener switches");
        return notes;
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Elbv2Tags#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Elbv2Tags.disown(elb(), stack, "listener", resource.id());
    }

    @Override
    public void delete(LiveResource resource, ProviderContext ctx) {
        NOT_FOUND.ignoring(() -> elb().deleteListener(r -> r.listenerArn(resource.id())));
    }
}
