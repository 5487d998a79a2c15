package dev.converge.aws;

import dev.converge.provider.ProviderException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One place that turns SDK exceptions into {@link ProviderException}s carrying AWS's error code and
 * message, and decides which are worth waiting out. Throttling and 5xx are already retried inside
 * the SDK (standard retry strategy); what is retryable here is slower: dependencies draining and
 * eventual consistency, retried by the applier with backoff.
 */
public final class AwsErrors {

    /** Codes that mean "try again later" at the action level. */
    private static final Set<String> RETRYABLE = Set.of(
            "DependencyViolation", "ResourceInUse", "ResourceInUseException", "IncorrectState",
            "IncorrectInstanceState", "InvalidGroup.InUse",
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
            "PriorRequestNotComplete", "InvalidChangeBatch.PriorRequestNotComplete",
            "ServiceUnavailable", "InternalError", "InternalFailure", "RequestTimeout");

    /** How the SDK says that a named profile does not exist or holds nothing usable. */
    private static final Pattern MISSING_PROFILE = Pattern.compile("no credentials for profile '([^']*)'");

    private AwsErrors() {
    }

    /** Runs an AWS call, translating failures. */
    public static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw translate(e);
        } catch (SdkClientException e) {
            throw translate(e);
        }
    }

    public static void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "HTTP" + e.statusCode();
    }

    /**
     * AWS's error with a message that says what to do instead of AWS's own (a missing state bucket:
     * which one, and how to make it). The code stays AWS's; such errors are never retried.
     */
    public static ProviderException explained(AwsServiceException e, String explanation) {
        return new ProviderException(code(e), explanation, false, e);
    }

    public static ProviderException translate(AwsServiceException e) {
        String code = code(e);
        String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
        boolean retryable = RETRYABLE.contains(code) || e.statusCode() >= 500 || e.isThrottlingException();
        if (code.equals("ExpiredToken") || code.equals("ExpiredTokenException") || code.equals("InvalidClientTokenId")
                || code.equals("UnrecognizedClientException") || code.equals("AuthFailure")) {
            message = message + " (check your AWS credentials: `aws sts get-caller-identity`, `aws sso login`)";
        }
        return new ProviderException(code, message, retryable, e);
    }

    public static ProviderException translate(SdkClientException e) {
        String m = String.valueOf(e.getMessage());
        // Credentials and region are a setup problem: one clear line, never retried.
        if (m.contains("SSO")) {
            return new ProviderException("SsoLogin", "no valid AWS SSO token (not logged in yet, or the session expired): "
                    + "run `aws sso login --profile NAME` for the profile Converge uses", false, e);
        }
        Matcher profile = MISSING_PROFILE.matcher(m);
        // The default chain always tries the profile 'default' too: only a profile someone chose
        // (--profile, AWS_PROFILE) is worth naming.
        boolean chosen = profile.find() && !(profile.group(1).equals("default") && m.contains("in the chain"));
        if (chosen) {
            return new ProviderException("NoCredentials", "the AWS profile '" + profile.group(1) + "' has no credentials: it is "
                    + "not in ~/.aws/config or ~/.aws/credentials, or defines none (`aws configure list-profiles` lists them)",
                    false, e);
        }
        if (m.contains("Unable to load credentials") || m.contains("credentials")) {
            return new ProviderException("NoCredentials",
                    "no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID, run `aws sso login`, or use --sandbox)", false, e);
        }
        if (m.contains("Unable to load region") || m.contains("region")) {
            return new ProviderException("NoRegion", "no AWS region: set `region:` in the stack, --region or AWS_REGION", false, e);
        }
        // What failed on the way to AWS, named, since the SDK's own wording hides which host: a
        // certificate the trust refuses is final; network failures are worth retrying at the action
        // level (the SDK already tried a few times).
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof RefusedCertificates.Refusal refusal) {
                return new ProviderException("UntrustedCertificate", refusal.getMessage() + ". If a proxy on this network"
                        + " inspects TLS, add its certificate authority to a trust store and run with CONVERGE_JAVA_OPTS="
                        + "\"-Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStorePassword=PASSWORD\"; otherwise check"
                        + " --endpoint and AWS_ENDPOINT_URL", false, e);
            }
            if (t instanceof UnknownHostException) {
                return new ProviderException("EndpointUnreachable", "cannot resolve " + t.getMessage()
                        + ": check the network, the region, and --endpoint or AWS_ENDPOINT_URL if set", true, e);
            }
            // The HTTP client's "Connect to HOST:PORT failed: Connection refused / connect timed out".
            if (t instanceof ConnectException || String.valueOf(t.getMessage()).startsWith("Connect to ")) {
                return new ProviderException("EndpointUnreachable", "cannot reach AWS: " + t.getMessage()
                        + " (check the network, and --endpoint or AWS_ENDPOINT_URL if set; for the sandbox, "
                        + "`converge sandbox status`)", true, e);
            }
        }
        return new ProviderException("ClientError", m, true, e);
    }
}
