package dev.converge.aws;

import dev.converge.provider.ProviderException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client-side failures (credentials, region, network) read as one line that says what to do. */
class AwsErrorsTest {

    private static ProviderException translate(String message, Throwable cause) {
        return AwsErrors.translate(SdkClientException.builder().message(message).cause(cause).build());
    }

    @Test
    void aMissingNamedProfileIsNamed() {
        ProviderException e = translate("Unable to load credentials from any of the providers in the chain ... "
                + "ProfileCredentialsProvider(profileName=nope, profileFile=ProfileFile(sections=[])): "
                + "Profile file contained no credentials for profile 'nope': ProfileFile(sections=[]) ...", null);
        assertEquals("NoCredentials", e.code());
        assertTrue(e.getMessage().startsWith("the AWS profile 'nope' has no credentials"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void theDefaultChainsOwnTryOfTheDefaultProfileIsNotBlamed() {
        ProviderException e = translate("Unable to load credentials from any of the providers in the chain "
                + "AwsCredentialsProviderChain(...) : [..., ProfileCredentialsProvider(profileName=default, ...): "
                + "Profile file contained no credentials for profile 'default': ProfileFile(sections=[]), ...]", null);
        assertEquals("no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID, run `aws sso login`, or use --sandbox)",
                e.getMessage());
    }

    @Test
    void anSsoProfileWithoutTokenSaysToLogIn() {
        ProviderException e = translate("Unable to load SSO token", null);
        assertEquals("SsoLogin", e.code());
        assertTrue(e.getMessage().contains("aws sso login"), e.getMessage());
        assertFalse(e.retryable(), "logging in is the user's job; retrying cannot help");
    }

    @Test
    void noCredentialsAtAllPointsAtTheSandbox() {
        ProviderException e = translate("Unable to load credentials from any of the providers in the chain", null);
        assertEquals("NoCredentials", e.code());
        assertTrue(e.getMessage().contains("--sandbox"), e.getMessage());
    }

    @Test
    void anUnknownHostIsNamed() {
        ProviderException e = translate("Received an UnknownHostException when attempting to interact with a service. See cause",
                new UnknownHostException("nosuchhost.invalid: Name or service not known"));
        assertEquals("EndpointUnreachable", e.code());
        assertEquals("cannot resolve nosuchhost.invalid: Name or service not known: check the network, the region, "
                + "and --endpoint or AWS_ENDPOINT_URL if set", e.getMessage());
        assertTrue(e.retryable());
    }

    @Test
    void aRefusedConnectionNamesTheEndpoint() {
        Exception refused = new ConnectException("Connect to 127.0.0.1:9 [/127.0.0.1] failed: Connection refused");
        ProviderException e = translate("Unable to execute HTTP request: Connect to 127.0.0.1:9 [/127.0.0.1] failed: "
                + "Connection refused (SDK Attempt Count: 8)", refused);
        assertEquals("EndpointUnreachable", e.code());
        assertTrue(e.getMessage().startsWith("cannot reach AWS: Connect to 127.0.0.1:9"), e.getMessage());
    }

    @Test
    void otherClientErrorsKeepTheSdkMessage() {
        ProviderException e = translate("Unable to unmarshall response", null);
        assertEquals("ClientError", e.code());
        assertEquals("Unable to unmarshall response", e.getMessage());
    }
}
