package dev.converge.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.converge.schema.Unknown;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration for state files, plan files and machine-readable output. Numbers read
 * back as {@link Long} or {@link java.math.BigDecimal}, exactly as the stack loader produces them,
 * so a value survives a round trip through a file unchanged and compares equal.
 */
public final class Json {

    /** How an unknown value is written in plan JSON (documented in docs/plan-format.md). */
    public static final String UNKNOWN_MARKER = "(known after apply)";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndAddModules()
            .addModule(new SimpleModule().addSerializer(Unknown.class, new JsonSerializer<>() {
                @Override
                public void serialize(Unknown value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(UNKNOWN_MARKER);
                }
            }))
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
