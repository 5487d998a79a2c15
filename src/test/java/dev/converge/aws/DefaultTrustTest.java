package dev.converge.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP client's trust is loaded at the first handshake instead of when the client is built:
 * it must still be the JDK's default trust, and still refuse a server no trusted authority vouches for.
 */
class DefaultTrustTest {

    @Test
    void trustsExactlyTheJdksDefaultAuthorities() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        X509TrustManager jdk = (X509TrustManager) Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance).findFirst().orElseThrow();
        X509TrustManager ours = (X509TrustManager) DefaultTrust.managers()[0];

        Set<String> expected = Arrays.stream(jdk.getAcceptedIssuers()).map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.toSet());
        Set<String> actual = Arrays.stream(ours.getAcceptedIssuers()).map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.toSet());
        assertTrue(expected.size() > 20, "the JDK's trust store holds the public authorities: " + expected.size());
        assertEquals(expected, actual);
    }

    @Test
    void everyClientSharesOneTrust() {
        TrustManager[] first = DefaultTrust.managers();
        TrustManager[] second = DefaultTrust.managers();
        assertEquals(1, first.length);
        assertTrue(first[0] == second[0], "one trust manager for the process: the store is loaded once");
    }

    @Test
    void aServerWithASelfSignedCertificateIsRefused() throws Exception {
        // WireMock's HTTPS port presents its own self-signed certificate, which no default authority signed.
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().dynamicHttpsPort());
        server.start();
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, DefaultTrust.managers(), null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", server.httpsPort())) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, socket::startHandshake);
                assertTrue(causedBy(e, CertificateException.class), "refused for its certificate: " + e);
            }
            assertEquals(0, server.getAllServeEvents().size(), "no request reached the server");
        } finally {
            server.stop();
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }
}
