package dev.converge.provider;

import java.util.Map;

/** A read-only lookup: its inputs select something that exists; its attributes describe it. */
public interface DataType extends ResourceType {

    /**
     * Reads the thing the inputs select. Returns its attributes (including {@code id}). Throws
     * {@link ProviderException} with a clear message when nothing matches.
     */
    Map<String, Object> read(Map<String, Object> inputs, ProviderContext context);

    /**
     * As {@link #read(Map, ProviderContext)}, for a stack that refers only to the {@code used}
     * attributes: an attribute that costs a call of its own may then be absent from the result (a
     * reference to it would resolve to an unknown value, and there is none). The refresh reads
     * lookups this way; by default every attribute is read.
     */
    default Map<String, Object> read(Map<String, Object> inputs, UsedAttributes used, ProviderContext context) {
        return read(inputs, context);
    }
}
