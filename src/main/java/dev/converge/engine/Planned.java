package dev.converge.engine;

import dev.converge.plan.Plan;
import dev.converge.refresh.LiveState;
import dev.converge.stack.Stack;
import dev.converge.state.State;

/**
 * A plan together with what it was computed from: the stack, the state it read and what refresh
 * found. {@link Engine#apply} takes this whole, so a plan is always carried out against the refresh
 * it was made from, and its changes are recorded on top of the state it read.
 */
public record Planned(Stack stack, State state, LiveState live, Plan plan) {
}
