package dev.converge.expr;

import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Parses {@code ${...}} interpolations out of a string. {@code $${} writes a literal {@code ${}, so
 * shell scripts can keep their own {@code ${VAR}}. Grammar inside the braces:
 *
 * <pre>
 * expr := ref | call | string | number
 * ref  := IDENT ( '.' IDENT | '[' INT ']' | '[' string ']' | '[*]' )*
 * call := IDENT '(' [ expr ( ',' expr )* ] ')'
 * </pre>
 */
public final class TemplateParser {

    private final String text;
    private final IntFunction<Location> locate;
    private final Diagnostics diagnostics;
    private int pos;

    private TemplateParser(String text, IntFunction<Location> locate, Diagnostics diagnostics) {
        this.text = text;
        this.locate = locate;
        this.diagnostics = diagnostics;
    }

    /** True if the string needs parsing at all (the common case, a plain string, stays cheap). */
    public static boolean hasInterpolation(String s) {
        return s.contains("${");
    }

    /**
     * Parses {@code text}; {@code locate} maps an offset in the text to its place in the file.
     * Returns a {@link Template}, or a plain String if the only {@code $} were escapes, or null
     * after reporting a syntax error.
     */
    public static Object parse(String text, IntFunction<Location> locate, Diagnostics diagnostics) {
        return new TemplateParser(text, locate, diagnostics).template();
    }

    private Object template() {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (pos < text.length()) {
            if (text.startsWith("$${", pos)) {
                literal.append("${");
                pos += 3;
            } else if (text.startsWith("${", pos)) {
                int start = pos;
                pos += 2;
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                Expr e;
                try {
                    skipSpace();
                    e = expr();
                    skipSpace();
                    if (pos >= text.length()) throw new SyntaxError(start, "unclosed interpolation: missing '}'");
                    if (text.charAt(pos) != '}') throw new SyntaxError(pos, "unexpected '" + text.charAt(pos) + "' in expression");
                    pos++;
                } catch (SyntaxError err) {
                    diagnostics.error(locate.apply(err.offset), err.getMessage(),
                            "expressions look like ${var.name}, ${resources.id.attribute} or ${file(\"path\")}; write $${ for a literal ${");
                    return null;
                }
                parts.add(e);
            } else {
                literal.append(text.charAt(pos++));
            }
        }
        if (!literal.isEmpty()) parts.add(literal.toString());
        boolean anyExpr = parts.stream().anyMatch(p -> p instanceof Expr);
        if (!anyExpr) return parts.isEmpty() ? "" : parts.get(0);
        return new Template(List.copyOf(parts), locate.apply(0), text);
    }

    private Expr expr() {
        skipSpace();
        if (pos >= text.length()) throw new SyntaxError(pos, "expression expected");
        char c = text.charAt(pos);
        int start = pos;
        if (c == '"') return new Expr.Literal(stringLiteral(), locate.apply(start));
        if (c == '-' || Character.isDigit(c)) return new Expr.Literal(number(), locate.apply(start));
        if (!isIdentStart(c)) throw new SyntaxError(pos, "expression expected, found '" + c + "'");
        String name = ident();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            List<Expr> args = new ArrayList<>();
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(expr());
                    skipSpace();
                    if (pos >= text.length()) throw new SyntaxError(start, "unclosed '(' in call of " + name);
                    char d = text.charAt(pos++);
                    if (d == ')') break;
                    if (d != ',') throw new SyntaxError(pos - 1, "expected ',' or ')' in call of " + name);
                }
            }
            return new Expr.Call(name, List.copyOf(args), locate.apply(start));
        }
        List<Expr.Segment> segs = new ArrayList<>();
        segs.add(Expr.Segment.name(name, locate.apply(start)));
        while (pos < text.length()) {
            char d = text.charAt(pos);
            if (d == '.') {
                pos++;
                int at = pos;
                if (pos >= text.length() || !isIdentStart(text.charAt(pos))) {
                    throw new SyntaxError(pos, "name expected after '.'");
                }
                segs.add(Expr.Segment.name(ident(), locate.apply(at)));
            } else if (d == '[') {
                int at = pos;
                pos++;
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == '*') {
                    pos++;
                    segs.add(Expr.Segment.splat(locate.apply(at)));
                } else if (pos < text.length() && text.charAt(pos) == '"') {
                    segs.add(Expr.Segment.key(stringLiteral(), locate.apply(at)));
                } else {
                    int numStart = pos;
                    while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
                    if (numStart == pos) throw new SyntaxError(pos, "index expected: a number, a \"key\" or *");
                    segs.add(Expr.Segment.index(Integer.parseInt(text.substring(numStart, Math.min(pos, numStart + 9))), locate.apply(at)));
                }
                skipSpace();
                if (pos >= text.length() || text.charAt(pos) != ']') throw new SyntaxError(pos, "missing ']'");
                pos++;
            } else {
                break;
            }
        }
        return new Expr.Ref(List.copyOf(segs), locate.apply(start));
    }

    private String stringLiteral() {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw new SyntaxError(start, "unclosed string literal");
    }

    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-') pos++;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
        String s = text.substring(start, pos);
        try {
            BigDecimal d = new BigDecimal(s);
            return d.scale() <= 0 ? (Object) d.longValueExact() : d;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new SyntaxError(start, "invalid number '" + s + "'");
        }
    }

    private String ident() {
        int start = pos;
        while (pos < text.length() && isIdentPart(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && text.charAt(pos) == ' ') pos++;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static final class SyntaxError extends RuntimeException {
        final int offset;

        SyntaxError(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
