package dev.converge.refresh;

import dev.converge.stack.Address;

import java.util.List;
import java.util.Map;

/**
 * What refresh found.
 *
 * @param resources   owned resources by address
 * @param duplicates  further resources claiming an address already taken (left by an interrupted
 *                    apply on an API without idempotency): planned for deletion
 * @param data        lookup results by address
 * @param fingerprint hash of everything read, so a saved plan can tell the account changed
 */
public record LiveState(Map<Address, Tracked> resources, List<Tracked> duplicates, Map<Address, Map<String, Object>> data,
                        String fingerprint) {
}
