package dev.converge.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The debug log says when each call started, so that calls made one after the other can be told from calls made side by side. */
class ApiCallCounterTest {

    private static final Pattern LINE = Pattern.compile("debug: aws Ec2\\.DescribeVpcs (\\d+)ms retries=0 HTTP 200, started \\+(\\d+)ms");

    @Test
    void eachCallSaysWhenItStarted() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(WireMock.post(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(200).withFixedDelay(100)
                .withHeader("Content-Type", "text/xml")
                .withBody("<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>r</requestId><vpcSet/></DescribeVpcsResponse>")));
        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        try (AwsSession session = new AwsSession(AwsSettings.defaults("us-east-1").withEndpoint(URI.create(server.baseUrl()), true)
                .withDebugLog(new PrintStream(debug, true, StandardCharsets.UTF_8)))) {
            // Two calls one after the other: the second starts once the first has ended.
            session.ec2().describeVpcs();
            session.ec2().describeVpcs();
        } finally {
            server.stop();
        }
        List<long[]> calls = new ArrayList<>();
        Matcher m = LINE.matcher(debug.toString(StandardCharsets.UTF_8));
        while (m.find()) calls.add(new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))});
        assertEquals(2, calls.size(), debug.toString(StandardCharsets.UTF_8));
        long firstEnd = calls.get(0)[0] + calls.get(0)[1];
        assertTrue(calls.get(0)[1] >= 100, "the first took the server's 100 ms: " + calls.get(0)[1]);
        assertTrue(calls.get(1)[0] >= firstEnd, "the second started after the first ended: " + calls.get(1)[0] + " < " + firstEnd);
    }
}
