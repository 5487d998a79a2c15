package dev.converge.testing.fake;

import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.schema.Property;
import dev.converge.schema.Values;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A managed type backed by {@link FakeCloud}. Computed attributes get generated values (an id-based
 * ARN, a fake IP). With {@code updatable} false, every change is a replacement.
 */
public class FakeType implements ManagedType, Updatable {

    private final String name;
    private final ResourceSchema schema;
    private final FakeCloud cloud;
    private final String idPrefix;

    public FakeType(String name, ResourceSchema schema, FakeCloud cloud, String idPrefix) {
        this.name = name;
        this.schema = schema;
        this.cloud = cloud;
        this.idPrefix = idPrefix;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ResourceSchema schema() {
        return schema;
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        return cloud.record("read", name, "*", () -> {
            List<LiveResource> out = new ArrayList<>();
            cloud.objects(name).forEach((id, o) -> {
                if (stack.equals(FakeCloud.tag(o, "converge:stack")) || knownIds.contains(id)) out.add(FakeCloud.toLive(id, o));
            });
            return out;
        });
    }

    @Override
    public LiveResource create(CreateRequest req, ProviderContext context) {
        return cloud.record("create", name, req.address(), () -> {
            String existing = cloud.idForToken(req.idempotencyToken());
            if (existing != null && cloud.objects(name).containsKey(existing)) {
                return FakeCloud.toLive(existing, cloud.objects(name).get(existing));
            }
            String id = cloud.newId(idPrefix);
            Map<String, Object> o = new LinkedHashMap<>();
            for (Property p : schema.properties().properties()) {
                if (p.computed()) continue;
                Object v = req.properties().get(p.name());
                if (v != null && !p.name().equals("tags")) o.put(p.name(), Values.deepCopy(v));
            }
            computed(id, o);
            o.put("allTags", new LinkedHashMap<>(req.tags()));
            cloud.objects(name).put(id, o);
            cloud.rememberToken(req.idempotencyToken(), id);
            return FakeCloud.toLive(id, o);
        });
    }

    protected void computed(String id, Map<String, Object> o) {
        for (Property p : schema.properties().properties()) {
            if (!p.computed()) continue;
            switch (p.name()) {
                case "arn" -> o.put("arn", "arn:fake:" + name + ":" + id);
                case "ip" -> o.put("ip", "10.0.0." + (Math.abs(id.hashCode()) % 250 + 1));
                default -> o.put(p.name(), p.name() + "-of-" + id);
            }
        }
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        return cloud.record("update", name, current.address(), () -> {
            Map<String, Object> o = cloud.objects(name).get(current.id());
            if (o == null) throw new ProviderException("NotFound", name + " " + current.id() + " does not exist", false);
            for (String p : changed) {
                if (p.equals("tags")) continue;
                if (desired.get(p) == null) o.remove(p);
                else o.put(p, Values.deepCopy(desired.get(p)));
            }
            // As AWS's tagging calls: the proof written at creation stays unless a new one is given.
            Map<String, String> all = new LinkedHashMap<>(tags);
            String proof = FakeCloud.tag(o, Ownership.PROOF_TAG);
            if (proof != null) all.putIfAbsent(Ownership.PROOF_TAG, proof);
            o.put("allTags", all);
            return FakeCloud.toLive(current.id(), o);
        });
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        return changed.contains("size") ? List.of("the server will be stopped and restarted") : List.of();
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** As the AWS types do (see Disowning): every converge:* tag removed, another stack's claim refused. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        cloud.record("disown", name, resource.address(), () -> {
            Map<String, Object> o = cloud.objects(name).get(resource.id());
            if (o == null) return null;
            String owner = FakeCloud.tag(o, Ownership.STACK_TAG);
            if (owner != null && !owner.equals(stack)) {
                throw new ProviderException("OwnedByAnotherStack", name + " " + resource.id() + " is claimed by stack " + owner, false);
            }
            @SuppressWarnings("unchecked")
            Map<String, String> tags = new LinkedHashMap<>((Map<String, String>) o.getOrDefault("allTags", Map.of()));
            tags.keySet().removeIf(k -> k.startsWith("converge:"));
            o.put("allTags", tags);
            return null;
        });
    }

    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        cloud.record("delete", name, resource.address(), () -> cloud.objects(name).remove(resource.id()));
    }
}
