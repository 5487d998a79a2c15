package dev.converge.sweep;

import dev.converge.cost.Charge;

/**
 * Something owned by Converge that costs money and serves nothing: an idle Elastic IP, an unattached volume.
 *
 * @param volumeId the stray volume's id (null for an Elastic IP, which destroy deletes with its stack)
 * @param proven   whether its ownership proof verifies with the stack's key and no other volume carries
 *                 the same proof: only then may {@code sweep --delete STACK} delete it
 */
public record CostLeak(String stack, String region, String what, Charge cost, String volumeId, boolean proven) {

    /** A stray volume that {@code sweep --delete} of its stack deletes after the stack itself. */
    public boolean deletableVolume() {
        return volumeId != null && proven;
    }
}
