package dev.converge.provider.aws.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.provider.ProviderException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An IAM policy document (a bucket policy) written as YAML in the stack, compared by meaning rather
 * than by text: AWS may return a statement alone or in a list, a single action as a string or a
 * one-element list, an account id principal as its root ARN, and in any order. {@link #canonical}
 * writes both sides the same way, so an unchanged policy plans nothing.
 */
final class PolicyDocument {

    /** Fields whose value is a string or a list of strings, where order and single-vs-list do not matter. */
    private static final Set<String> STRING_SETS = Set.of("Action", "NotAction", "Resource", "NotResource");
    private static final Set<String> PRINCIPALS = Set.of("Principal", "NotPrincipal");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** Plain JSON, as IAM reads and writes it (the provider packages do not depend on Converge's own JSON setup). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyDocument() {
    }

    /** The document in its canonical form (maps sorted by key, statements a list, string sets sorted lists). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> canonical(Map<String, Object> document) {
        Map<String, Object> out = new TreeMap<>();
        document.forEach((k, v) -> {
            if (k.equals("Statement")) {
                List<Object> statements = new ArrayList<>();
                for (Object s : v instanceof List<?> l ? l : List.of(v)) {
                    statements.add(s instanceof Map<?, ?> m ? statement((Map<String, Object>) m) : s);
                }
                out.put(k, statements);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statement(Map<String, Object> s) {
        Map<String, Object> out = new TreeMap<>();
        s.forEach((k, v) -> {
            if (STRING_SETS.contains(k)) out.put(k, stringSet(v, false));
            else if (PRINCIPALS.contains(k) && v instanceof Map<?, ?> m) {
                Map<String, Object> principal = new TreeMap<>();
                ((Map<String, Object>) m).forEach((kind, ids) -> principal.put(kind, stringSet(ids, kind.equals("AWS"))));
                out.put(k, principal);
            } else if (v instanceof Map<?, ?> m) {
                out.put(k, deepSorted(m));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** One string or a list of them, as a sorted list; account ids as the root ARN IAM stores them as. */
    private static Object stringSet(Object v, boolean accounts) {
        List<String> values = new ArrayList<>();
        for (Object o : v instanceof List<?> l ? l : List.of(v)) {
            String s = String.valueOf(o);
            values.add(accounts && ACCOUNT_ID.matcher(s).matches() ? "arn:aws:iam::" + s + ":root" : s);
        }
        values.sort(null);
        return values.size() == 1 ? values.get(0) : values;
    }

    @SuppressWarnings("unchecked")
    private static Object deepSorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, deepSorted(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(deepSorted(x));
            return out;
        }
        return v;
    }

    /** The document as AWS reads it: JSON. */
    static String toJson(Map<String, Object> document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a policy document that cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** A document read from AWS. */
    static Map<String, Object> fromJson(String json) {
        try {
            return new LinkedHashMap<>(JSON.readValue(json, new TypeReference<Map<String, Object>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new ProviderException("MalformedPolicy", "AWS returned a bucket policy that is not JSON: " + e.getMessage(), false, e);
        }
    }

    /** The statements of a canonical document. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Map<String, Object> canonical) {
        Object s = canonical.get("Statement");
        List<Map<String, Object>> out = new ArrayList<>();
        if (s instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }
}
