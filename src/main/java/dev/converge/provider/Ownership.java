package dev.converge.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tags that mark a resource as owned by a stack, written in the create call itself. */
public final class Ownership {

    public static final String STACK_TAG = "converge:stack";
    public static final String ID_TAG = "converge:id";

    private Ownership() {
    }

    /** User tags, stack-wide default tags, then ownership (which the user cannot override). */
    public static Map<String, String> tags(String stack, String address, Map<String, String> defaultTags,
                                           Map<String, String> userTags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (defaultTags != null) out.putAll(defaultTags);
        if (userTags != null) out.putAll(userTags);
        out.put(STACK_TAG, stack);
        out.put(ID_TAG, address);
        return out;
    }
}
