package dev.converge.cli;

import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code converge init} writes a stack that loads; {@code converge completion} writes scripts the shells accept. */
class InitAndCompletionTest {

    private final Cli cli = new Cli("--no-color");

    @Test
    void initWritesAStarterStackThatValidatesAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
        Cli.Result init = cli.run("init", "--domain", "app.example.org", "--zone", "example.org", dir.toString());
        assertEquals(0, init.exitCode(), init::toString);
        Path stack = dir.resolve("app-example-org.yaml");
        Path vars = dir.resolve("app-example-org.vars.yaml");
        assertEquals("# Values for the stack's variables: converge plan STACK --var-file THIS_FILE\ndomain: app.example.org\nzone: example.org\n",
                Files.readString(vars));
        assertTrue(Files.readString(stack).contains("\nstack: app-example-org\n"));
        assertTrue(Files.isRegularFile(dir.resolve("scripts/web-app.sh")));

        Cli.Result valid = cli.run("validate", stack.toString(), "--var-file", vars.toString());
        assertEquals(0, valid.exitCode(), valid::toString);
        assertEquals(stack + ": valid (stack app-example-org, 10 resources, 4 data lookups, region ap-northeast-2)\n", valid.out());

        String before = Files.readString(stack);
        Cli.Result again = cli.run("init", "--domain", "www.example.org", dir.toString());
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().startsWith("error: not overwriting "), again::toString);
        assertEquals(before, Files.readString(stack));
        assertTrue(!Files.exists(dir.resolve("www-example-org.yaml")), "nothing is written when anything exists");
    }

    @Test
    void initNginxCertbotWithItsEmail(@TempDir Path dir) throws Exception {
        Cli.Result init = cli.run("init", "--domain", "www.example.net", "--architecture", "nginx-certbot", "--name", "site", dir.toString());
        assertEquals(0, init.exitCode(), init::toString);
        assertTrue(Files.readString(dir.resolve("site.vars.yaml")).contains("zone: example.net\nemail: 'admin@example.net'\n"));
        Cli.Result valid = cli.run("validate", dir.resolve("site.yaml").toString(), "--var-file", dir.resolve("site.vars.yaml").toString());
        assertEquals(0, valid.exitCode(), valid::toString);
    }

    @Test
    void initRefusesWhatCannotWork(@TempDir Path dir) {
        assertEquals("error: --domain www.example.org is not inside --zone example.com (a record can only be written in its own zone)\n",
                cli.run("init", "--domain", "www.example.org", "--zone", "example.com", dir.toString()).err());
        assertEquals("error: --architecture: 'lambda' is not one of elb-https, nginx-certbot\n",
                cli.run("init", "--domain", "www.example.org", "--architecture", "lambda", dir.toString()).err());
        assertEquals("error: missing --domain DOMAIN: the site's name, such as app.example.com\n"
                        + "usage: converge init [OPTIONS] [DIR] (more: converge init --help)\n",
                cli.run("init", dir.toString()).err());
    }

    @Test
    void bashCompletionParsesAndKnowsCommandsAndOptions(@TempDir Path dir) throws Exception {
        for (String shell : new String[]{"bash", "zsh"}) {
            Cli.Result r = cli.run("completion", shell);
            assertEquals(0, r.exitCode(), r::toString);
            Path script = dir.resolve("converge." + shell);
            Files.writeString(script, r.out());
            Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, bash.exitValue(), new String(bash.getInputStream().readAllBytes()));
            for (String word : new String[]{"plan", "apply", "destroy", "state", "completion", "--var-file", "--sandbox", "--detailed-exitcode"}) {
                assertTrue(r.out().contains(word), shell + " script lacks " + word);
            }
        }
    }

    @Test
    void bashCompletionCompletesCommandsAndOptions(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("converge.bash");
        Files.writeString(script, cli.run("completion", "bash").out());
        // Drive the completion function as bash does on TAB, then print what it offers.
        String probe = "source " + script + "\n"
                + "COMP_WORDS=(converge pl); COMP_CWORD=1; COMP_LINE='converge pl'; COMP_POINT=${#COMP_LINE}; _complete_converge; echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(converge plan --detailed); COMP_CWORD=2; COMP_LINE='converge plan --detailed'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_converge; echo \"${COMPREPLY[*]}\"\n";
        // compopt complains outside a real completion (stderr): what is offered is on stdout.
        Process bash = new ProcessBuilder("bash", "-c", probe).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        String offered = new String(bash.getInputStream().readAllBytes());
        assertEquals("plan\n--detailed-exitcode\n", offered, offered);
    }

    @Test
    void fishCompletionNamesEachCommandUnderItsParent() {
        String fish = cli.run("completion", "fish").out();
        assertTrue(fish.contains("complete -c converge -f -n '__fish_use_subcommand' -a 'plan' -d 'Read what the stack owns in AWS and show what apply would change.'"), fish);
        assertTrue(fish.contains("complete -c converge -f -n '__fish_seen_subcommand_from state; and not __fish_seen_subcommand_from list show rm unlock' -a 'list'"), fish);
        assertTrue(fish.contains("complete -c converge -n '__fish_seen_subcommand_from graph' -l format -r -f -a 'mermaid dot'"), fish);
        assertTrue(fish.contains("complete -c converge -n '__fish_seen_subcommand_from plan' -l var-file -r -d "), fish);
    }
}
