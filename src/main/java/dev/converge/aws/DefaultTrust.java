package dev.converge.aws;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The JDK's default trust (its {@code cacerts}, or the store {@code javax.net.ssl.trustStore}
 * names), loaded on the first TLS handshake rather than when an HTTP client is built. It is exactly
 * the trust manager an {@code SSLContext} initialised without one gets — the same factory, the same
 * store, every check delegated — only later: loading the store parses about 150 certificates
 * (about 35 ms of CPU at start-up, before the JIT: docs/benchmarks.md, "Start-up, sixth pass"),
 * which an {@code http://} endpoint (the sandbox, a local stand-in) never needs. {@link #load} loads it ahead of time, on a thread
 * of the caller's choosing, for a command that will reach AWS over TLS.
 */
public final class DefaultTrust extends X509ExtendedTrustManager {

    private static final DefaultTrust INSTANCE = new DefaultTrust();

    private volatile X509ExtendedTrustManager loaded;

    private DefaultTrust() {
    }

    /** The trust managers for an HTTP client: this one, shared by every client of the process. */
    public static TrustManager[] managers() {
        return new TrustManager[] {INSTANCE};
    }

    /** Loads the default trust store now, if it is not loaded yet; a failure is left for the first handshake to report. */
    public static void load() {
        try {
            INSTANCE.delegate();
        } catch (CertificateException e) {
            // Not kept: the handshake tries again and fails with it.
        }
    }

    private X509ExtendedTrustManager delegate() throws CertificateException {
        X509ExtendedTrustManager tm = loaded;
        if (tm != null) return tm;
        synchronized (this) {
            if (loaded == null) loaded = fromDefaultFactory();
            return loaded;
        }
    }

    /** As {@code SSLContextImpl} does when given no trust managers: the default algorithm's factory on the default store. */
    private static X509ExtendedTrustManager fromDefaultFactory() throws CertificateException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) return x;
            }
            throw new CertificateException("the JDK's default trust manager factory made no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            // Refuse the handshake: no trust store, no trust.
            throw new CertificateException("cannot load the JDK's trust store: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    /** The issuers this client trusts (asked only by a server choosing a client certificate's issuer). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return delegate().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
