package dev.converge.provider.aws;

import dev.converge.aws.AwsSession;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.acm.CertificateResource;
import dev.converge.provider.aws.autoscaling.GroupResource;
import dev.converge.provider.aws.cloudwatch.AlarmResource;
import dev.converge.provider.aws.ec2.InstanceResource;
import dev.converge.provider.aws.ec2.SecurityGroupResource;
import dev.converge.provider.aws.ec2.VpcResource;
import dev.converge.provider.aws.elbv2.TargetGroupResource;
import dev.converge.provider.aws.iam.InstanceProfileResource;
import dev.converge.provider.aws.iam.RoleResource;
import dev.converge.provider.aws.s3.BucketResource;
import dev.converge.provider.aws.sns.TopicResource;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ManagedType#disown} on each tagging API, in the sandbox: a resource carrying Converge's
 * claim and bookkeeping and a user's tag keeps the user's tag only, is otherwise untouched, can be
 * disowned again without effect, and a claim naming another stack is refused and left as it is.
 */
class DisownIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();

    private static final String STACK = "forgets";
    /** What Converge writes, and a bookkeeping tag of its own (as a certificate's validation zone). */
    private static final Map<String, String> CLAIM = Map.of("converge:stack", STACK, "converge:id", "old",
            "converge:proof", "nonce.mac", "converge:note", "bookkeeping");
    private static final Map<String, String> TAGGED = with(CLAIM, Map.of("team", "data"));
    private final TestContext ctx = new TestContext();

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new TreeMap<>(a);
        out.putAll(b);
        return out;
    }

    private static AwsSession aws() {
        return moto.session();
    }

    /** Disowns {@code resource} twice and checks what is left; then checks another stack's claim is refused. */
    private static void check(ManagedType type, LiveResource resource, Supplier<Map<String, String>> tags) {
        assertEquals(TAGGED, new TreeMap<>(tags.get()));
        ProviderException other = assertThrows(ProviderException.class, () -> type.disown("another", resource, new TestContext()));
        assertEquals("OwnedByAnotherStack", other.code());
        assertEquals(TAGGED, new TreeMap<>(tags.get()), "a refusal changes nothing");
        type.disown(STACK, resource, new TestContext());
        assertEquals(Map.of("team", "data"), tags.get(), type.name());
        type.disown(STACK, resource, new TestContext());
        assertEquals(Map.of("team", "data"), tags.get(), type.name() + ", disowned again");
    }

    private static LiveResource live(String id, Map<String, Object> values) {
        return new LiveResource(id, "old", values, "nonce.mac");
    }

    private static Map<String, String> ec2Tags(String id) {
        Map<String, String> out = new TreeMap<>();
        aws().ec2().describeTags(r -> r.filters(software.amazon.awssdk.services.ec2.model.Filter.builder()
                .name("resource-id").values(id).build())).tags().forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    @Test
    void ec2ResourcesLoseTheirClaimThroughDeleteTags() {
        var tags = TAGGED.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(e.getKey())
                .value(e.getValue()).build()).toList();
        String vpc = aws().ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        aws().ec2().createTags(r -> r.resources(vpc).tags(tags));
        check(new VpcResource(aws()), live(vpc, Map.of()), () -> ec2Tags(vpc));
        String group = aws().ec2().createSecurityGroup(r -> r.groupName("forgets").description("d").vpcId(vpc)).groupId();
        aws().ec2().createTags(r -> r.resources(group).tags(tags));
        check(new SecurityGroupResource(aws()), live(group, Map.of()), () -> ec2Tags(group));
    }

    @Test
    void anInstanceAndItsRootVolumeBothLoseTheirClaim() {
        var tags = TAGGED.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(e.getKey())
                .value(e.getValue()).build()).toList();
        String ami = aws().ec2().describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        var instance = aws().ec2().runInstances(r -> r.imageId(ami).minCount(1).maxCount(1).tagSpecifications(
                TagSpecification.builder().resourceType("instance").tags(tags).build(),
                TagSpecification.builder().resourceType("volume").tags(tags).build())).instances().get(0);
        String volume = aws().ec2().describeInstances(r -> r.instanceIds(instance.instanceId())).reservations().get(0).instances().get(0)
                .blockDeviceMappings().get(0).ebs().volumeId();
        assertEquals(TAGGED, ec2Tags(volume));
        check(new InstanceResource(aws()), live(instance.instanceId(), Map.of()), () -> ec2Tags(instance.instanceId()));
        assertEquals(Map.of("team", "data"), ec2Tags(volume), "its root volume carried the claim too");
    }

    @Test
    void aBucketKeepsTheRestOfItsTagSetOrLosesItsTagging() {
        aws().s3().createBucket(r -> r.bucket("forgets-bucket").createBucketConfiguration(c -> c.locationConstraint(MotoAccount.REGION)));
        Supplier<Map<String, String>> tags = () -> {
            Map<String, String> out = new TreeMap<>();
            try {
                aws().s3().getBucketTagging(r -> r.bucket("forgets-bucket")).tagSet().forEach(t -> out.put(t.key(), t.value()));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (!"NoSuchTagSet".equals(e.awsErrorDetails().errorCode())) throw e;
            }
            return out;
        };
        Runnable tag = () -> aws().s3().putBucketTagging(r -> r.bucket("forgets-bucket").tagging(t -> t.tagSet(TAGGED.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.s3.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        tag.run();
        BucketResource bucket = new BucketResource(aws());
        check(bucket, live("forgets-bucket", Map.of()), tags);
        // Only Converge's tags: S3 refuses an empty tag set, so the tagging is deleted.
        aws().s3().putBucketTagging(r -> r.bucket("forgets-bucket").tagging(t -> t.tagSet(CLAIM.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.s3.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        bucket.disown(STACK, live("forgets-bucket", Map.of()), ctx);
        assertEquals(Map.of(), tags.get());
    }

    @Test
    void iamRolesAndInstanceProfilesLoseTheirClaimThroughUntag() {
        var tags = TAGGED.entrySet().stream().map(e -> software.amazon.awssdk.services.iam.model.Tag.builder().key(e.getKey())
                .value(e.getValue()).build()).toList();
        aws().iam().createRole(r -> r.roleName("forgets-role").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
                .tags(tags));
        check(new RoleResource(aws()), live("AROAFORGETS", Map.of("name", "forgets-role")), () -> {
            Map<String, String> out = new TreeMap<>();
            aws().iam().listRoleTags(r -> r.roleName("forgets-role")).tags().forEach(t -> out.put(t.key(), t.value()));
            return out;
        });
        aws().iam().createInstanceProfile(r -> r.instanceProfileName("forgets-profile").tags(tags));
        check(new InstanceProfileResource(aws()), live("AIPAFORGETS", Map.of("name", "forgets-profile")), () -> {
            Map<String, String> out = new TreeMap<>();
            // Read as Converge reads it (moto has no ListInstanceProfileTags).
            aws().iam().getInstanceProfile(r -> r.instanceProfileName("forgets-profile")).instanceProfile().tags()
                    .forEach(t -> out.put(t.key(), t.value()));
            return out;
        });
    }

    @Test
    void topicsAlarmsAndCertificatesLoseTheirClaimThroughUntag() {
        String topic = aws().sns().createTopic(r -> r.name("forgets").tags(TAGGED.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.sns.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())).topicArn();
        check(new TopicResource(aws()), live(topic, Map.of()), () -> {
            Map<String, String> out = new TreeMap<>();
            aws().sns().listTagsForResource(r -> r.resourceArn(topic)).tags().forEach(t -> out.put(t.key(), t.value()));
            return out;
        });

        aws().cloudwatch().putMetricAlarm(r -> r.alarmName("forgets").namespace("AWS/EC2").metricName("CPUUtilization")
                .statistic("Average").period(60).evaluationPeriods(1).threshold(90.0).comparisonOperator("GreaterThanThreshold")
                .tags(TAGGED.entrySet().stream().map(e -> software.amazon.awssdk.services.cloudwatch.model.Tag.builder().key(e.getKey())
                        .value(e.getValue()).build()).toList()));
        String alarm = aws().cloudwatch().describeAlarms(r -> r.alarmNames("forgets")).metricAlarms().get(0).alarmArn();
        check(new AlarmResource(aws()), live(alarm, Map.of("name", "forgets")), () -> {
            Map<String, String> out = new TreeMap<>();
            aws().cloudwatch().listTagsForResource(r -> r.resourceARN(alarm)).tags().forEach(t -> out.put(t.key(), t.value()));
            return out;
        });

        String cert = aws().acm().requestCertificate(r -> r.domainName("forgets.example.com").validationMethod("DNS")
                .tags(TAGGED.entrySet().stream().map(e -> software.amazon.awssdk.services.acm.model.Tag.builder().key(e.getKey())
                        .value(e.getValue()).build()).toList())).certificateArn();
        check(new CertificateResource(aws()), live(cert, Map.of()), () -> {
            Map<String, String> out = new TreeMap<>();
            aws().acm().listTagsForCertificate(r -> r.certificateArn(cert)).tags().forEach(t -> out.put(t.key(), t.value()));
            return out;
        });
    }

    @Test
    void targetGroupsAndAutoScalingGroupsLoseTheirClaim() {
        String vpc = aws().ec2().createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
        String tg = aws().elbv2().createTargetGroup(r -> r.name("forgets").protocol("HTTP").port(80).vpcId(vpc)
                .tags(TAGGED.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build()).toList())).targetGroups().get(0).targetGroupArn();
        check(new TargetGroupResource(aws()), live(tg, Map.of()), () -> {
            Map<String, String> out = new TreeMap<>();
            aws().elbv2().describeTags(r -> r.resourceArns(tg)).tagDescriptions().get(0).tags().forEach(t -> out.put(t.key(), t.value()));
            return out;
        });

        String subnet = aws().ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.8.1.0/24").availabilityZone(MotoAccount.REGION + "a"))
                .subnet().subnetId();
        aws().ec2().createLaunchTemplate(r -> r.launchTemplateName("forgets").launchTemplateData(d -> d.imageId("ami-12c6146b")
                .instanceType("t3.micro")));
        aws().autoscaling().createAutoScalingGroup(r -> r.autoScalingGroupName("forgets").minSize(0).maxSize(1).desiredCapacity(0)
                .vpcZoneIdentifier(subnet).launchTemplate(t -> t.launchTemplateName("forgets").version("$Latest"))
                .tags(TAGGED.entrySet().stream().map(e -> software.amazon.awssdk.services.autoscaling.model.Tag.builder()
                        .resourceId("forgets").resourceType("auto-scaling-group").key(e.getKey()).value(e.getValue())
                        .propagateAtLaunch(false).build()).toList()));
        check(new GroupResource(aws()), live("forgets", Map.of()), () -> {
            Map<String, String> out = new TreeMap<>();
            aws().autoscaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("forgets")).autoScalingGroups().get(0).tags()
                    .forEach(t -> out.put(t.key(), t.value()));
            return out;
        });
    }
}
