package dev.converge.expr;

import dev.converge.schema.Unknown;

import java.nio.file.Path;

/** What references mean where an expression is evaluated. */
public interface Scope {

    /**
     * The value of a reference: a runtime value, {@link Unknown#VALUE}, or {@code null} to leave the
     * reference unevaluated (a later phase knows it); or, for what a later phase knows under another
     * name, the {@link Expr.Ref} to leave in its place (a module's own resources) or the
     * {@link Template} whose parts go in its place (a module's input or output computed from
     * resources). Throws {@link EvalException} for a bad reference.
     */
    Object resolve(Expr.Ref ref);

    /** The directory {@code file("...")} paths are relative to. */
    Path baseDirectory();

    /**
     * True if references to resources and lookups are evaluated here (plan and apply), false while
     * the stack loads, when they are left for later.
     */
    default boolean bindsResources() {
        return true;
    }

    /** What {@code file("...")} may read: by default only the base directory's tree. */
    default FileAccess files() {
        return FileAccess.within(baseDirectory());
    }
}
