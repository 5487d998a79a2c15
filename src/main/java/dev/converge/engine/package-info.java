/**
 * The entry point of a run: {@link dev.converge.engine.Engine#plan} (refresh, then plan, with a
 * saved plan checked against what it was made from) and {@link dev.converge.engine.Engine#apply}
 * (carry the plan out; catch the state up when nothing changes; after a destroy, check nothing
 * remains and retire the stack's key). It composes {@code refresh}, {@code plan} and {@code apply};
 * only the command line and tests depend on it.
 */
package dev.converge.engine;
