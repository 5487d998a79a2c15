package dev.converge.provider.aws.common;

import dev.converge.provider.ProviderException;
import dev.converge.schema.Unknown;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PolicyDocumentsTest {

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void aSingleStatementAndSingleValuesAreListsOfOneAndKeysAreSorted() {
        Object written = PolicyDocuments.normalize(map("Version", "2012-10-17", "Statement",
                map("Effect", "Allow", "Principal", map("Service", "ec2.amazonaws.com"), "Action", "sts:AssumeRole")));
        Object listed = PolicyDocuments.normalize(map("Statement", List.of(map("Action", List.of("sts:AssumeRole"),
                "Principal", map("Service", List.of("ec2.amazonaws.com")), "Effect", "Allow")), "Version", "2012-10-17"));
        assertEquals(written, listed);
        assertEquals("{Statement=[{Action=[sts:AssumeRole], Effect=Allow, Principal={Service=[ec2.amazonaws.com]}}], Version=2012-10-17}",
                written.toString());
    }

    @Test
    void iamsUrlEncodedJsonReadsAsTheWrittenObject() {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
                + "\"Resource\":\"arn:aws:s3:::logs/*\"}]}";
        Object written = PolicyDocuments.normalize(map("Version", "2012-10-17", "Statement", List.of(map("Effect", "Allow",
                "Action", List.of("s3:ListBucket", "s3:GetObject", "s3:GetObject"), "Resource", List.of("arn:aws:s3:::logs/*")))));
        assertEquals(written, PolicyDocuments.fromAws(URLEncoder.encode(json, StandardCharsets.UTF_8)));
        assertEquals(written, PolicyDocuments.fromAws(json), "S3 and SNS return plain JSON");
    }

    @Test
    void statementOrderDoesNotMatterButTheirContentDoes() {
        Map<String, Object> a = map("Effect", "Allow", "Action", "s3:GetObject", "Resource", "*");
        Map<String, Object> b = map("Effect", "Deny", "Action", "s3:DeleteObject", "Resource", "*");
        assertEquals(PolicyDocuments.normalize(map("Statement", List.of(a, b))), PolicyDocuments.normalize(map("Statement", List.of(b, a))));
        Map<String, Object> wider = map("Effect", "Allow", "Action", "s3:*", "Resource", "*");
        assertNotEquals(PolicyDocuments.normalize(map("Statement", List.of(a))), PolicyDocuments.normalize(map("Statement", List.of(wider))));
        assertNotEquals(PolicyDocuments.normalize(map("Statement", List.of(map("Effect", "Allow", "Action", "s3:GetObject",
                "Resource", "arn:aws:s3:::Logs/*")))), PolicyDocuments.normalize(map("Statement", List.of(map("Effect", "Allow",
                "Action", "s3:GetObject", "Resource", "arn:aws:s3:::logs/*")))), "ARNs are case-sensitive");
    }

    @Test
    void conditionValuesAreStringSetsAndAnAccountIdIsItsRootArn() {
        Object written = PolicyDocuments.normalize(map("Statement", List.of(map("Effect", "Allow", "Action", "sts:AssumeRole",
                "Principal", map("AWS", "123456789012"), "Condition", map("Bool", map("aws:MultiFactorAuthPresent", true),
                        "NumericLessThan", map("aws:MultiFactorAuthAge", 3600L))))));
        String stored = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::123456789012:root\"},\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},"
                + "\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":[\"3600\"]}}}]}";
        assertEquals(written, PolicyDocuments.fromAws(stored));
        assertEquals(PolicyDocuments.normalize(map("Statement", map("Principal", "*"))).toString(), "{Statement=[{Principal=*}]}");
    }

    @Test
    void aDocumentStillHoldingUnknownValuesIsLeftAsWritten() {
        Map<String, Object> pending = map("Statement", List.of(map("Effect", "Allow", "Resource", Unknown.VALUE)));
        assertSame(pending, PolicyDocuments.normalize(pending));
    }

    @Test
    void theJsonSentIsTheDocumentAsWrittenAndAMalformedOneIsRefusedBeforeAnyCall() {
        Map<String, Object> doc = map("Version", "2012-10-17", "Statement", map("Effect", "Allow", "Action", "s3:GetObject", "Resource", "*"));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}",
                PolicyDocuments.toJson(doc));
        ProviderException e = assertThrows(ProviderException.class, () -> PolicyDocuments.toJson(
                map("Statement", List.of(map("Action", List.of(map("nested", "object")))))));
        assertEquals("MalformedPolicyDocument", e.code());
        assertEquals("MalformedPolicyDocument", assertThrows(ProviderException.class, () -> PolicyDocuments.fromAws("not json")).code());
    }
}
