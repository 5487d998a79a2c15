package dev.converge.cost;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * AWS's Price List Query API played by WireMock from recorded GetProducts answers
 * (src/test/resources/pricelist: us-east-1, the documented PriceList shape), as AWS serves it:
 * JSON 1.1, one POST per page, NextToken between pages. {@code ec2-nat.json} is written in that
 * shape, not recorded: its SKUs are test ones (TEST...) and its prices the catalogue's sourced
 * us-east-1 figures; it carries the zonal and the regional NAT gateway products side by side,
 * as AWS's AmazonEC2 offer does.
 */
public final class RecordedPriceList implements AutoCloseable {

    public final WireMockServer server = new WireMockServer(options().dynamicPort());

    public RecordedPriceList() {
        server.start();
    }

    /** A client of this server, as the refresh and {@code --pricing live} use it. */
    public PriceListApi api() {
        return new PriceListApi(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), URI.create(server.baseUrl()));
    }

    public void answer(String file, StringValuePattern... body) {
        var request = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"));
        for (StringValuePattern p : body) request = request.withRequestBody(p);
        try {
            server.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(Files.readString(Path.of("src/test/resources/pricelist", file)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StringValuePattern service(String code) {
        return matchingJsonPath("$.ServiceCode", equalTo(code));
    }

    public static StringValuePattern filter(String field, String value) {
        return matchingJsonPath("$.Filters[?(@.Field == '" + field + "' && @.Value == '" + value + "')]");
    }

    /** Every recorded answer for us-east-1: gp2 answers no product. */
    public void recordedAnswers() {
        answer("elb.json", service("AWSELB"), filter("regionCode", "us-east-1"));
        answer("vpc.json", service("AmazonVPC"), filter("regionCode", "us-east-1"));
        answer("ebs-gp3.json", service("AmazonEC2"), filter("volumeApiName", "gp3"));
        answer("ebs-gp2.json", service("AmazonEC2"), filter("volumeApiName", "gp2"));
        answer("ec2-t3micro-1.json", service("AmazonEC2"), filter("instanceType", "t3.micro"));
        answer("ec2-t3micro-2.json", service("AmazonEC2"), filter("instanceType", "t3.micro"), matchingJsonPath("$.NextToken"));
        answer("route53.json", service("AmazonRoute53"));
        answer("ec2-nat.json", service("AmazonEC2"), filter("productFamily", "NAT Gateway"));
    }

    /** Answers every query for {@code volumeApiName} gp3 with the recorded product at another price (a price change). */
    public void gp3CostsInstead(String usd) {
        try {
            String recorded = Files.readString(Path.of("src/test/resources/pricelist", "ebs-gp3.json"));
            server.stubFor(post(urlEqualTo("/")).atPriority(2).withRequestBody(filter("volumeApiName", "gp3"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody(recorded.replace("0.0800000000", usd).replace("$0.08 per", "$" + new java.math.BigDecimal(usd).stripTrailingZeros().toPlainString() + " per"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AWS's answer to credentials without pricing:GetProducts (not retried by the SDK). */
    public void denyEverything() {
        server.stubFor(post(urlEqualTo("/")).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not authorized to perform: pricing:GetProducts\"}")));
    }

    public int requests() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
