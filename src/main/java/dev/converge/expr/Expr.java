package dev.converge.expr;

import dev.converge.diag.Location;

import java.util.List;

/** The expression inside {@code ${...}}: a reference, a function call or a literal. */
public sealed interface Expr permits Expr.Ref, Expr.Call, Expr.Literal {

    Location location();

    /**
     * A dotted reference such as {@code resources.web[0].id}, {@code var.domain} or
     * {@code data.zone.id}. Segments are names, indexes ({@code [0]}) or the splat ({@code [*]}).
     */
    record Ref(List<Segment> segments, Location location) implements Expr {
        public String root() {
            return segments.get(0).name();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Segment s : segments) {
                if (s.name() != null) {
                    if (!sb.isEmpty()) sb.append('.');
                    sb.append(s.name());
                } else {
                    sb.append('[').append(s.splat() ? "*" : String.valueOf(s.index())).append(']');
                }
            }
            return sb.toString();
        }
    }

    /** One step of a reference: exactly one of name, index or splat. */
    record Segment(String name, int index, boolean splat, Location location) {
        public static Segment name(String name, Location at) {
            return new Segment(name, -1, false, at);
        }

        public static Segment index(int index, Location at) {
            return new Segment(null, index, false, at);
        }

        public static Segment splat(Location at) {
            return new Segment(null, -1, true, at);
        }

        public boolean isName() {
            return name != null;
        }
    }

    record Call(String function, List<Expr> args, Location location) implements Expr {
    }

    record Literal(Object value, Location location) implements Expr {
    }
}
