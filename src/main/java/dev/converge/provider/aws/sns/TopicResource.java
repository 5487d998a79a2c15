package dev.converge.provider.aws.sns;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.CheckContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.TaggedResources;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.sns.SnsClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An SNS standard topic with its subscriptions ({@link Subscriptions}). Reading costs one tagging-API
 * call per 100 topics the stack owns, then per topic one GetTopicAttributes and one
 * ListSubscriptionsByTopic per 100 subscriptions (SNS has no batch form of either).
 */
public final class TopicResource extends AwsType implements ManagedType, Updatable, PlanChecked {

    public static final String NAME = "aws.sns.Topic";

    /** A topic deleted meanwhile, or already: GetTopicAttributes and DeleteTopic say NotFound, the tag calls ResourceNotFound. */
    private static final NotFound NOT_FOUND = NotFound.codes("NotFound", "NotFoundException", "ResourceNotFound",
            "ResourceNotFoundException");

    static final ObjectType SUBSCRIPTION = ObjectType.of("One subscription: where the topic's messages go.",
            Property.builder("protocol", StringType.oneOf("email", "email-json", "http", "https", "sqs", "lambda", "sms",
                    "application")).required()
                    .description("How messages are delivered; email, email-json, http and https wait for the recipient to "
                            + "confirm before anything is delivered.").build(),
            Property.builder("endpoint", StringType.ANY).required()
                    .description("Where: an e-mail address, a URL, an SQS queue's or Lambda function's ARN, a phone number "
                            + "(E.164), a mobile endpoint's ARN; an empty endpoint means no subscription (so a variable "
                            + "left empty switches it off).").build());

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An SNS topic (standard) and its subscriptions; e-mail and HTTP(S) subscriptions are pending until the recipient confirms them.",
            ObjectType.of(
                    Property.builder("name", StringType.matching("^[A-Za-z0-9_-]{1,256}$",
                            "1–256 letters, digits, hyphens and underscores (FIFO topics, named .fifo, are not supported)"))
                            .required()
                            .forcesReplacement("an SNS topic cannot be renamed")
                            .description("Topic name, unique in the account and region.").build(),
                    Property.builder("displayName", StringType.matching("^.{0,100}$", "at most 100 characters"))
                            .unsetMeansNone()
                            .description("Name shown as the sender of e-mail and SMS notifications; changes in place.").build(),
                    Property.builder("kmsMasterKeyId", StringType.ANY).unsetMeansNone()
                            .description("KMS key (id, ARN or alias, e.g. alias/aws/sns) encrypting messages at rest; unset: "
                                    + "not encrypted. Changes in place.").build(),
                    Property.builder("subscriptions", ListType.setOf(SUBSCRIPTION)).defaultValue(List.of())
                            .description("Subscriptions, managed as a set: added and removed in place; none when unset.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the topic.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("The topic's ARN.").build(),
                    Property.builder("arn", StringType.ANY).computed().description("The topic's ARN (what alarms notify).").build(),
                    Property.builder("pendingConfirmation", ListType.of(StringType.ANY)).computed()
                            .description("Subscriptions still waiting for their recipient to confirm, as protocol:endpoint.").build()),
            "name");

    public TopicResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    private SnsClient sns() {
        return session.sns();
    }

    /** Subscriptions with an empty endpoint are none: {@code endpoint: ${var.alarmEmail}} with the variable left empty. */
    @Override
    public Map<String, Object> normalize(Map<String, Object> desired) {
        if (!(desired.get("subscriptions") instanceof List<?> subscriptions)) return desired;
        List<Object> kept = new ArrayList<>();
        for (Object s : subscriptions) {
            if (!(s instanceof Map<?, ?> m && "".equals(m.get("endpoint")))) kept.add(s);
        }
        Map<String, Object> out = new LinkedHashMap<>(desired);
        out.put("subscriptions", kept);
        return out;
    }

    /** Endpoints in their protocol's form ({@link EndpointRules}); reads nothing. */
    @Override
    public List<Problem> check(List<Planned> planned, CheckContext context) {
        List<Problem> out = new ArrayList<>();
        for (Planned p : planned) out.addAll(EndpointRules.check(p));
        return out;
    }

    @Override
    public List<String> createNotes(Map<String, Object> desired) {
        return confirmationNotes(desired.get("subscriptions"));
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        return changed.contains("subscriptions")
                ? List.of("new email, email-json, http and https subscriptions stay pending until their recipient confirms them "
                        + "(nothing is delivered until then); a removed subscription still pending cannot be unsubscribed "
                        + "and lapses by itself after 3 days")
                : List.of();
    }

    private static List<String> confirmationNotes(Object subscriptions) {
        List<String> notes = new ArrayList<>();
        if (subscriptions instanceof List<?> list) {
            for (Object s : list) {
                if (s instanceof Map<?, ?> m && Subscriptions.CONFIRMED_BY_RECIPIENT.contains(String.valueOf(m.get("protocol")))) {
                    notes.add("subscription " + m.get("protocol") + ":" + m.get("endpoint") + " stays pending until its "
                            + "recipient confirms it from the message AWS sends; nothing is delivered until then");
                }
            }
        }
        return notes;
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        Map<String, Map<String, String>> tagsByArn = TaggedResources.ownedBy(session, "sns", stack);
        for (String arn : knownIds) {
            if (!tagsByArn.containsKey(arn)) NOT_FOUND.orEmpty(() -> SnsTags.of(sns(), arn)).ifPresent(t -> tagsByArn.put(arn, t));
        }
        List<LiveResource> out = new ArrayList<>();
        // The tagging API lists a deleted topic for a while after it is gone: its attributes say so.
        tagsByArn.forEach((arn, tags) -> readOne(arn, tags).ifPresent(out::add));
        return out;
    }

    private Optional<LiveResource> readOne(String arn, Map<String, String> tags) {
        return NOT_FOUND.orEmpty(() -> {
            Map<String, String> attributes = sns().getTopicAttributes(r -> r.topicArn(arn)).attributes();
            return toLive(arn, attributes, Subscriptions.of(sns(), arn), tags);
        });
    }

    private LiveResource readOne(String arn) {
        Map<String, String> tags = SnsTags.of(sns(), arn);
        return readOne(arn, tags).orElseThrow(() -> new ProviderException("NotFound", "topic " + arn
                + " disappeared while being changed", true));
    }

    private static LiveResource toLive(String arn, Map<String, String> attributes, List<Subscriptions.Live> subscriptions,
                                       Map<String, String> tags) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", arn.substring(arn.lastIndexOf(':') + 1));
        String displayName = attributes.get("DisplayName");
        if (displayName != null && !displayName.isEmpty()) v.put("displayName", displayName);
        String key = attributes.get("KmsMasterKeyId");
        if (key != null && !key.isEmpty()) v.put("kmsMasterKeyId", key);
        v.put("subscriptions", Subscriptions.values(subscriptions));
        v.put("tags", AwsTags.userTags(tags));
        v.put(ResourceSchema.ID, arn);
        v.put("arn", arn);
        v.put("pendingConfirmation", Subscriptions.pending(subscriptions));
        return new LiveResource(arn, AwsTags.address(tags), v, AwsTags.proof(tags));
    }

    /**
     * CreateTopic is idempotent by name: it returns an existing topic of that name as if it were new.
     * So the name is looked up first, and a topic this create did not make (a stranger's, or one
     * with a copy of our tags) is refused rather than taken over; the copy an interrupted attempt of
     * this create made is adopted.
     */
    @Override
    public LiveResource create(CreateRequest req, ProviderContext ctx) {
        Map<String, Object> p = req.properties();
        String name = (String) p.get("name");
        String expectedArn = arnFor(name);
        Optional<Map<String, String>> existing = NOT_FOUND.orEmpty(() -> SnsTags.of(sns(), expectedArn));
        if (existing.isPresent()) {
            Adoption.requireOwnCopy("topic", name, expectedArn, existing.get(), req, ctx);
        }
        String arn;
        if (existing.isPresent()) {
            // Our own copy: its attributes are brought to the desired ones (a second CreateTopic would
            // fail if they differ).
            arn = expectedArn;
            setAttribute(arn, "DisplayName", p.get("displayName"));
            setAttribute(arn, "KmsMasterKeyId", p.get("kmsMasterKeyId"));
        } else {
            Map<String, String> attributes = new LinkedHashMap<>();
            if (p.get("displayName") != null) attributes.put("DisplayName", (String) p.get("displayName"));
            if (p.get("kmsMasterKeyId") != null) attributes.put("KmsMasterKeyId", (String) p.get("kmsMasterKeyId"));
            arn = AwsErrors.call(() -> sns().createTopic(r -> r.name(name).attributes(attributes)
                    .tags(SnsTags.sdk(req.tags())))).topicArn();
            // A topic of this name made by someone else between the look-up and the create comes back as if new.
            Adoption.requireCreatedForUs("topic", name, arn, SnsTags.of(sns(), arn), req);
        }
        List<?> subscriptions = (List<?>) p.getOrDefault("subscriptions", List.of());
        Subscriptions.converge(sns(), arn, Subscriptions.of(sns(), arn), subscriptions, ctx);
        return readOne(arn);
    }

    /** The ARN a topic of this name has in the session's account and region (documented form). */
    private String arnFor(String name) {
        Region region = session.region();
        RegionMetadata metadata = RegionMetadata.of(region);
        String partition = metadata == null ? "aws" : metadata.partition().id();
        return "arn:" + partition + ":sns:" + region.id() + ":" + session.accountId() + ":" + name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext ctx) {
        String arn = current.id();
        if (changed.contains("displayName")) setAttribute(arn, "DisplayName", desired.get("displayName"));
        if (changed.contains("kmsMasterKeyId")) setAttribute(arn, "KmsMasterKeyId", desired.get("kmsMasterKeyId"));
        if (changed.contains("subscriptions")) {
            Subscriptions.converge(sns(), arn, Subscriptions.of(sns(), arn), (List<?>) desired.getOrDefault("subscriptions", List.of()), ctx);
        }
        if (changed.contains("tags")) SnsTags.update(sns(), arn, (Map<String, Object>) current.values().get("tags"), tags);
        return readOne(arn);
    }

    /** An unset value is written empty: that is how SNS removes a display name or turns encryption off. */
    private void setAttribute(String arn, String attribute, Object value) {
        AwsErrors.run(() -> sns().setTopicAttributes(r -> r.topicArn(arn).attributeName(attribute)
                .attributeValue(value == null ? "" : String.valueOf(value))));
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in the topic's tags: removed by {@link SnsTags#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext ctx) {
        SnsTags.disown(sns(), stack, resource.id(), NOT_FOUND);
    }

    /** Deleting a topic deletes its subscriptions with it (pending ones lapse). */
    @Override
    public void delete(LiveResource resource, ProviderContext ctx) {
        NOT_FOUND.ignoring(() -> sns().deleteTopic(r -> r.topicArn(resource.id())));
    }
}
