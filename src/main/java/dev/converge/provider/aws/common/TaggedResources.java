package dev.converge.provider.aws.common;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.Ownership;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resources of one kind a stack owns, with all their tags, from the Resource Groups Tagging API:
 * one GetResources call per 100 resources, filtered by the ownership tag, for the services whose own
 * APIs return no tags with their describes (SNS topics, CloudWatch alarms) and would otherwise cost one
 * tag call per resource.
 */
public final class TaggedResources {

    private TaggedResources() {
    }

    /**
     * ARN → tags of every resource of {@code resourceType} ({@code "sns"}, {@code "cloudwatch:alarm"})
     * carrying {@code converge:stack = stack}. The tagging API may still list a resource for a short
     * while after its deletion: callers describe what it returns and drop what is gone.
     */
    public static Map<String, Map<String, String>> ownedBy(AwsSession session, String resourceType, String stack) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        AwsErrors.run(() -> session.tagging().getResourcesPaginator(r -> r.resourceTypeFilters(resourceType)
                        .tagFilters(f -> f.key(Ownership.STACK_TAG).values(stack)))
                .resourceTagMappingList()
                .forEach((ResourceTagMapping m) -> out.put(m.resourceARN(), AwsTags.toMap(m.tags(), t -> t.key(), t -> t.value()))));
        return out;
    }
}
