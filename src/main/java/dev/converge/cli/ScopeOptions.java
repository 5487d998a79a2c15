package dev.converge.cli;

import dev.converge.addr.Address;
import dev.converge.plan.PlanScope;
import dev.converge.stack.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --target} and {@code --exclude} of plan, apply and destroy: which part of the stack a run
 * covers. The engine does the cutting ({@link PlanScope}); here the addresses are checked against the
 * stack before anything is read, so a mistyped one fails at once with a suggestion.
 */
final class ScopeOptions {

    @Option(names = "--target", paramLabel = "ADDRESS",
            description = "Plan only this resource (web[1], or web for all its instances) and what it depends on; "
                    + "for a destroy, it and what depends on it (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "ADDRESS",
            description = "Leave this resource out, and what depends on it; for a destroy, it and what it depends on (repeatable).")
    List<String> excludes = new ArrayList<>();

    boolean given() {
        return !targets.isEmpty() || !excludes.isEmpty();
    }

    /** The scope for {@code stack}, with the {@code --replace} addresses; a usage error of {@code command} for an address it does not declare. */
    PlanScope scope(Stack stack, List<String> replace, CommandLine command) {
        Set<Address> declared = new TreeSet<>();
        for (Address a : stack.graph().addresses()) if (!a.data()) declared.add(a);
        check(command, "--target", targets, declared);
        check(command, "--exclude", excludes, declared);
        check(command, "--replace", replace, declared);
        return new PlanScope(targets, excludes, replace);
    }

    private static void check(CommandLine command, String option, List<String> given, Set<Address> declared) {
        Set<String> names = new TreeSet<>();
        for (Address a : declared) {
            names.add(a.toString());
            names.add(new Address(a.module(), false, a.name(), null, null).toString());
        }
        for (String s : given) {
            if (!Address.isValid(s)) {
                throw new ParameterException(command, option + " '" + s + "' is not a resource address (like web, or web[1])" + hint(s, names));
            }
            PlanScope probe = new PlanScope(List.of(s), List.of(), List.of());
            if (!probe.unknown(declared).isEmpty()) {
                throw new ParameterException(command, option + " " + s + ": the stack declares no resource " + s + hint(s, names));
            }
        }
    }

    private static String hint(String typed, Set<String> names) {
        List<String> close = Suggestions.closest(typed, names);
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close.subList(0, Math.min(3, close.size()))) + "?)";
    }
}
