package dev.converge.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which command lines prepare the AWS clients on a second core while the stack loads. */
class StartupPreparationTest {

    @Test
    void theCommandsThatAskAwsWhoItIsPrepareItsClients() {
        for (String command : new String[] {"plan", "apply", "destroy", "import", "cost", "check", "sweep"}) {
            assertTrue(Main.talksToAws(new String[] {command, "stacks/elb-https.yaml"}), command);
        }
        assertTrue(Main.talksToAws(new String[] {"--no-color", "plan", "stacks/elb-https.yaml"}), "global options come before the command");
    }

    @Test
    void commandsThatStayLocalDoNot() {
        for (String[] args : new String[][] {{}, {"validate", "stacks/elb-https.yaml"}, {"schema"}, {"--help"}, {"--version"},
                {"init", "demo"}, {"graph", "stacks/elb-https.yaml"}, {"help", "plan"}}) {
            assertFalse(Main.talksToAws(args), String.join(" ", args));
        }
    }
}
