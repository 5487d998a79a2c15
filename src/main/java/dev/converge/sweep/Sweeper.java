package dev.converge.sweep;

import dev.converge.cost.Charge;
import dev.converge.cost.PriceCatalogue;
import dev.converge.cost.ResourceCost;
import dev.converge.cost.TypePricing;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipProof;
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

    /** Stray volumes are classified under this name: no Converge type manages volumes on their own. */
    private static final String VOLUME = "ec2 volume";

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
        OwnershipClassifier.Result owned = new OwnershipClassifier(stack, key(stack), State.empty(stack)).classify(byType);
        Set<String> proven = new java.util.HashSet<>();
        owned.resources().values().forEach(t -> proven.add(t.type() + " " + t.resource().id()));
        owned.duplicates().forEach(t -> proven.add(t.type() + " " + t.resource().id()));
        List<OwnedStack.Resource> out = new ArrayList<>();
        byType.forEach((name, read) -> {
            for (LiveResource r : read) {
                out.add(new OwnedStack.Resource(r.address(), name, r.id(), pricing.price(name, r.values(), region, true),
                        proven.contains(name + " " + r.id())));
                if (r.proof() != null) OwnershipProof.nonce(r.proof()).ifPresent(n -> liveNonces.computeIfAbsent(stack, k -> new java.util.HashSet<>()).add(n));
                if (name.equals("aws.ec2.ElasticIp") && !(r.values().get("instanceId") instanceof String)) idleIds.add(r.id());
            }
        });
        out.sort(java.util.Comparator.comparing(OwnedStack.Resource::address, java.util.Comparator.nullsLast(String::compareTo)));
        return out;
    }

    /**
     * Idle Elastic IPs among the stacks' resources, and Converge-tagged volumes attached to nothing,
     * each volume classified as refresh classifies resources: proven when its proof (a root volume
     * carries its instance's tags, proof included) verifies with its stack's key and no other volume
     * of the stack, nor any of its resources read by {@link #resources}, carries the same proof (a
     * copy of an instance's or its root volume's tags is not a leak). Call after {@link #resources}.
     */
    public List<CostLeak> leaks(Map<String, List<OwnedStack.Resource>> byStack) {
        List<CostLeak> out = new ArrayList<>();
        byStack.forEach((stack, resources) -> resources.stream()
                .filter(r -> r.type().equals("aws.ec2.ElasticIp") && idleIds.contains(r.id()))
                .forEach(r -> out.add(new CostLeak(stack, region, "Elastic IP " + r.id() + " associated with nothing", r.cost().charges().get(0),
                        null, r.proven()))));
        Map<String, List<Volume>> volumesByStack = new TreeMap<>();
        session.ec2().describeVolumesPaginator(r -> r.filters(Filter.builder().name("tag-key").values(Ownership.STACK_TAG).build()))
                .volumes().forEach(v -> volumesByStack.computeIfAbsent(tag(v, Ownership.STACK_TAG), k -> new ArrayList<>()).add(v));
        volumesByStack.forEach((stack, volumes) -> {
            Set<String> proven = provenVolumes(stack, volumes);
            for (Volume v : volumes) {
                if (!"available".equals(v.stateAsString())) continue;
                Charge c = pricing.volume(v.volumeTypeAsString(), BigDecimal.valueOf(v.size()), region);
                String address = Ownership.address(tag(v, Ownership.ID_TAG));
                out.add(new CostLeak(stack, region, "volume " + v.volumeId() + " (" + v.size() + " GB " + v.volumeTypeAsString() + ")"
                        + (address == null ? "" : " of " + address) + " attached to nothing", c, v.volumeId(), proven.contains(v.volumeId())));
            }
        });
        return out;
    }

    private Set<String> provenVolumes(String stack, List<Volume> volumes) {
        List<LiveResource> claims = volumes.stream()
                .map(v -> new LiveResource(v.volumeId(), Ownership.address(tag(v, Ownership.ID_TAG)), Map.of(), tag(v, Ownership.PROOF_TAG)))
                .toList();
        OwnershipClassifier.Result r = new OwnershipClassifier(stack, key(stack), State.empty(stack)).classify(Map.of(VOLUME, claims));
        Set<String> out = new java.util.HashSet<>();
        r.resources().values().forEach(t -> out.add(t.resource().id()));
        r.duplicates().forEach(t -> out.add(t.resource().id()));
        // A proof that a live resource of the stack carries (an instance, whose root volume bears its tags) is
        // that resource's: on a detached volume it is a copy, or the disk of an instance still there. Not a leak.
        Set<String> live = liveNonces.getOrDefault(stack, Set.of());
        volumes.stream().filter(v -> {
            String proof = tag(v, Ownership.PROOF_TAG);
            return proof != null && OwnershipProof.nonce(proof).map(live::contains).orElse(false);
        }).forEach(v -> out.remove(v.volumeId()));
        return out;
    }

    private byte[] key(String stack) {
        return keys.computeIfAbsent(stack, s -> java.util.Optional.ofNullable(AwsProvider.registry(session).ownershipKeys().read(s).orElse(null)))
                .orElse(null);
    }

    private static String tag(Volume v, String key) {
        return v.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    /** Elastic IPs read without an association: billed for nothing. */
    private final Set<String> idleIds = new java.util.HashSet<>();
    /** The proof nonces of each stack's resources read by {@link #resources}. */
    private final Map<String, Set<String>> liveNonces = new java.util.HashMap<>();
    /** Each stack's ownership key, read once (absent: nothing of it can be proven). */
    private final Map<String, java.util.Optional<byte[]>> keys = new java.util.HashMap<>();

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
