package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;

import java.util.Map;

/**
 * The resource address one entry of {@code moved:}, {@code removed:} or {@code import:} names under
 * a key ({@code from:}, {@code to:}): present, an address, and not a lookup's (lookups own nothing,
 * so nothing can be moved, forgotten or imported there). One reader for the three sections, each
 * giving its own words.
 *
 * @param section     the section's key, which starts every message ("moved")
 * @param examples    the addresses the "expected" message gives for {@code key}, by key
 * @param missingHint the hint when the key is missing
 * @param verb        what the section does, in "there is nothing to VERB"
 * @param lookupHint  the hint when the address is a lookup's, or null for none
 */
record EntryAddress(String section, Map<String, String> examples, String missingHint, String verb, String lookupHint) {

    /** The address under {@code key}, or null after reporting why there is none. */
    Address read(YNode.YMap m, String key, Diagnostics diagnostics) {
        YNode.YEntry e = m.get(key);
        if (e == null) {
            diagnostics.error(m.location(), section + ": missing `" + key + ":`", missingHint);
            return null;
        }
        if (!(e.value() instanceof YNode.YScalar s) || !(s.value() instanceof String text) || !Address.isValid(text)) {
            diagnostics.error(e.value().location(), section + ": " + key + ": expected a resource address such as " + examples.get(key));
            return null;
        }
        Address a = Address.parse(text);
        if (a.data()) {
            diagnostics.error(e.value().location(), section + ": " + key + ": " + text
                    + " is a lookup; lookups own nothing, so there is nothing to " + verb, lookupHint);
            return null;
        }
        return a;
    }
}
