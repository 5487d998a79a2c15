package dev.converge.provider.aws;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.acm.CertificateResource;
import dev.converge.provider.aws.cloudwatch.AlarmResource;
import dev.converge.provider.aws.ec2.AmiData;
import dev.converge.provider.aws.ec2.DefaultVpcData;
import dev.converge.provider.aws.ec2.ElasticIpResource;
import dev.converge.provider.aws.ec2.InstanceResource;
import dev.converge.provider.aws.ec2.SecurityGroupResource;
import dev.converge.provider.aws.ec2.SubnetsData;
import dev.converge.provider.aws.elbv2.ListenerResource;
import dev.converge.provider.aws.elbv2.LoadBalancerResource;
import dev.converge.provider.aws.elbv2.TargetGroupResource;
import dev.converge.provider.aws.route53.HostedZoneData;
import dev.converge.provider.aws.route53.RecordResource;
import dev.converge.provider.aws.sns.TopicResource;
import dev.converge.provider.aws.ssm.SsmOwnershipKeys;

import java.util.ArrayList;
import java.util.List;

/** Every AWS type, registered against one session. */
public final class AwsProvider {

    private AwsProvider() {
    }

    public static TypeRegistry registry(AwsSession session) {
        TypeRegistry registry = new TypeRegistry().withOwnershipKeys(new SsmOwnershipKeys(session));
        for (ResourceType t : types(session)) registry.register(t);
        return registry;
    }

    /**
     * The same types for loading and validation only: their session is never asked for a client,
     * so no credentials or region are needed.
     */
    public static TypeRegistry schemaRegistry() {
        return registry(new AwsSession(AwsSettings.defaults("us-east-1")));
    }

    private static List<ResourceType> types(AwsSession session) {
        List<ResourceType> all = new ArrayList<>();
        all.add(new DefaultVpcData(session));
        all.add(new SubnetsData(session));
        all.add(new AmiData(session));
        all.add(new SecurityGroupResource(session));
        all.add(new InstanceResource(session));
        all.add(new ElasticIpResource(session));
        all.add(new LoadBalancerResource(session));
        all.add(new HostedZoneData(session));
        all.add(new RecordResource(session));
        all.add(new CertificateResource(session));
        all.add(new TargetGroupResource(session));
        all.add(new ListenerResource(session));
        all.add(new TopicResource(session));
        all.add(new AlarmResource(session));
        return all;
    }
}
