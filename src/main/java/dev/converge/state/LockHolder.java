package dev.converge.state;

import java.net.InetAddress;
import java.time.Instant;

/** Who holds a lock: written into the lock so the next one can say who to wait for. */
public record LockHolder(String operation, long pid, String host, String since) {

    public static LockHolder current(String operation) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return new LockHolder(operation, ProcessHandle.current().pid(), host, Instant.now().toString());
    }

    /** True if the holder is a process of this machine that no longer exists. */
    public boolean isDeadHereOn(String thisHost) {
        return host.equals(thisHost) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    public String describe() {
        return operation + " (pid " + pid + " on host " + host + ", since " + since + ")";
    }
}
