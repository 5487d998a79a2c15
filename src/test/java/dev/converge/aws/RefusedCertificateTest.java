package dev.converge.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.converge.provider.ProviderException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A certificate the trust store refuses (a proxy that inspects TLS, a wrong endpoint) does not get
 * better by asking again: one attempt, one error that says what to do. The SDK's standard retries
 * took eight attempts and about ten seconds of back-off to report it, and the applier would then
 * have retried that again. A handshake cut short by the network stays retried.
 */
class RefusedCertificateTest {

    @Test
    void aRefusedCertificateFailsAtTheFirstAttemptWithWhatToDo() {
        // WireMock's HTTPS port presents its own self-signed certificate, which no default authority signed.
        // (The sandbox's settings only for their static credentials: the endpoint is HTTPS all the same.)
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().dynamicHttpsPort());
        server.start();
        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        URI endpoint = URI.create("https://localhost:" + server.httpsPort());
        try (AwsSession session = new AwsSession(AwsSettings.defaults("us-east-1").withEndpoint(endpoint, true)
                .withDebugLog(new PrintStream(debug, true, StandardCharsets.UTF_8)))) {
            ProviderException e = assertThrows(ProviderException.class, session::accountId);

            assertEquals("UntrustedCertificate", e.code());
            assertFalse(e.retryable(), "the applier does not retry it either");
            assertTrue(e.getMessage().contains("localhost:" + server.httpsPort()), e.getMessage());
            assertTrue(e.getMessage().contains("javax.net.ssl.trustStore"), "says how to trust a proxy's authority: " + e.getMessage());
            String log = debug.toString(StandardCharsets.UTF_8);
            // One attempt, so no back-off either (the debug line counts the retries).
            assertTrue(log.contains("retries=0"), "one attempt: " + log);
        } finally {
            server.stop();
        }
    }

    @Test
    void aHandshakeTheServerCutsShortIsStillRetried() throws IOException {
        // A server that accepts and closes at once: the network's kind of failure, worth another attempt.
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread closer = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            URI endpoint = URI.create("https://localhost:" + listener.getLocalPort());
            // Two seconds for the call: time for a second attempt, not for all eight and their back-off.
            AwsSettings settings = new AwsSettings("us-east-1", null, endpoint, true, null, Duration.ofSeconds(2), Duration.ofSeconds(1));
            try (AwsSession session = new AwsSession(settings)) {
                ProviderException e = assertThrows(ProviderException.class, session::accountId);
                assertNotEquals("UntrustedCertificate", e.code(), e.getMessage());
            }
            assertTrue(accepted.get() > 1, "retried: " + accepted.get() + " connections");
        }
    }
}
