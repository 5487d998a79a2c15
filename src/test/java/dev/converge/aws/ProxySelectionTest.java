package dev.converge.aws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which of the user's proxy settings a session uses. Environment variables cannot be set from a
 * running JVM, so this checks the same choice through the JDK's system properties, which the SDK
 * reads by the same scheme ({@code https.proxyHost} beside {@code HTTPS_PROXY}).
 */
class ProxySelectionTest {

    private static final String[] PROPERTIES = {"https.proxyHost", "https.proxyPort", "http.proxyHost", "http.proxyPort"};

    @AfterEach
    void clear() {
        for (String p : PROPERTIES) System.clearProperty(p);
    }

    @Test
    void awsEndpointsUseTheHttpsProxy() {
        System.setProperty("https.proxyHost", "secure-proxy.corp");
        System.setProperty("https.proxyPort", "3129");
        System.setProperty("http.proxyHost", "plain-proxy.corp");
        System.setProperty("http.proxyPort", "3128");
        ProxyConfiguration forAws = AwsSession.proxyFor(null);
        assertEquals("secure-proxy.corp", forAws.host());
        assertEquals(3129, forAws.port());
        assertEquals("secure-proxy.corp", AwsSession.proxyFor(URI.create("https://vpce.example.amazonaws.com")).host());
    }

    /** The "none" assertions hold only where the machine itself names no proxy. */
    private static void assumeNoProxyInTheEnvironment() {
        for (String v : new String[]{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}) {
            assumeTrue(System.getenv(v) == null, v + " is set on this machine");
        }
    }

    @Test
    void anHttpEndpointUsesTheHttpProxyAndOnlyThat() {
        assumeNoProxyInTheEnvironment();
        System.setProperty("https.proxyHost", "secure-proxy.corp");
        System.setProperty("https.proxyPort", "3129");
        assertNull(AwsSession.proxyFor(URI.create("http://127.0.0.1:4566")).host(), "the sandbox is not sent through the HTTPS proxy");
        System.setProperty("http.proxyHost", "plain-proxy.corp");
        System.setProperty("http.proxyPort", "3128");
        assertEquals("plain-proxy.corp", AwsSession.proxyFor(URI.create("http://127.0.0.1:4566")).host());
    }

    @Test
    void noProxyConfiguredMeansNone() {
        assumeNoProxyInTheEnvironment();
        assertNull(AwsSession.proxyFor(null).host());
    }
}
