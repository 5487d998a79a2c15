package dev.converge.state;

/**
 * What a state is besides its entries: its format, lineage, stack and target. A journal record
 * holds entries only, so it extends a snapshot only if this is the same in both; a change of any of
 * it is written as a whole snapshot.
 */
public record StateHeader(int version, String lineage, String stack, String region, Target target) {

    static StateHeader of(State s) {
        return new StateHeader(s.version(), s.lineage(), s.stack(), s.region(), s.target());
    }
}
