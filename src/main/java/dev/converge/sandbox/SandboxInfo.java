package dev.converge.sandbox;

import java.net.URI;

/** A running sandbox, as remembered in .converge/sandbox.json. */
public record SandboxInfo(long pid, int port, URI endpoint, String since, String logFile) {
}
