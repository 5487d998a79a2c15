package dev.converge.refresh;

import dev.converge.addr.Address;

import java.util.List;
import java.util.Map;

/**
 * What refresh found.
 *
 * @param resources   owned resources by address
 * @param duplicates  further resources claiming an address already taken (left by an interrupted
 *                    apply on an API without idempotency): planned for deletion
 * @param unproven    resources that claim an address of this stack without proof: left alone, reported
 * @param withoutProof how many resources the state remembers carry no valid ownership proof (created
 *                    before proofs existed): still the stack's, but only for as long as the state lasts
 * @param data        lookup results by address
 * @param fingerprint hash of everything read, so a saved plan can tell the account changed
 */
public record LiveState(Map<Address, Tracked> resources, List<Tracked> duplicates, List<Unproven> unproven, int withoutProof,
                        Map<Address, Map<String, Object>> data, String fingerprint) {
}
