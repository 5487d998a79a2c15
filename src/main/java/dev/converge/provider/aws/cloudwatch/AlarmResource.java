package dev.converge.provider.aws.cloudwatch;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.CheckContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
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
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A CloudWatch metric alarm: one metric, one statistic, a static threshold, and the actions (SNS
 * topics, mostly) it notifies. PutMetricAlarm both creates and updates, so a create first makes sure
 * the name is not someone else's alarm: it would silently overwrite it. Reading costs one
 * tagging-API call per 100 alarms the stack owns and one DescribeAlarms per 100 names: two calls for
 * any stack of up to 100 alarms, where DescribeAlarms by prefix plus ListTagsForResource would take
 * one call per alarm.
 */
public final class AlarmResource extends AwsType implements ManagedType, Updatable, PlanChecked {

    public static final String NAME = "aws.cloudwatch.Alarm";

    /** An alarm deleted meanwhile, or already (DeleteAlarms and the tag calls). */
    private static final NotFound NOT_FOUND = NotFound.codes("ResourceNotFound", "ResourceNotFoundException");

    /** DescribeAlarms takes up to 100 names. */
    static final int DESCRIBE_BATCH = 100;

    private static final String ARN_MARK = ":alarm:";

    private static StringType text(int min, int max) {
        return StringType.matching("^[^\\p{Cntrl}]{" + min + "," + max + "}$", min + "–" + max + " characters, no control characters");
    }

    private static ListType actions() {
        return ListType.setOf(StringType.of(StringType.Format.ARN)).atMost(5);
    }

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "A CloudWatch metric alarm: a statistic of one metric against a static threshold, notifying SNS topics (or other actions) when its state changes.",
            ObjectType.of(
                    Property.builder("name", text(1, 255)).required()
                            .forcesReplacement("CloudWatch identifies an alarm by its name: another name is another alarm")
                            .description("Alarm name, unique in the account and region.").build(),
                    Property.builder("description", text(0, 1024)).unsetMeansNone()
                            .description("What the alarm means and what to do, sent with its notifications.").build(),
                    Property.builder("namespace", StringType.matching("^[^:\\p{Cntrl}][^\\p{Cntrl}]{0,254}$",
                            "1–255 characters, no control characters, not starting with a colon")).required()
                            .description("The metric's namespace, e.g. AWS/ApplicationELB.").build(),
                    Property.builder("metricName", text(1, 255)).required()
                            .description("The metric, e.g. UnHealthyHostCount.").build(),
                    Property.builder("dimensions", new MapType(text(1, 1024))).defaultValue(Map.of())
                            .description("The metric's dimensions, name → value (at most 30), e.g. LoadBalancer: "
                                    + "${resources.alb.arnSuffix}.").build(),
                    Property.builder("statistic", StringType.oneOf("SampleCount", "Average", "Sum", "Minimum", "Maximum"))
                            .description("The statistic compared with the threshold (or set extendedStatistic).").build(),
                    Property.builder("extendedStatistic", StringType.matching("^(p|tm|wm|tc|ts)(\\d{1,2}(\\.\\d{1,10})?|100)$",
                            "a percentile such as p99 or p99.9 (or tm, wm, tc, ts followed by one)"))
                            .description("A percentile statistic instead of statistic, e.g. p99.").build(),
                    Property.builder("periodSeconds", new NumberType(true, 10L, null)).required()
                            .description("Seconds over which the statistic is computed: 10, 30 (high-resolution metrics) "
                                    + "or a multiple of 60.").build(),
                    Property.builder("evaluationPeriods", new NumberType(true, 1L, null)).required()
                            .description("How many recent periods are compared with the threshold.").build(),
                    Property.builder("datapointsToAlarm", new NumberType(true, 1L, null))
                            .description("How many of those periods must breach to go to ALARM (\"M out of N\"); "
                                    + "unset: all of them.").build(),
                    Property.builder("threshold", NumberType.ANY).required()
                            .description("The value the statistic is compared with.").build(),
                    Property.builder("comparisonOperator", StringType.oneOf("GreaterThanOrEqualToThreshold",
                            "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold")).required()
                            .description("How the statistic is compared with the threshold.").build(),
                    Property.builder("treatMissingData", StringType.oneOf("missing", "notBreaching", "breaching", "ignore"))
                            .defaultValue("missing")
                            .description("What a period without data counts as: missing (AWS's default), notBreaching, "
                                    + "breaching, or ignore (keep the current state).").build(),
                    Property.builder("alarmActions", actions()).defaultValue(List.of())
                            .description("ARNs notified when the alarm goes to ALARM (at most 5), e.g. an SNS topic's.").build(),
                    Property.builder("okActions", actions()).defaultValue(List.of())
                            .description("ARNs notified when it goes back to OK (at most 5).").build(),
                    Property.builder("insufficientDataActions", actions()).defaultValue(List.of())
                            .description("ARNs notified when it goes to INSUFFICIENT_DATA (at most 5).").build(),
                    Property.builder("actionsEnabled", BoolType.INSTANCE).defaultValue(true)
                            .description("Whether the actions run; false keeps the alarm evaluating, silently.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the alarm.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("The alarm's ARN.").build(),
                    Property.builder("arn", StringType.ANY).computed().description("The alarm's ARN.").build())
                    .exactlyOneOf("statistic", "extendedStatistic"),
            "name");

    public AlarmResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    private CloudWatchClient cw() {
        return session.cloudwatch();
    }

    @Override
    public List<Problem> check(List<Planned> planned, CheckContext context) {
        List<Problem> out = new ArrayList<>();
        for (Planned p : planned) out.addAll(AlarmRules.check(p));
        return out;
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        Map<String, Map<String, String>> tagsByArn = TaggedResources.ownedBy(session, "cloudwatch:alarm", stack);
        for (String arn : knownIds) {
            if (!tagsByArn.containsKey(arn)) NOT_FOUND.orEmpty(() -> AlarmTags.of(cw(), arn)).ifPresent(t -> tagsByArn.put(arn, t));
        }
        List<LiveResource> out = new ArrayList<>();
        // The tagging API lists a deleted alarm for a while after it is gone: DescribeAlarms does not.
        for (MetricAlarm alarm : describe(tagsByArn.keySet().stream().map(AlarmResource::nameOf).toList())) {
            out.add(toLive(alarm, tagsByArn.getOrDefault(alarm.alarmArn(), Map.of())));
        }
        return out;
    }

    /** The metric alarms of these names that exist, {@value #DESCRIBE_BATCH} names per call. */
    private List<MetricAlarm> describe(List<String> names) {
        List<MetricAlarm> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i += DESCRIBE_BATCH) {
            List<String> batch = names.subList(i, Math.min(names.size(), i + DESCRIBE_BATCH));
            AwsErrors.run(() -> cw().describeAlarmsPaginator(r -> r.alarmNames(batch).alarmTypes(AlarmType.METRIC_ALARM))
                    .metricAlarms().forEach(out::add));
        }
        return out;
    }

    private Optional<MetricAlarm> describeOne(String name) {
        return describe(List.of(name)).stream().findFirst();
    }

    /** The name in an alarm's ARN ({@code arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME}; names may hold colons). */
    static String nameOf(String arn) {
        int at = arn.indexOf(ARN_MARK);
        return at < 0 ? arn : arn.substring(at + ARN_MARK.length());
    }

    static LiveResource toLive(MetricAlarm a, Map<String, String> tags) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", a.alarmName());
        if (a.alarmDescription() != null && !a.alarmDescription().isEmpty()) v.put("description", a.alarmDescription());
        v.put("namespace", a.namespace());
        v.put("metricName", a.metricName());
        Map<String, Object> dimensions = new TreeMap<>();
        for (Dimension d : a.dimensions()) dimensions.put(d.name(), d.value());
        v.put("dimensions", dimensions);
        if (a.statistic() != null) v.put("statistic", a.statisticAsString());
        if (a.extendedStatistic() != null) v.put("extendedStatistic", a.extendedStatistic());
        if (a.period() != null) v.put("periodSeconds", a.period().longValue());
        v.put("evaluationPeriods", a.evaluationPeriods().longValue());
        if (a.datapointsToAlarm() != null) v.put("datapointsToAlarm", a.datapointsToAlarm().longValue());
        if (a.threshold() != null) v.put("threshold", BigDecimal.valueOf(a.threshold()));
        v.put("comparisonOperator", a.comparisonOperatorAsString());
        // Alarms made before treatMissingData existed, or without it, report none: they treat it as missing.
        v.put("treatMissingData", a.treatMissingData() == null ? "missing" : a.treatMissingData());
        v.put("alarmActions", sorted(a.alarmActions()));
        v.put("okActions", sorted(a.okActions()));
        v.put("insufficientDataActions", sorted(a.insufficientDataActions()));
        v.put("actionsEnabled", a.actionsEnabled() == null || a.actionsEnabled());
        v.put("tags", AwsTags.userTags(tags));
        v.put(ResourceSchema.ID, a.alarmArn());
        v.put("arn", a.alarmArn());
        return new LiveResource(a.alarmArn(), AwsTags.address(tags), v, AwsTags.proof(tags));
    }

    private static List<Object> sorted(List<String> arns) {
        List<Object> out = new ArrayList<>(arns == null ? List.of() : arns);
        out.sort(null);
        return out;
    }

    /**
     * PutMetricAlarm creates or overwrites, with no condition: an alarm of the same name is looked up
     * first, and one this create did not make is refused (the copy an interrupted attempt of this
     * create left is adopted and brought to the desired settings). The tags, ownership and proof
     * included, go in the call; AWS writes them only when it creates the alarm.
     */
    @Override
    public LiveResource create(CreateRequest req, ProviderContext ctx) {
        Map<String, Object> p = req.properties();
        String name = (String) p.get("name");
        Optional<MetricAlarm> existing = describeOne(name);
        if (existing.isPresent()) {
            String arn = existing.get().alarmArn();
            Adoption.requireOwnCopy("CloudWatch alarm", name, arn, NOT_FOUND.orEmpty(() -> AlarmTags.of(cw(), arn)).orElse(Map.of()),
                    req, ctx);
        }
        AwsErrors.run(() -> cw().putMetricAlarm(put(p).tags(AlarmTags.sdk(req.tags())).build()));
        MetricAlarm made = describeOne(name).orElseThrow(() -> gone(name));
        Map<String, String> tags = AlarmTags.of(cw(), made.alarmArn());
        if (!Ownership.isOwnCopy(tags, req)) {
            // Made by someone else between the look-up and the call: AWS has no conditional create.
            throw new ProviderException(Adoption.CONFLICT, "CloudWatch alarm " + name + " was created by someone else while "
                    + "Converge was creating it, and PutMetricAlarm overwrote its settings with this stack's; it is not "
                    + "this stack's (no ownership tags): choose another name, or import it", false);
        }
        return toLive(made, tags);
    }

    /** The whole alarm as PutMetricAlarm wants it: every call states every setting. */
    private static PutMetricAlarmRequest.Builder put(Map<String, Object> p) {
        PutMetricAlarmRequest.Builder b = PutMetricAlarmRequest.builder()
                .alarmName((String) p.get("name"))
                .alarmDescription((String) p.get("description"))
                .namespace((String) p.get("namespace"))
                .metricName((String) p.get("metricName"))
                .period(((Number) p.get("periodSeconds")).intValue())
                .evaluationPeriods(((Number) p.get("evaluationPeriods")).intValue())
                .threshold(((Number) p.get("threshold")).doubleValue())
                .comparisonOperator((String) p.get("comparisonOperator"))
                .treatMissingData((String) p.getOrDefault("treatMissingData", "missing"))
                .alarmActions(strings(p.get("alarmActions")))
                .okActions(strings(p.get("okActions")))
                .insufficientDataActions(strings(p.get("insufficientDataActions")))
                .actionsEnabled(!Boolean.FALSE.equals(p.get("actionsEnabled")));
        if (p.get("statistic") != null) b.statistic((String) p.get("statistic"));
        if (p.get("extendedStatistic") != null) b.extendedStatistic((String) p.get("extendedStatistic"));
        if (p.get("datapointsToAlarm") instanceof Number n) b.datapointsToAlarm(n.intValue());
        List<Dimension> dimensions = new ArrayList<>();
        if (p.get("dimensions") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> dimensions.add(Dimension.builder().name(String.valueOf(k)).value(String.valueOf(v)).build()));
        }
        return b.dimensions(dimensions);
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    private static ProviderException gone(String name) {
        return new ProviderException("ResourceNotFound", "CloudWatch alarm " + name + " disappeared while being changed", true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext ctx) {
        String name = String.valueOf(current.values().get("name"));
        if (!Set.of("tags").containsAll(changed)) {
            // Tags given to PutMetricAlarm on an existing alarm are ignored: none are sent.
            AwsErrors.run(() -> cw().putMetricAlarm(put(desired).build()));
        }
        if (changed.contains("tags")) AlarmTags.update(cw(), current.id(), (Map<String, Object>) current.values().get("tags"), tags);
        MetricAlarm now = describeOne(name).orElseThrow(() -> gone(name));
        return toLive(now, AlarmTags.of(cw(), now.alarmArn()));
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in the alarm's tags: removed by {@link AlarmTags#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext ctx) {
        AlarmTags.disown(cw(), stack, resource.id(), NOT_FOUND);
    }

    @Override
    public void delete(LiveResource resource, ProviderContext ctx) {
        String name = resource.values().get("name") instanceof String n ? n : nameOf(resource.id());
        NOT_FOUND.ignoring(() -> cw().deleteAlarms(r -> r.alarmNames(name)));
    }
}
