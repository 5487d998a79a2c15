package dev.converge.sweep;

import dev.converge.cost.Charge;
import dev.converge.cost.PriceCatalogue;
import dev.converge.cost.ResourceCost;
import dev.converge.cost.TypePricing;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.aws.AwsSession;
import dev.converge.refresh.OwnershipClassifier;
import dev.converge.state.State;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds, in one region, every stack that has resources carrying Converge's ownership tag, reads
 * each one's resources the way destroy finds them (by the tag, without state), prices them, and
 * lists the cost leaks: Elastic IPs associated with nothing, volumes attached to nothing.
 */
public final class Sweeper {

    private final AwsSession session;
    private final String region;
    private final TypePricing pricing;
    private final boolean sandbox;

    public Sweeper(AwsSession session, String region, TypePricing pricing, boolean sandbox) {
        this.session = session;
        this.region = region;
        this.pricing = pricing;
        this.sandbox = sandbox;
    }

    /** The stack names that own something here, from EC2's tags and the tagging API (whichever answers). */
    public Set<String> stackNames() {
        Set<String> out = new TreeSet<>();
        session.ec2().describeTagsPaginator(r -> r.filters(Filter.builder().name("key").values(Ownership.STACK_TAG).build()))
                .tags().forEach(t -> out.add(t.value()));
        try {
            session.tagging().getResourcesPaginator(r -> r.tagFilters(f -> f.key(Ownership.STACK_TAG))).resourceTagMappingList()
                    .forEach(m -> m.tags().stream().filter(t -> t.key().equals(Ownership.STACK_TAG)).forEach(t -> out.add(t.value())));
        } catch (RuntimeException e) {
            // The tagging API is not everywhere (nor in every emulator): EC2's tags still name the stacks.
        }
        return out;
    }

    /**
     * Everything carrying the stack's ownership tags here, each with its monthly cost and whether its
     * ownership is proven: classified as refresh classifies it without a state, with the stack's key.
     */
    public List<OwnedStack.Resource> resources(String stack) {
        TypeRegistry registry = AwsProvider.registry(session);
        Map<String, List<LiveResource>> byType = new TreeMap<>();
        for (String name : registry.managedNames()) {
            ResourceType type = registry.find(name).orElseThrow();
            byType.put(name, ((ManagedType) type).read(stack, List.of(), context()));
        }
        byte[] key = registry.ownershipKeys().read(stack).orElse(null);
        OwnershipClassifier.Result owned = new OwnershipClassifier(stack, key, State.empty(stack)).classify(byType);
        Set<String> proven = new java.util.HashSet<>();
        owned.resources().values().forEach(t -> proven.add(t.type() + " " + t.resource().id()));
        owned.duplicates().forEach(t -> proven.add(t.type() + " " + t.resource().id()));
        List<OwnedStack.Resource> out = new ArrayList<>();
        byType.forEach((name, read) -> {
            for (LiveResource r : read) {
                out.add(new OwnedStack.Resource(r.address(), name, r.id(), pricing.price(name, r.values(), region, true),
                        proven.contains(name + " " + r.id())));
                if (name.equals("aws.ec2.ElasticIp") && !(r.values().get("instanceId") instanceof String)) idleIds.add(r.id());
            }
        });
        out.sort(java.util.Comparator.comparing(OwnedStack.Resource::address, java.util.Comparator.nullsLast(String::compareTo)));
        return out;
    }

    /** Idle Elastic IPs among the stacks' resources, and Converge-tagged volumes attached to nothing. */
    public List<CostLeak> leaks(Map<String, List<OwnedStack.Resource>> byStack) {
        List<CostLeak> out = new ArrayList<>();
        byStack.forEach((stack, resources) -> resources.stream()
                .filter(r -> r.type().equals("aws.ec2.ElasticIp") && idleIds.contains(r.id()))
                .forEach(r -> out.add(new CostLeak(stack, region, "Elastic IP " + r.id() + " associated with nothing", r.cost().charges().get(0)))));
        List<Volume> volumes = new ArrayList<>();
        session.ec2().describeVolumesPaginator(r -> r.filters(Filter.builder().name("tag-key").values(Ownership.STACK_TAG).build(),
                Filter.builder().name("status").values("available").build())).volumes().forEach(volumes::add);
        for (Volume v : volumes) {
            String stack = v.tags().stream().filter(t -> t.key().equals(Ownership.STACK_TAG)).map(t -> t.value()).findFirst().orElse("?");
            Charge c = pricing.volume(v.volumeTypeAsString(), BigDecimal.valueOf(v.size()), region);
            out.add(new CostLeak(stack, region, "volume " + v.volumeId() + " (" + v.size() + " GB " + v.volumeTypeAsString() + ") attached to nothing", c));
        }
        return out;
    }

    /** Elastic IPs read without an association: billed for nothing. */
    private final Set<String> idleIds = new java.util.HashSet<>();

    private ProviderContext context() {
        return new ProviderContext() {
            @Override
            public void status(String message) {
            }

            @Override
            public Duration timeout(String what, Duration defaultTimeout) {
                return defaultTimeout;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(sandbox ? 0 : 2);
            }

            @Override
            public boolean sandbox() {
                return sandbox;
            }
        };
    }
}
