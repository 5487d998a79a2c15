package dev.converge.cli;

import dev.converge.provider.Wait;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * Reads "90s", "5m", "1h30m", "0" (the syntax of stack files) while the command line is parsed, so
 * a malformed value is refused before anything is loaded or any AWS call is made.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        return Wait.parse(text).orElseThrow(() ->
                new TypeConversionException("'" + text + "' is not a duration (examples: 30s, 5m, 1h30m)"));
    }
}
