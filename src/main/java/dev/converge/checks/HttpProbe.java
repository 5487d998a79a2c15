package dev.converge.checks;

import dev.converge.stack.Check;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One GET of a check's URL. Redirects are not followed: a check states what the URL itself answers
 * (a 301 from the HTTP listener is checked as 301). Certificates are verified as a browser would:
 * a check of https:// that passes means visitors get no certificate warning.
 */
final class HttpProbe {

    /** How much of a body is read: enough for any health page, bounded for anything else. */
    static final int BODY_LIMIT = 64 * 1024;
    /** How much of an unexpected body a failure shows. */
    private static final int SHOWN = 200;

    /** What one attempt got: {@code problem} is null when it passed. */
    record Attempt(String problem, String received) {
        boolean passed() {
            return problem == null;
        }
    }

    private final HttpClient client;

    HttpProbe(Duration connectTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Attempt get(URI url, Check.ExpectedStatus expected, String bodyPart, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "converge-check").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
            }
            int status = response.statusCode();
            if (!expected.matches(status)) {
                return new Attempt("expected " + expected + ", got " + status + bodyExcerpt(body), String.valueOf(status));
            }
            if (bodyPart != null && !body.contains(bodyPart)) {
                return new Attempt("got " + status + " but the body does not contain \"" + bodyPart + "\"" + bodyExcerpt(body),
                        String.valueOf(status));
            }
            return new Attempt(null, String.valueOf(status));
        } catch (HttpConnectTimeoutException e) {
            return new Attempt("no connection within " + millis(timeout), null);
        } catch (HttpTimeoutException e) {
            return new Attempt("no answer within " + millis(timeout), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt("interrupted", null);
        } catch (IOException e) {
            return new Attempt(describe(e, url), null);
        }
    }

    private static String bodyExcerpt(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) return " (empty body)";
        return "; body: \"" + (flat.length() > SHOWN ? flat.substring(0, SHOWN) + "…" : flat) + "\"";
    }

    /** The cause a user can act on: unknown host, refused, certificate. */
    private static String describe(IOException e, URI url) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof UnknownHostException) return "the name " + url.getHost() + " does not resolve";
            if (t instanceof ConnectException) return "connection to " + url.getHost() + ":" + port(url) + " refused";
            if (t instanceof SSLException) return "TLS failed: " + Optional.ofNullable(t.getMessage()).orElse(t.getClass().getSimpleName());
            t = t.getCause();
        }
        return Optional.ofNullable(e.getMessage()).map(m -> e.getClass().getSimpleName() + ": " + m).orElse(e.getClass().getSimpleName());
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    static String millis(Duration d) {
        return CheckReport.time(d);
    }
}
