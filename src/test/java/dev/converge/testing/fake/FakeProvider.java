package dev.converge.testing.fake;

import dev.converge.provider.DataType;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;

import java.util.List;
import java.util.Map;

/**
 * The test provider's types:
 * <ul>
 *   <li>{@code test.Network}: name and cidr force replacement (name unique: delete before create)</li>
 *   <li>{@code test.Server}: networkId/image force replacement; size, ports, tags change in place</li>
 *   <li>{@code test.Certificate}: domain forces replacement, no unique name (create before destroy)</li>
 *   <li>{@code test.Listener}: everything in place</li>
 *   <li>{@code test.Zone} (data): looks a zone up by name</li>
 * </ul>
 */
public final class FakeProvider {

    public static final ObjectType HEALTH = ObjectType.of(
            Property.builder("path", StringType.of(StringType.Format.HTTP_PATH)).defaultValue("/").description("health check path").build(),
            Property.builder("interval", NumberType.range(5, 300)).defaultValue(30L).description("seconds").build());

    private FakeProvider() {
    }

    public static TypeRegistry registry(FakeCloud cloud) {
        TypeRegistry r = new TypeRegistry().withOwnershipKeys(cloud.keys());
        r.register(new FakeType("test.Network", new ResourceSchema("a network", ObjectType.of(
                Property.builder("name", StringType.ANY).required().forcesReplacement("network names cannot change").description("name").build(),
                Property.builder("cidr", StringType.of(StringType.Format.CIDR_V4)).required().forcesReplacement("the address range is fixed").description("range").build(),
                Property.builder("tags", MapType.STRINGS).description("tags").build(),
                Property.builder("arn", StringType.ANY).computed().build(),
                Property.builder("id", StringType.ANY).computed().build()), "name"), cloud, "net"));
        r.register(new FakeType("test.Server", new ResourceSchema("a server", ObjectType.of(
                Property.builder("networkId", StringType.ANY).required().forcesReplacement("servers cannot move").description("network").build(),
                Property.builder("image", StringType.ANY).required().forcesReplacement("the image is fixed at boot").description("image").build(),
                Property.builder("size", StringType.oneOf("small", "medium", "large")).defaultValue("small").description("size").build(),
                Property.builder("ports", ListType.setOf(NumberType.range(1, 65535))).defaultValue(List.of()).description("open ports").build(),
                Property.builder("password", StringType.ANY).sensitive().description("admin password").build(),
                Property.builder("health", HEALTH).description("health check").build(),
                Property.builder("public", BoolType.INSTANCE).defaultValue(false).description("public").build(),
                Property.builder("tags", MapType.STRINGS).description("tags").build(),
                Property.builder("ip", StringType.ANY).computed().build(),
                Property.builder("id", StringType.ANY).computed().build()), null), cloud, "srv"));
        r.register(new FakeType("test.Certificate", new ResourceSchema("a certificate", ObjectType.of(
                Property.builder("domain", StringType.of(StringType.Format.DNS_NAME)).required().forcesReplacement("certificates cannot be renamed").description("domain").build(),
                Property.builder("arn", StringType.ANY).computed().build(),
                Property.builder("id", StringType.ANY).computed().build()), null), cloud, "cert"));
        r.register(new FakeType("test.Listener", new ResourceSchema("a listener", ObjectType.of(
                Property.builder("port", NumberType.range(1, 65535)).required().description("port").build(),
                Property.builder("certificateArn", StringType.ANY).unsetMeansNone().description("certificate").build(),
                Property.builder("targets", ListType.setOf(StringType.ANY)).defaultValue(List.of()).description("server ids").build(),
                Property.builder("id", StringType.ANY).computed().build()), null), cloud, "lst"));
        r.register(new ZoneLookup(cloud));
        return r;
    }

    /** {@code test.Zone}: a lookup of zones seeded with {@link #seedZone}. */
    static final class ZoneLookup implements DataType {
        private final FakeCloud cloud;

        ZoneLookup(FakeCloud cloud) {
            this.cloud = cloud;
        }

        public String name() {
            return "test.Zone";
        }

        public ResourceSchema schema() {
            return new ResourceSchema("a zone", ObjectType.of(
                    Property.builder("name", StringType.of(StringType.Format.DNS_NAME)).required().description("zone name").build(),
                    Property.builder("id", StringType.ANY).computed().build()), null);
        }

        public Map<String, Object> read(Map<String, Object> inputs, ProviderContext context) {
            return cloud.record("read", "test.Zone", String.valueOf(inputs.get("name")), () -> {
                Object id = cloud.objects("zones").getOrDefault(String.valueOf(inputs.get("name")), Map.of()).get("id");
                if (id == null) throw new ProviderException("NoSuchHostedZone", "no zone " + inputs.get("name"), false);
                return Map.of("id", id, "name", inputs.get("name"));
            });
        }
    }

    public static void seedZone(FakeCloud cloud, String name) {
        cloud.objects("zones").put(name, new java.util.HashMap<>(Map.of("id", "Z" + name.hashCode())));
    }
}
