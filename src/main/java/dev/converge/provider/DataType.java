package dev.converge.provider;

import java.util.Map;

/** A read-only lookup: its inputs select something that exists; its attributes describe it. */
public interface DataType extends ResourceType {

    /**
     * Reads the thing the inputs select. Returns its attributes (including {@code id}). Throws
     * {@link ProviderException} with a clear message when nothing matches.
     */
    Map<String, Object> read(Map<String, Object> inputs, ProviderContext context);
}
