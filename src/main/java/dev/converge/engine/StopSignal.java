package dev.converge.engine;

/**
 * How a caller stops an apply gracefully: once {@link #requested} is true nothing new starts, the
 * actions in flight finish and are recorded, and the result says the apply was interrupted. The
 * engine says when it is {@link #changing} anything, so that outside those moments (refreshing,
 * checking what a destroy left) a caller may stop at once instead, losing nothing.
 */
public interface StopSignal {

    /** Never stops. */
    StopSignal NONE = () -> false;

    /** Polled before each action starts. */
    boolean requested();

    /** True while actions are being carried out, false again once they have all finished or stopped. */
    default void changing(boolean changing) {
    }
}
