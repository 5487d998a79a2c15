package dev.converge.expr;

import dev.converge.diag.Location;

import java.util.ArrayList;
import java.util.List;

/**
 * A string from the stack file that contains {@code ${...}}. A template that is exactly one
 * interpolation evaluates to that expression's value with its own type (a list stays a list);
 * otherwise the parts are joined into a string.
 */
public record Template(List<Object> parts, Location location, String source) {

    /** True if the template is exactly one {@code ${expr}} and nothing else. */
    public boolean isSingleExpression() {
        return parts.size() == 1 && parts.get(0) instanceof Expr;
    }

    public List<Expr> expressions() {
        List<Expr> out = new ArrayList<>();
        for (Object p : parts) if (p instanceof Expr e) out.add(e);
        return out;
    }

    /** Every reference in the template, including those inside function arguments. */
    public List<Expr.Ref> references() {
        List<Expr.Ref> out = new ArrayList<>();
        for (Expr e : expressions()) collect(e, out);
        return out;
    }

    private static void collect(Expr e, List<Expr.Ref> out) {
        if (e instanceof Expr.Ref r) out.add(r);
        else if (e instanceof Expr.Call c) for (Expr a : c.args()) collect(a, out);
    }

    @Override
    public String toString() {
        return source;
    }
}
