package dev.converge.provider.aws.route53;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Route 53 rejects a change batch with a body of its own shape, not the usual ErrorResponse:
 * {@code <InvalidChangeBatch><Messages><Message>Tried to create resource record set [...] but it
 * already exists</Message></Messages></InvalidChangeBatch>}. SDK for Java v2 (2.31) does not parse
 * it: the exception has no error code and no message. This reads the messages from the raw body so
 * that the user sees why the batch failed.
 */
public final class ChangeBatchErrors {

    public static final String CODE = "InvalidChangeBatch";
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

    private ChangeBatchErrors() {
    }

    public static ProviderException translate(AwsServiceException e) {
        String body = e.awsErrorDetails() != null && e.awsErrorDetails().rawResponse() != null
                ? e.awsErrorDetails().rawResponse().asString(StandardCharsets.UTF_8) : "";
        if (!body.contains("<InvalidChangeBatch")) return AwsErrors.translate(e);
        List<String> messages = messages(body);
        String text = messages.isEmpty() ? "Route 53 rejected the change batch" : String.join("; ", messages);
        return new ProviderException(CODE, text, false, e);
    }

    /** The {@code <Message>} texts of an InvalidChangeBatch body, XML entities decoded. */
    static List<String> messages(String body) {
        List<String> out = new ArrayList<>();
        Matcher m = MESSAGE.matcher(body);
        while (m.find()) {
            out.add(m.group(1).trim().replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&"));
        }
        return out;
    }
}
