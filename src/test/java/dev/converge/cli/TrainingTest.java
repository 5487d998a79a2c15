package dev.converge.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training run of the start-up archive runs to the end: validate, a plan against an empty
 * account, and the everyday no-change plan on the sandbox's recorded answers, before and after an
 * apply of that empty plan has adopted the account into a state. When the example stack
 * or a type's reads change so that the recorded answers no longer give a plan without changes, this
 * fails (record them again, see {@link RecordedCloud}); the archive would still work, but no longer
 * hold what a no-change plan loads.
 */
class TrainingTest {

    @Test
    void everyTrainingCommandSucceedsAndTheRecordedAccountNeedsNoChange() throws Exception {
        Training.Result result = Training.run();

        assertEquals(0, result.exit("validate"), result.output());
        assertEquals(0, result.exit("plan"), result.output());
        assertEquals(0, result.exit("no-change plan"), result.output());
        assertEquals(0, result.exit("apply of it"), result.output());
        assertEquals(0, result.exit("no-change plan reading the state"), result.output());
        assertTrue(result.whole(), result.exits().toString());
        assertTrue(result.output().contains("No changes. The account matches elb-https."), result.output());
    }

    /** The archive of the commands that never reach AWS: validate and graph of the same stack. */
    @Test
    void theLocalTrainingValidatesAndGraphsTheExample() throws Exception {
        Training.Result result = Training.runLocal();

        assertEquals(0, result.exit("validate"), result.output());
        assertEquals(0, result.exit("graph"), result.output());
        assertTrue(result.whole(), result.output());
        assertTrue(result.output().contains(": valid (stack elb-https"), result.output());
    }
}
