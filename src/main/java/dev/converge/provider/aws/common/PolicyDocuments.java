package dev.converge.provider.aws.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.converge.provider.ProviderException;
import dev.converge.schema.Values;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * IAM policy documents (trust policies, inline policies; bucket and topic policies are the same
 * language) compared by meaning, not by text. A stack writes a policy as a YAML object; AWS returns
 * it as JSON text (IAM URL-encoded), possibly reordered and rewritten. Both sides are brought to one
 * canonical form, so an unchanged policy plans nothing and a real change shows as a difference:
 *
 * <ul>
 *   <li>object keys sorted; a single {@code Statement} object is a list of one;</li>
 *   <li>{@code Action}, {@code NotAction}, {@code Resource}, {@code NotResource}, each principal's
 *       values and each condition's values are sets: a single string is a list of one, sorted, no repeats;</li>
 *   <li>statements are a set too (their order has no meaning to IAM): sorted by their canonical text;</li>
 *   <li>scalars are strings ({@code true} and {@code "true"} are the same to IAM's condition operators);</li>
 *   <li>an AWS principal written as a 12-digit account id is the account's root ARN, as IAM stores it.</li>
 * </ul>
 *
 * Case is kept: IAM action names are case-insensitive but resource ARNs are not, and rewriting one
 * but not the other would hide a real change.
 */
public final class PolicyDocuments {

    /** Elements whose values are sets of strings. */
    private static final Set<String> STRING_SETS = Set.of("Action", "NotAction", "Resource", "NotResource");
    private static final Set<String> PRINCIPALS = Set.of("Principal", "NotPrincipal");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private PolicyDocuments() {
    }

    /** The document as AWS returns it (JSON, or IAM's URL-encoded JSON), in canonical form. */
    public static Map<String, Object> fromAws(String text) {
        if (text == null || text.isBlank()) return Map.of();
        String json = text.trim().startsWith("{") ? text : URLDecoder.decode(text, StandardCharsets.UTF_8);
        try {
            Object parsed = JSON.readValue(json, Object.class);
            if (!(parsed instanceof Map<?, ?>)) {
                throw new ProviderException("MalformedPolicyDocument", "AWS returned a policy that is not a JSON object", false);
            }
            return canonical(parsed);
        } catch (JsonProcessingException e) {
            throw new ProviderException("MalformedPolicyDocument", "AWS returned a policy that is not JSON: " + e.getOriginalMessage(), false);
        }
    }

    /** The document as the stack wrote it, in canonical form; values still unknown are left as they are. */
    public static Object normalize(Object document) {
        if (document instanceof Map<?, ?> && !Values.containsUnknown(document)) return canonical(document);
        return document;
    }

    /**
     * The JSON text to send to AWS: the document as the stack wrote it (so the console shows what the
     * author wrote), after checking that it has the shape of a policy.
     */
    public static String toJson(Object document) {
        if (!(document instanceof Map<?, ?>)) {
            throw new ProviderException("MalformedPolicyDocument", "a policy must be an object, got " + Values.kindOf(document), false);
        }
        canonical(document);
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new ProviderException("MalformedPolicyDocument", "the policy cannot be written as JSON: " + e.getOriginalMessage(), false);
        }
    }

    /** The statements of a document in canonical form (from {@link #fromAws} or {@link #normalize}). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> statementsOf(Map<String, Object> canonical) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (canonical.get("Statement") instanceof List<?> list) {
            for (Object s : list) if (s instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> canonical(Object document) {
        Map<String, Object> out = new TreeMap<>();
        ((Map<String, Object>) document).forEach((k, v) -> out.put(k, k.equals("Statement") ? statements(v) : plain(v)));
        return out;
    }

    private static List<Object> statements(Object value) {
        List<Object> out = new ArrayList<>();
        for (Object s : value instanceof List<?> list ? list : List.of(value)) out.add(statement(s));
        out.sort(Comparator.comparing(Values::canonicalString));
        return out;
    }

    private static Object statement(Object value) {
        if (!(value instanceof Map<?, ?> map)) return plain(value);
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (STRING_SETS.contains(key)) out.put(key, stringSet(v));
            else if (PRINCIPALS.contains(key)) out.put(key, principal(v));
            else if (key.equals("Condition")) out.put(key, condition(v));
            else out.put(key, plain(v));
        });
        return out;
    }

    /** {@code "*"} stays a string; each principal kind (AWS, Service, Federated, ...) is a set. */
    private static Object principal(Object value) {
        if (!(value instanceof Map<?, ?> map)) return plain(value);
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> {
            List<String> ids = stringSet(v);
            if ("AWS".equals(k)) ids = sortedSet(ids.stream().map(PolicyDocuments::accountRoot).toList());
            out.put(String.valueOf(k), ids);
        });
        return out;
    }

    /** IAM stores a trusted account written as its id as the account's root user ARN. */
    private static String accountRoot(String principal) {
        return principal.matches("\\d{12}") ? "arn:aws:iam::" + principal + ":root" : principal;
    }

    /** Operator → condition key → set of values. */
    private static Object condition(Object value) {
        if (!(value instanceof Map<?, ?> operators)) return plain(value);
        Map<String, Object> out = new TreeMap<>();
        operators.forEach((op, keys) -> {
            if (!(keys instanceof Map<?, ?> byKey)) {
                out.put(String.valueOf(op), plain(keys));
                return;
            }
            Map<String, Object> k = new TreeMap<>();
            byKey.forEach((key, v) -> k.put(String.valueOf(key), stringSet(v)));
            out.put(String.valueOf(op), k);
        });
        return out;
    }

    private static List<String> stringSet(Object value) {
        List<String> items = new ArrayList<>();
        for (Object v : value instanceof List<?> list ? list : List.of(value)) items.add(scalar(v));
        return sortedSet(items);
    }

    private static List<String> sortedSet(List<String> items) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(items));
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) return new ArrayList<>(list.stream().map(PolicyDocuments::plain).toList());
        return scalar(value);
    }

    private static String scalar(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new ProviderException("MalformedPolicyDocument", "expected a string in the policy, got " + Values.kindOf(value), false);
        }
        return value instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(value);
    }
}
