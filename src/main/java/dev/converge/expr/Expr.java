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
                } else if (s.isKey()) {
                    sb.append("[\"").append(s.key().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
                } else {
                    sb.append('[').append(s.splat() ? "*" : String.valueOf(s.index())).append(']');
                }
            }
            return sb.toString();
        }
    }

    /**
     * One step of a reference: exactly one of a name ({@code .id}), an index ({@code [0]}), a key
     * ({@code ["a"]}: a {@code forEach} instance, or a map entry) or the splat ({@code [*]}).
     */
    record Segment(String name, int index, boolean splat, String key, Location location) {
        public static Segment name(String name, Location at) {
            return new Segment(name, -1, false, null, at);
        }

        public static Segment index(int index, Location at) {
            return new Segment(null, index, false, null, at);
        }

        public static Segment key(String key, Location at) {
            return new Segment(null, -1, false, key, at);
        }

        public static Segment splat(Location at) {
            return new Segment(null, -1, true, null, at);
        }

        public boolean isKey() {
            return key != null;
        }

        /** An index: neither a name, a key nor the splat. */
        public boolean isIndex() {
            return name == null && key == null && !splat;
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
