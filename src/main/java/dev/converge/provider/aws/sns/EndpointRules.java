package dev.converge.provider.aws.sns;

import dev.converge.provider.PlanChecked;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Each subscription's endpoint in the form its protocol needs, checked at plan time on the resolved
 * values: Subscribe refuses the others only once the topic exists, half-way through an apply. Reads
 * nothing; endpoints still unknown are left to apply.
 */
final class EndpointRules {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");

    private EndpointRules() {
    }

    static List<PlanChecked.Problem> check(PlanChecked.Planned planned) {
        List<PlanChecked.Problem> out = new ArrayList<>();
        if (!planned.sets("subscriptions") || !(planned.desired().get("subscriptions") instanceof List<?> subscriptions)) return out;
        for (Object s : subscriptions) {
            if (!(s instanceof Map<?, ?> m) || !(m.get("protocol") instanceof String protocol) || !(m.get("endpoint") instanceof String endpoint)) {
                continue;
            }
            String expected = expected(protocol, endpoint);
            if (expected != null) {
                // Reported at `subscriptions`: the set is sorted, so an index would point at the wrong entry.
                out.add(new PlanChecked.Problem(planned.address(), "subscriptions", "subscription " + protocol + ":" + endpoint
                        + ": the endpoint must be " + expected, null));
            }
        }
        return out;
    }

    /** What the endpoint should look like, or null if it does. */
    static String expected(String protocol, String endpoint) {
        return switch (protocol) {
            case "email", "email-json" -> EMAIL.matcher(endpoint).matches() ? null : "an e-mail address";
            case "http" -> endpoint.startsWith("http://") ? null : "a URL starting with http://";
            case "https" -> endpoint.startsWith("https://") ? null : "a URL starting with https://";
            case "sqs" -> arn(endpoint, "sqs") ? null : "an SQS queue's ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)";
            case "lambda" -> arn(endpoint, "lambda") ? null : "a Lambda function's ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)";
            case "application" -> arn(endpoint, "sns") ? null : "a mobile platform endpoint's ARN (arn:aws:sns:...:endpoint/...)";
            case "sms" -> E164.matcher(endpoint).matches() ? null : "a phone number in E.164 form, such as +14155550100";
            default -> null;
        };
    }

    private static boolean arn(String endpoint, String service) {
        return endpoint.matches("^arn:aws[a-z-]*:" + service + ":[a-z0-9-]+:\\d{12}:.+$");
    }
}
