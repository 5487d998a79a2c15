package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsSession;
import dev.converge.desired.Defaults;
import dev.converge.plan.Differ;
import dev.converge.plan.AttributeChange;
import dev.converge.plan.Differ;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType.CreateRequest;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.ResourceSchema;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the ELBv2 tests need around the types under test: an empty moto account for each test
 * (a {@link MotoAccount}), the default VPC's subnets, security groups, instances and certificates
 * made with plain SDK calls, and the engine's own "would this plan anything?" check. Register it
 * on a static field with {@code @RegisterExtension}.
 */
final class Elbv2Sandbox implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String STACK = "elb-test";

    private final MotoAccount moto = MotoAccount.plain();
    /** Shared by the class's tests; emptied before each so a test sees only its own statuses. */
    final TestContext ctx = new TestContext();

    @Override
    public void beforeAll(ExtensionContext context) {
        moto.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        moto.beforeEach(context);
        ctx.statuses.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        moto.afterAll(context);
    }

    AwsSession session() {
        return moto.session();
    }

    Ec2Client ec2() {
        return session().ec2();
    }

    String defaultVpcId() {
        return ec2().describeVpcs(r -> r.filters(Filter.builder().name("is-default").values("true").build()))
                .vpcs().get(0).vpcId();
    }

    /** The default subnets, one per availability zone, sorted by zone. */
    List<String> defaultSubnetIds() {
        List<Subnet> subnets = new ArrayList<>(ec2().describeSubnets(r -> r.filters(
                Filter.builder().name("default-for-az").values("true").build())).subnets());
        subnets.sort((a, b) -> a.availabilityZone().compareTo(b.availabilityZone()));
        return subnets.stream().map(Subnet::subnetId).toList();
    }

    String securityGroup(String name) {
        String vpc = defaultVpcId();
        return ec2().createSecurityGroup(r -> r.groupName(name).description(name).vpcId(vpc)).groupId();
    }

    List<String> instances(int count) {
        String ami = ec2().describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        return ec2().runInstances(r -> r.imageId(ami).instanceType("t3.micro").minCount(count).maxCount(count))
                .instances().stream().map(Instance::instanceId).toList();
    }

    String certificate(String domain) {
        return session().acm().requestCertificate(r -> r.domainName(domain).validationMethod(ValidationMethod.DNS))
                .certificateArn();
    }

    static CreateRequest request(ResourceSchema schema, String address, Map<String, Object> properties) {
        return request(STACK, schema, address, properties);
    }

    @SuppressWarnings("unchecked")
    static CreateRequest request(String stack, ResourceSchema schema, String address, Map<String, Object> properties) {
        Map<String, Object> resolved = Defaults.apply(schema.properties(), properties);
        Map<String, String> user = new LinkedHashMap<>();
        if (resolved.get("tags") instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, v) -> user.put(k, (String) v));
        String token = "token-" + address;
        return new CreateRequest(stack, address, resolved,
                TestProofs.withProof(Ownership.tags(stack, address, Map.of(), user), stack, address, token), token);
    }

    static Map<String, String> tags(String address, Map<String, String> user) {
        return Ownership.tags(STACK, address, Map.of(), user);
    }

    /**
     * How each lifecycle test ends: a fresh read by ownership returns exactly what update returned,
     * still at {@code address} (the ownership tags survived the tag update); delete removes it, so
     * not even its id finds it; and deleting it again is success.
     */
    void assertReadBackThenDeleted(ManagedType type, LiveResource updated, String address) {
        LiveResource reread = type.read(STACK, List.of(), ctx).get(0);
        assertEquals(updated.values(), reread.values());
        assertEquals(address, reread.address(), "ownership tags survive a tag update");

        type.delete(reread, ctx);
        assertEquals(List.of(), type.read(STACK, List.of(reread.id()), ctx));
        type.delete(reread, ctx); // already gone: success
    }

    /** The engine's check: the stack's properties against the resource as read plan nothing. */
    static void assertNoChanges(ResourceSchema schema, Map<String, Object> properties, LiveResource live) {
        List<AttributeChange> diff = Differ.diff(schema.properties(), Defaults.apply(schema.properties(), properties),
                live.values(), null, List.of());
        assertEquals(List.of(), diff, "an unchanged stack must plan nothing; live = " + live.values());
    }
}
