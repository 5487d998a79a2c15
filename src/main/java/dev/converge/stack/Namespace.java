package dev.converge.stack;

import dev.converge.diag.Location;
import dev.converge.expr.Expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the names in one file mean: the stack file's, or one module call's. In a module,
 * {@code resources.web} and {@code data.zone} are the module's own, renamed to the entries the
 * stack keeps them under ({@code module.site.web}), so that everything after loading (the graph,
 * plan and apply) sees one stack of qualified entries. In the stack file, {@code module.CALL.OUTPUT}
 * is an output of a call declared in {@code modules:}.
 */
final class Namespace {

    /** A module call read so far: its outputs (values, or templates over the module's qualified entries). */
    record Call(String name, Location location, Map<String, Object> outputs) {
    }

    /** The module call this file is loaded for, or null for the stack file. */
    final String module;
    /** Where the call is written (for messages: "in module site called at stack.yaml:12:5"), or null. */
    final Location calledAt;
    /** Each id declared in this file, and whether it is a data lookup; filled as the headers are read. */
    final Map<String, Boolean> ids = new LinkedHashMap<>();
    /** The module calls this file can read outputs of (the stack file's; a module calls none). */
    final Map<String, Call> calls = new LinkedHashMap<>();

    private Namespace(String module, Location calledAt) {
        this.module = module;
        this.calledAt = calledAt;
    }

    static Namespace root() {
        return new Namespace(null, null);
    }

    static Namespace module(String call, Location calledAt) {
        return new Namespace(call, calledAt);
    }

    boolean isModule() {
        return module != null;
    }

    /** "in module site called at stack.yaml:12:5", appended to every message about a module's file. */
    String callSite() {
        return "in module " + module + " called at " + calledAt;
    }

    /**
     * In a module, {@code resources.ID...} or {@code data.ID...} with ID one of its own: the same
     * reference to the entry's qualified id. Null if the id is not the module's.
     */
    Expr.Ref qualify(Expr.Ref ref) {
        String id = ref.segments().get(1).name();
        if (!ids.containsKey(id)) return null;
        List<Expr.Segment> segs = new ArrayList<>(ref.segments());
        segs.set(1, Expr.Segment.name(Entry.qualify(module, id), ref.segments().get(1).location()));
        return new Expr.Ref(List.copyOf(segs), ref.location());
    }
}
