package dev.converge.provider.aws.sns;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.aws.common.NotFound;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscriptions of one topic, managed as a set of (protocol, endpoint): an update subscribes
 * what is new before it unsubscribes what is gone, so notifications never stop in between.
 *
 * <p>AWS's confirmation step shapes the rest. A subscription whose endpoint belongs to someone else
 * (e-mail, e-mail JSON, HTTP, HTTPS) stays "PendingConfirmation" until the recipient confirms it from
 * the message AWS sends, and receives nothing until then. It is listed by the topic like any other,
 * so a pending subscription the stack asks for plans no change and is never subscribed again (a
 * second Subscribe would send the recipient another confirmation). It has no ARN yet, so it cannot be
 * unsubscribed: one the stack no longer wants is left to lapse (AWS deletes unconfirmed subscriptions
 * after three days), and should the recipient confirm it meanwhile, the next apply unsubscribes it.
 */
final class Subscriptions {

    /** A subscription gone meanwhile, or its topic. */
    private static final NotFound NOT_FOUND = NotFound.codes("NotFound", "NotFoundException");

    /** Protocols whose subscriptions wait for the recipient to confirm them. */
    static final Set<String> CONFIRMED_BY_RECIPIENT = Set.of("email", "email-json", "http", "https");

    /** What ListSubscriptionsByTopic gives as the ARN of an unconfirmed subscription. */
    private static final String PENDING_ARN = "PendingConfirmation";
    /** What it gives, for a moment, for one just unsubscribed. */
    private static final String DELETED_ARN = "Deleted";
    /** What Subscribe answers for a subscription that waits for confirmation. */
    private static final String PENDING_ANSWER = "pending confirmation";

    /** One subscription as listed; {@code arn} is null while it waits for confirmation. */
    record Live(String protocol, String endpoint, String arn) {
        boolean pending() {
            return arn == null;
        }

        String key() {
            return protocol + ":" + endpoint;
        }
    }

    private Subscriptions() {
    }

    /** The topic's subscriptions, pending ones included (ListSubscriptionsByTopic, 100 per page). */
    static List<Live> of(SnsClient sns, String topicArn) {
        List<Live> out = new ArrayList<>();
        AwsErrors.run(() -> sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions().forEach(s -> {
            if (DELETED_ARN.equals(s.subscriptionArn())) return;
            out.add(new Live(s.protocol(), s.endpoint(), arnOf(s)));
        }));
        return out;
    }

    private static String arnOf(Subscription s) {
        String arn = s.subscriptionArn();
        return arn == null || PENDING_ARN.equalsIgnoreCase(arn) || PENDING_ANSWER.equalsIgnoreCase(arn) ? null : arn;
    }

    /** The {@code subscriptions} value: protocol and endpoint of each, pending or not. */
    static List<Object> values(List<Live> subscriptions) {
        List<Object> out = new ArrayList<>();
        for (Live s : subscriptions) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("protocol", s.protocol());
            v.put("endpoint", s.endpoint());
            out.add(v);
        }
        return out;
    }

    /** The {@code pendingConfirmation} value: "protocol:endpoint" of each subscription still unconfirmed. */
    static List<Object> pending(List<Live> subscriptions) {
        List<Object> out = new ArrayList<>();
        for (Live s : subscriptions) if (s.pending()) out.add(s.key());
        out.sort(null);
        return out;
    }

    /** Subscribes what {@code desired} has and {@code current} lacks, then unsubscribes the reverse. */
    static void converge(SnsClient sns, String topicArn, List<Live> current, List<?> desired, ProviderContext ctx) {
        Map<String, Live> have = new LinkedHashMap<>();
        for (Live s : current) have.put(s.key(), s);
        Map<String, Live> want = new LinkedHashMap<>();
        for (Object d : desired) {
            Map<?, ?> m = (Map<?, ?>) d;
            Live s = new Live(String.valueOf(m.get("protocol")), String.valueOf(m.get("endpoint")), null);
            want.put(s.key(), s);
        }
        for (Live s : want.values()) {
            if (!have.containsKey(s.key())) subscribe(sns, topicArn, s, ctx);
        }
        for (Live s : have.values()) {
            if (!want.containsKey(s.key())) unsubscribe(sns, s, ctx);
        }
    }

    private static void subscribe(SnsClient sns, String topicArn, Live s, ProviderContext ctx) {
        ctx.status("subscribing " + s.key() + " to " + topicArn);
        String answer = AwsErrors.call(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol(s.protocol()).endpoint(s.endpoint())))
                .subscriptionArn();
        if (answer == null || PENDING_ANSWER.equalsIgnoreCase(answer) || PENDING_ARN.equalsIgnoreCase(answer)) {
            ctx.notice("subscription " + s.key() + " is pending confirmation: AWS sent a confirmation request to "
                    + s.endpoint() + ", and nothing is delivered there until it is confirmed (AWS deletes it if it is "
                    + "not confirmed within 3 days; apply again then to send a new request)");
        }
    }

    private static void unsubscribe(SnsClient sns, Live s, ProviderContext ctx) {
        if (s.pending()) {
            ctx.notice("subscription " + s.key() + " is still pending confirmation, and AWS does not allow removing "
                    + "an unconfirmed subscription: it is left to lapse (AWS deletes it 3 days after it was requested); "
                    + "should it be confirmed before that, the next apply unsubscribes it");
            return;
        }
        ctx.status("unsubscribing " + s.key());
        NOT_FOUND.ignoring(() -> sns.unsubscribe(r -> r.subscriptionArn(s.arn())));
    }
}
