package dev.converge.terminal;

import dev.converge.stack.DiagnosticPrinter;

/**
 * Colors for our own output. On only when writing to a terminal, and never with --no-color or the
 * NO_COLOR environment variable (https://no-color.org).
 */
public final class Terminal implements DiagnosticPrinter.Style {

    private final boolean color;

    public Terminal(boolean color) {
        this.color = color;
    }

    public static Terminal detect(boolean noColorFlag) {
        String noColor = System.getenv("NO_COLOR");
        boolean disabled = noColorFlag || (noColor != null && !noColor.isEmpty());
        return new Terminal(!disabled && System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    public static Terminal plain() {
        return new Terminal(false);
    }

    public boolean color() {
        return color;
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String cyan(String s) {
        return wrap("36", s);
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    private String wrap(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    @Override
    public String error(String s) {
        return color ? "\u001b[1;31m" + s + "\u001b[0m" : s;
    }

    @Override
    public String hint(String s) {
        return cyan(s);
    }

    @Override
    public String caret(String s) {
        return green(s);
    }
}
