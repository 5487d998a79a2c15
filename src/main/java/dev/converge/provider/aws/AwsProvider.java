package dev.converge.provider.aws;

import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.elbv2.ListenerType;
import dev.converge.provider.aws.elbv2.LoadBalancerType;
import dev.converge.provider.aws.elbv2.TargetGroupType;

import java.util.ArrayList;
import java.util.List;

/** Every AWS type, registered against one session. */
public final class AwsProvider {

    private AwsProvider() {
    }

    public static TypeRegistry registry(AwsSession session) {
        TypeRegistry registry = new TypeRegistry();
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
        all.add(new LoadBalancerType(session));
        all.add(new TargetGroupType(session));
        all.add(new ListenerType(session));
        return all;
    }
}
