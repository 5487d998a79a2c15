package dev.converge.sweep;

import dev.converge.cost.Charge;

/** Something owned by Converge that costs money and serves nothing: an idle Elastic IP, an unattached volume. */
public record CostLeak(String stack, String region, String what, Charge cost) {
}
