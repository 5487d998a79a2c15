package dev.converge.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** For the commands that change the state and so take the stack's lock: apply, destroy, import, state rm. */
public final class LockOptions {

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long to wait for another apply/destroy on this stack to finish (e.g. 30s, 5m). Default: ${DEFAULT-VALUE}.")
    Duration lockTimeout;

    Duration lockTimeout() {
        return lockTimeout;
    }
}
