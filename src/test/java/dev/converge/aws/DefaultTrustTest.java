package dev.converge.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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

    /**
     * The whole path AWS users take, which the sandbox (plain HTTP) never does: an AWS client over
     * TLS, its server's certificate checked by this trust. In a JVM of its own whose default trust
     * store holds one certificate: the one a WireMock HTTPS port presents for localhost.
     */
    @Test
    void aClientReachesAServerItsTrustStoreVouchesFor(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", dir.resolve("server.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", dir.resolve("server.cer").toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");

        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword("changeit").keyManagerPassword("changeit"));
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:iam::210987654321:user/probe</Arn><UserId>AIDAPROBE</UserId><Account>210987654321</Account>"
                        + "</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>")));
        server.start();
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process probe = new ProcessBuilder(java, "-Djavax.net.ssl.trustStore=" + truststore, "-Djavax.net.ssl.trustStorePassword=changeit",
                    "-cp", System.getProperty("java.class.path"), TlsProbe.class.getName(), "https://localhost:" + server.httpsPort())
                    .redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, probe.exitValue(), out);
            assertEquals("210987654321", out.strip().lines().reduce((a, b) -> b).orElse(""), out);
            assertEquals(1, server.getAllServeEvents().size(), "one request, over TLS");
        } finally {
            server.stop();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ": " + out);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }
}
