package dev.converge.provider.aws.sns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.plan.Differ;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.testing.AwsCli;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.sns.Topic against moto (WireMock in front for AWS's pending confirmations); checked with the AWS CLI. */
class TopicIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();
    private TopicResource type;
    private AwsCli cli;

    @BeforeEach
    void setUp() {
        type = new TopicResource(moto.session());
        cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
    }

    static Map<String, Object> subscription(String protocol, String endpoint) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("protocol", protocol);
        s.put("endpoint", endpoint);
        return s;
    }

    /** The properties as the planner hands them over: defaults applied. */
    static Map<String, Object> props(String name, String displayName, List<Object> subscriptions) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        if (displayName != null) p.put("displayName", displayName);
        p.put("subscriptions", subscriptions);
        p.put("tags", Map.of("team", "web"));
        return p;
    }

    static ManagedType.CreateRequest request(String stack, String address, Map<String, Object> properties, String token) {
        Map<String, String> user = new TreeMap<>();
        if (properties.get("tags") instanceof Map<?, ?> m) m.forEach((k, v) -> user.put(String.valueOf(k), String.valueOf(v)));
        return new ManagedType.CreateRequest(stack, address, properties,
                TestProofs.withProof(Ownership.tags(stack, address, Map.of(), user), stack, address, token), token);
    }

    private void assertNoChange(TopicResource t, Map<String, Object> desired, LiveResource live) {
        assertEquals(List.of(), Differ.diff(t.schema().properties(), t.normalize(desired), live.values(), null, List.of()));
    }

    private List<String> subscriptionsSeenByCli(String arn) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : cli.json("sns", "list-subscriptions-by-topic", "--topic-arn", arn).path("Subscriptions")) {
            out.add(s.path("Protocol").asText() + ":" + s.path("Endpoint").asText());
        }
        out.sort(null);
        return out;
    }

    @Test
    void createReadUpdateSubscriptionsInPlaceAndDelete() {
        Map<String, Object> p = props("s1-alarms", "Alarms", List.of(subscription("https", "https://hooks.example.com/a")));
        LiveResource created = type.create(request("s1", "alarms", p, "t1"), ctx);

        assertTrue(created.id().matches("arn:aws:sns:ap-northeast-2:\\d{12}:s1-alarms"), created.id());
        assertEquals(created.id(), created.values().get("arn"));
        assertEquals("alarms", created.address());
        assertNoChange(type, p, created);
        long before = moto.session().calls().reads();
        List<LiveResource> byStack = type.read("s1", List.of(), ctx);
        // GetResources (tagging API), then GetTopicAttributes and ListSubscriptionsByTopic for the one topic.
        assertEquals(3, moto.session().calls().reads() - before);
        assertEquals(1, byStack.size());
        assertEquals(created.values(), byStack.get(0).values());
        assertEquals(1, type.read("another", List.of(created.id()), ctx).size());

        // Independently, with the AWS CLI.
        assertEquals(List.of("https:https://hooks.example.com/a"), subscriptionsSeenByCli(created.id()));
        assertEquals("Alarms", cli.json("sns", "get-topic-attributes", "--topic-arn", created.id())
                .path("Attributes").path("DisplayName").asText());
        Map<String, String> tags = new TreeMap<>();
        cli.json("sns", "list-tags-for-resource", "--resource-arn", created.id()).path("Tags")
                .forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        assertEquals("s1", tags.get("converge:stack"));
        assertEquals("alarms", tags.get("converge:id"));
        assertTrue(tags.containsKey("converge:proof"));

        // One subscription swapped for another, and the display name changed, in place.
        Map<String, Object> desired = props("s1-alarms", "Web alarms", List.of(subscription("https", "https://hooks.example.com/b")));
        LiveResource updated = type.update(created, desired, Set.of("subscriptions", "displayName"),
                request("s1", "alarms", desired, "t1").tags(), ctx);
        assertEquals(created.id(), updated.id());
        assertNoChange(type, desired, updated);
        assertEquals(List.of("https:https://hooks.example.com/b"), subscriptionsSeenByCli(created.id()));
        assertEquals("Web alarms", cli.json("sns", "get-topic-attributes", "--topic-arn", created.id())
                .path("Attributes").path("DisplayName").asText());

        type.delete(updated, ctx);
        assertEquals(List.of(), type.read("s1", List.of(created.id()), ctx));
        assertTrue(cli.json("sns", "list-topics").path("Topics").findValuesAsText("TopicArn").stream()
                .noneMatch(created.id()::equals));
        type.delete(updated, ctx); // already gone: success
    }

    /**
     * AWS keeps an e-mail subscription "PendingConfirmation" until the recipient clicks (moto confirms
     * at once): WireMock answers Subscribe and ListSubscriptionsByTopic as AWS does.
     */
    @Test
    void aPendingEmailSubscriptionIsSaidPlansNoChangeAndIsLeftToLapseWhenRemoved() {
        try (FaultProxy proxy = new FaultProxy(moto.endpoint());
             AwsSession session = new AwsSession(AwsSettings.defaults(MotoAccount.REGION).withEndpoint(proxy.endpoint(), true))) {
            TopicResource viaProxy = new TopicResource(session);
            String arn = "arn:aws:sns:ap-northeast-2:" + session.accountId() + ":s1-alarms";
            proxy.answerQueryAction("Subscribe", aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                    "<SubscribeResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><SubscribeResult>"
                            + "<SubscriptionArn>pending confirmation</SubscriptionArn></SubscribeResult>"
                            + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></SubscribeResponse>"));
            proxy.answerQueryAction("ListSubscriptionsByTopic", aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                    .withBody("<ListSubscriptionsByTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                            + "<ListSubscriptionsByTopicResult><Subscriptions><member><TopicArn>" + arn + "</TopicArn>"
                            + "<Protocol>email</Protocol><SubscriptionArn>PendingConfirmation</SubscriptionArn>"
                            + "<Owner>" + session.accountId() + "</Owner><Endpoint>ops@example.com</Endpoint></member>"
                            + "</Subscriptions></ListSubscriptionsByTopicResult>"
                            + "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>"));
            // Before the Subscribe, the new topic has no subscription (the most recent stub answers first).
            proxy.failQueryAction("ListSubscriptionsByTopic", 1, aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                    .withBody("<ListSubscriptionsByTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                            + "<ListSubscriptionsByTopicResult><Subscriptions/></ListSubscriptionsByTopicResult>"
                            + "<ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>"));
            Map<String, Object> p = props("s1-alarms", null, List.of(subscription("email", "ops@example.com")));

            // The plan says so before anything is made, and so does the apply.
            assertEquals(1, viaProxy.createNotes(p).size());
            assertTrue(viaProxy.createNotes(p).get(0).contains("email:ops@example.com stays pending"), viaProxy.createNotes(p).toString());
            LiveResource created = viaProxy.create(request("s1", "alarms", p, "t1"), ctx);
            assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains("email:ops@example.com is pending confirmation")), ctx.statuses.toString());
            assertEquals(List.of("email:ops@example.com"), created.values().get("pendingConfirmation"));

            // Read back, the pending subscription is there: an unchanged stack plans no change, and never subscribes again.
            LiveResource read = viaProxy.read("s1", List.of(), ctx).get(0);
            assertNoChange(viaProxy, p, read);
            assertEquals(1, proxy.requests("Subscribe").size());

            // Removed while pending: AWS cannot unsubscribe it (no ARN yet); Converge says so and does not try.
            Map<String, Object> none = props("s1-alarms", null, List.of());
            viaProxy.update(read, none, Set.of("subscriptions"), request("s1", "alarms", none, "t1").tags(), ctx);
            assertEquals(0, proxy.requests("Unsubscribe").size());
            assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains("left to lapse")), ctx.statuses.toString());
            assertTrue(viaProxy.updateNotes(Set.of("subscriptions")).get(0).contains("lapses by itself after 3 days"));
        }
    }

    @Test
    void aTopicOfTheSameNameNotOwnedIsNotTakenOver() {
        String arn = moto.session().sns().createTopic(r -> r.name("s1-alarms").tags(t -> t.key("owner").value("someone"))).topicArn();

        Map<String, Object> p = props("s1-alarms", null, List.of(subscription("https", "https://hooks.example.com/a")));
        ProviderException e = assertThrows(ProviderException.class, () -> type.create(request("s1", "alarms", p, "t1"), ctx));

        assertEquals("AlreadyExists", e.code());
        assertTrue(e.getMessage().contains("not managed by Converge"), e.getMessage());
        assertEquals(List.of(), subscriptionsSeenByCli(arn));
        JsonNode tags = cli.json("sns", "list-tags-for-resource", "--resource-arn", arn).path("Tags");
        assertEquals(1, tags.size());
        assertEquals(List.of(), type.read("s1", List.of(), ctx));
    }

    @Test
    void aRetriedCreateAdoptsItsOwnTopic() {
        Map<String, Object> p = props("s1-alarms", null, List.of());
        LiveResource first = type.create(request("s1", "alarms", p, "t1"), ctx);
        LiveResource again = type.create(request("s1", "alarms", p, "t1"), ctx);
        assertEquals(first.id(), again.id());
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.startsWith("adopting topic s1-alarms")), ctx.statuses.toString());
    }
}
