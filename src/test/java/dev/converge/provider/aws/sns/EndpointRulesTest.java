package dev.converge.provider.aws.sns;

import dev.converge.provider.PlanChecked;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Subscription endpoints in the form their protocol needs, checked at plan time. */
class EndpointRulesTest {

    @Test
    void wellFormedEndpointsPass() {
        assertNull(EndpointRules.expected("email", "ops@example.com"));
        assertNull(EndpointRules.expected("email-json", "ops+alarms@example.co.uk"));
        assertNull(EndpointRules.expected("https", "https://hooks.example.com/alarms"));
        assertNull(EndpointRules.expected("http", "http://hooks.example.com/alarms"));
        assertNull(EndpointRules.expected("sqs", "arn:aws:sqs:ap-northeast-2:123456789012:alarms"));
        assertNull(EndpointRules.expected("lambda", "arn:aws:lambda:ap-northeast-2:123456789012:function:page"));
        assertNull(EndpointRules.expected("sms", "+14155550100"));
    }

    @Test
    void malformedEndpointsSayWhatTheProtocolNeeds() {
        assertEquals("an e-mail address", EndpointRules.expected("email", "ops"));
        assertEquals("a URL starting with https://", EndpointRules.expected("https", "http://hooks.example.com/"));
        assertEquals("a phone number in E.164 form, such as +14155550100", EndpointRules.expected("sms", "415-555-0100"));
        assertEquals("an SQS queue's ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)", EndpointRules.expected("sqs", "https://sqs.example.com/q"));
    }

    @Test
    void problemsNameTheSubscriptionAndSkipUnknownOnesAndUntouchedSets() {
        Map<String, Object> desired = Map.of("subscriptions", List.of(
                Map.of("protocol", "email", "endpoint", "ops"),
                Map.of("protocol", "https", "endpoint", dev.converge.schema.Unknown.VALUE)));
        List<PlanChecked.Problem> problems = EndpointRules.check(new PlanChecked.Planned("alarms", desired));
        assertEquals(1, problems.size());
        assertEquals("subscriptions", problems.get(0).property());
        assertEquals("subscription email:ops: the endpoint must be an e-mail address", problems.get(0).message());
        assertEquals(List.of(), EndpointRules.check(new PlanChecked.Planned("alarms", desired, Set.of("tags"))));
    }
}
