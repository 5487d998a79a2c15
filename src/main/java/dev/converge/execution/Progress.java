package dev.converge.execution;

/** Where the engine reports what it does; the CLI prints, tests record. */
public interface Progress {

    /** A line for the user: "alb: creating…", "alb: still creating… [40s elapsed]". */
    void line(String text);

    Progress SILENT = text -> { };
}
