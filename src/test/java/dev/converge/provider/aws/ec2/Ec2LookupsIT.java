package dev.converge.provider.aws.ec2;

import dev.converge.provider.ProviderException;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.converge.provider.aws.ec2.Ec2Assertions.AL2023;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EC2 lookups against moto, checked against plain SDK calls. */
class Ec2LookupsIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();

    private static Vpc defaultVpc() {
        return moto.session().ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0);
    }

    @Test
    void defaultVpcIsTheRegionsDefaultVpc() {
        Vpc expected = defaultVpc();
        Map<String, Object> vpc = new DefaultVpcData(moto.session()).read(Map.of(), ctx);
        assertEquals(Map.of("id", expected.vpcId(), "cidrBlock", expected.cidrBlock()), vpc);
    }

    @Test
    void defaultVpcMissingIsAClearError() {
        // A second, non-default VPC must not be mistaken for the default one.
        moto.session().ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16"));
        String id = defaultVpc().vpcId();
        for (Subnet s : moto.session().ec2().describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(id))).subnets()) {
            moto.session().ec2().deleteSubnet(r -> r.subnetId(s.subnetId()));
        }
        moto.session().ec2().describeInternetGateways(r -> r.filters(f -> f.name("attachment.vpc-id").values(id)))
                .internetGateways().forEach(g -> {
                    moto.session().ec2().detachInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()).vpcId(id));
                    moto.session().ec2().deleteInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()));
                });
        moto.session().ec2().deleteVpc(r -> r.vpcId(id));

        ProviderException e = assertThrows(ProviderException.class, () -> new DefaultVpcData(moto.session()).read(Map.of(), ctx));
        assertEquals("NoDefaultVpc", e.code());
        assertTrue(e.getMessage().contains("create-default-vpc"), e.getMessage());
    }

    @Test
    void defaultSubnetsAreOrderedByZoneThenId() {
        String vpcId = defaultVpc().vpcId();
        List<Subnet> expected = moto.session().ec2().describeSubnets(r -> r.filters(
                f -> f.name("vpc-id").values(vpcId), f -> f.name("default-for-az").values("true"))).subnets()
                .stream().sorted(Comparator.comparing(Subnet::availabilityZone).thenComparing(Subnet::subnetId)).toList();
        assertEquals(4, expected.size(), "moto has one default subnet per zone in ap-northeast-2");

        Map<String, Object> subnets = new SubnetsData(moto.session()).read(Map.of("vpcId", vpcId, "defaultForAz", true), ctx);

        assertEquals(vpcId, subnets.get("id"));
        assertEquals(expected.stream().map(Subnet::subnetId).toList(), subnets.get("ids"));
        assertEquals(expected.stream().map(Subnet::availabilityZone).toList(), subnets.get("availabilityZones"));
    }

    @Test
    void subnetsFilterOnDefaultForAz() {
        String vpcId = defaultVpc().vpcId();
        String extra = moto.session().ec2().createSubnet(r -> r.vpcId(vpcId).cidrBlock("172.31.128.0/24")
                .availabilityZone("ap-northeast-2a")).subnet().subnetId();

        Map<String, Object> others = new SubnetsData(moto.session()).read(Map.of("vpcId", vpcId, "defaultForAz", false), ctx);
        Map<String, Object> all = new SubnetsData(moto.session()).read(Map.of("vpcId", vpcId), ctx);

        assertEquals(List.of(extra), others.get("ids"));
        assertEquals(5, ((List<?>) all.get("ids")).size());
    }

    @Test
    void subnetsOfAVpcWithoutSubnetsIsAnError() {
        String vpcId = moto.session().ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        ProviderException e = assertThrows(ProviderException.class,
                () -> new SubnetsData(moto.session()).read(Map.of("vpcId", vpcId), ctx));
        assertTrue(e.getMessage().contains(vpcId), e.getMessage());
    }

    @Test
    void amiFromTheAmazonLinuxSsmParameter() {
        String expectedId = moto.session().ssm().getParameter(r -> r.name(AL2023)).parameter().value();
        Image image = moto.session().ec2().describeImages(r -> r.imageIds(expectedId)).images().get(0);

        Map<String, Object> ami = new AmiData(moto.session()).read(Map.of("ssmParameter", AL2023, "architecture", "x86_64"), ctx);

        assertEquals(Map.of("id", expectedId, "name", image.name(), "creationDate", image.creationDate()), ami);
    }

    @Test
    void amiMissingSsmParameterIsAClearError() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> new AmiData(moto.session()).read(Map.of("ssmParameter", "/no/such/parameter"), ctx));
        assertTrue(e.getMessage().contains("/no/such/parameter"), e.getMessage());
    }

    @Test
    void amiByNamePatternPicksTheNewestOfTheOwners() {
        // Two images of ours with the same name family, registered one after the other.
        String instance = moto.session().ec2().runInstances(r -> r.imageId(anyAmazonImage().imageId()).minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        String older = moto.session().ec2().createImage(r -> r.instanceId(instance).name("app-2024-01")).imageId();
        String newer = moto.session().ec2().createImage(r -> r.instanceId(instance).name("app-2024-02")).imageId();
        Map<String, Image> byId = new HashMap<>();
        moto.session().ec2().describeImages(r -> r.imageIds(older, newer)).images().forEach(i -> byId.put(i.imageId(), i));
        String newest = byId.values().stream()
                .max(Comparator.comparing(Image::creationDate).thenComparing(Image::imageId)).orElseThrow().imageId();

        Map<String, Object> ami = new AmiData(moto.session()).read(
                Map.of("owners", List.of("self"), "namePattern", "app-2024-*", "architecture", "x86_64"), ctx);

        assertEquals(newest, ami.get("id"));
        assertEquals(byId.get(newest).name(), ami.get("name"));
    }

    @Test
    void amiByNamePatternNeedsOwners() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> new AmiData(moto.session()).read(Map.of("namePattern", "al2023-*"), ctx));
        assertEquals("OwnersRequired", e.code());
    }

    @Test
    void amiByNamePatternWithoutMatchIsAnError() {
        ProviderException e = assertThrows(ProviderException.class, () -> new AmiData(moto.session()).read(
                Map.of("owners", List.of("self"), "namePattern", "nothing-like-this-*", "architecture", "x86_64"), ctx));
        assertEquals("ImageNotFound", e.code());
    }

    private static Image anyAmazonImage() {
        return moto.session().ec2().describeImages(r -> r.owners("amazon")).images().get(0);
    }
}
