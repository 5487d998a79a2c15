package dev.converge.aws;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.security.cert.CertificateException;

/**
 * The HTTP client, reporting a server certificate its trust refuses as what it is: a failure no
 * retry mends. The SDK retries every {@link IOException}, and a handshake refused for the server's
 * certificate is one: a user behind a proxy that inspects TLS waited through eight attempts and
 * about ten seconds of back-off for an error that named no host, and the applier then counted it as
 * a network failure worth retrying again. Such a refusal leaves here as an {@link SdkClientException}
 * whose cause is a {@link Refusal} (not an IOException, so the SDK's retry strategy does not retry
 * it), which {@link AwsErrors} turns into {@code UntrustedCertificate}. Everything else, a handshake
 * the network cut short included, passes unchanged and is retried as before.
 */
final class RefusedCertificates implements SdkHttpClient {

    private final SdkHttpClient http;

    RefusedCertificates(SdkHttpClient http) {
        this.http = http;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = http.prepareRequest(request);
        SdkHttpRequest target = request.httpRequest();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return prepared.call();
                } catch (IOException e) {
                    if (!refusesCertificate(e)) throw e;
                    Refusal refusal = new Refusal(target.host() + ":" + target.port(), e);
                    throw SdkClientException.builder().message(refusal.getMessage()).cause(refusal).build();
                }
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    /**
     * A certificate the trust store refused (no trusted authority, expired, revoked) or that does
     * not name the host: the same answer at every attempt.
     */
    static boolean refusesCertificate(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) return true;
            // HttpsURLConnection's own check of the name, after a handshake that succeeded.
            if (t instanceof IOException && String.valueOf(t.getMessage()).startsWith("HTTPS hostname wrong")) return true;
        }
        return false;
    }

    @Override
    public String clientName() {
        return http.clientName();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Why the handshake with {@code endpoint} failed, said once. The handshake's exception is kept
     * as a suppressed one, not as the cause: a cause that is an IOException is what the SDK retries.
     */
    static final class Refusal extends RuntimeException {

        Refusal(String endpoint, IOException handshake) {
            super("the TLS certificate of " + endpoint + " is not trusted: " + innermost(handshake), null, true, false);
            addSuppressed(handshake);
        }

        private static String innermost(Throwable t) {
            Throwable last = t;
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c.getMessage() != null) last = c;
            }
            return last.getMessage();
        }
    }
}
