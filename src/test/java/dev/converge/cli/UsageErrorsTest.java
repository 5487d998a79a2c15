package dev.converge.cli;

import dev.converge.testing.Cli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command-line mistake: two lines in Converge's own words, a hint where one helps, exit code 1, nothing on stdout. */
class UsageErrorsTest {

    record Mistake(String args, String expected) {
        @Override
        public String toString() {
            return "converge " + args;
        }
    }

    static Stream<Mistake> mistakes() {
        String plan = "usage: converge plan [OPTIONS] STACK (more: converge plan --help)\n";
        String apply = "usage: converge apply [OPTIONS] STACK (more: converge apply --help)\n";
        String root = "usage: converge [OPTIONS] [COMMAND] (more: converge --help)\n";
        return Stream.of(
                new Mistake("plna", "error: unknown command 'plna' (did you mean plan?)\n" + root),
                new Mistake("help plna", "error: unknown command 'plna' (did you mean plan?)\n" + root),
                new Mistake("frobnicate", "error: unknown command 'frobnicate'\n" + root),
                new Mistake("state lst", "error: unknown command 'lst' for converge state (did you mean list?)\n"
                        + "usage: converge state [OPTIONS] [COMMAND] (more: converge state --help)\n"),
                new Mistake("--colour", "error: unknown option '--colour' for converge\n" + root),
                new Mistake("plan stacks/elb-https.yaml --vra x=1", "error: unknown option '--vra' for converge plan (did you mean --var?)\n" + plan),
                new Mistake("plan stacks/elb-https.yaml --sandbx", "error: unknown option '--sandbx' for converge plan (did you mean --sandbox?)\n" + plan),
                new Mistake("plan stacks/elb-https.yaml --var-fil=a.yaml",
                        "error: unknown option '--var-fil' for converge plan (did you mean --var-file?)\n" + plan),
                new Mistake("plan stacks/elb-https.yaml --var", "error: --var needs a value: NAME=VALUE\n" + plan),
                new Mistake("plan stacks/elb-https.yaml --var --sandbox", "error: --var needs a value: NAME=VALUE\n" + plan),
                new Mistake("plan stacks/elb-https.yaml --var noequals", "error: --var: 'noequals' is not NAME=VALUE\n" + plan),
                new Mistake("plan", "error: missing STACK: the stack file (YAML)\n" + plan),
                new Mistake("state list", "error: missing STACK: the stack file (YAML)\n"
                        + "usage: converge state list [OPTIONS] STACK (more: converge state list --help)\n"),
                new Mistake("validate a.yaml b.yaml", "error: unexpected argument 'b.yaml' for converge validate\n"
                        + "usage: converge validate [OPTIONS] STACK (more: converge validate --help)\n"),
                new Mistake("apply stacks/elb-https.yaml --lock-timeout 5x",
                        "error: --lock-timeout: '5x' is not a duration (examples: 30s, 5m, 1h30m)\n" + apply),
                new Mistake("apply stacks/elb-https.yaml --parallelism abc", "error: --parallelism: 'abc' is not a whole number\n" + apply),
                new Mistake("plan stacks/elb-https.yaml --max-monthly-cost lots", "error: --max-monthly-cost: 'lots' is not a number\n" + plan),
                new Mistake("graph stacks/elb-https.yaml --format png", "error: --format: 'png' is not one of mermaid, dot\n"
                        + "usage: converge graph [OPTIONS] STACK (more: converge graph --help)\n"),
                new Mistake("sandbox strat", "error: 'strat' is not one of start, stop, status (did you mean start?)\n"
                        + "usage: converge sandbox [OPTIONS] start|stop|status (more: converge sandbox --help)\n"),
                new Mistake("plan stacks/elb-https.yaml --target wbe", "error: --target wbe: the stack declares no resource wbe (did you mean web?)\n" + plan),
                new Mistake("apply stacks/elb-https.yaml --replace web[9]",
                        "error: --replace web[9]: the stack declares no resource web[9] (did you mean web[0] or web[1]?)\n" + apply),
                new Mistake("destroy stacks/elb-https.yaml --exclude 'alb", "error: --exclude ''alb' is not a resource address (like web, or web[1]) (did you mean alb?)\n"
                        + "usage: converge destroy [OPTIONS] [STACK] (more: converge destroy --help)\n"),
                new Mistake("plan stacks/elb-https.yaml --region a --region b", "error: --region is given more than once; give it once\n" + plan));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void isAnsweredInTwoLinesWithAHint(Mistake m) {
        List<String> args = List.of(m.args().split(" "));
        Cli.Result r = new Cli("--no-color").run(args.toArray(String[]::new));
        assertEquals(m.expected(), r.err(), r::toString);
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void noPicocliTextReachesTheUser() {
        for (Mistake m : mistakes().toList()) {
            String err = new Cli("--no-color").run(m.args().split(" ")).err();
            for (String picocli : new String[]{"Unmatched argument", "option option", "Missing required parameter", "Expected parameter",
                    "Invalid value for", "should be in KEY=VALUE format", "Usage:"}) {
                assertTrue(!err.contains(picocli), m + " prints picocli's '" + picocli + "':\n" + err);
            }
        }
    }

    @Test
    void closestNamesAllowOneEditPerThreeLetters() {
        assertEquals(List.of("--var"), Suggestions.closest("--vra", List.of("--var", "--var-file", "--region")));
        assertEquals(List.of("plan"), Suggestions.closest("pln", List.of("plan", "apply", "graph")));
        assertEquals(List.of(), Suggestions.closest("--xyz", List.of("--var", "--out")));
        assertEquals(1, Suggestions.distance("ab", "ba"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }
}
