package dev.converge.cli;

import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --region is repeatable for sweep only: a command that works on one stack refuses two, before any AWS call. */
class RegionOptionTest {

    private final Cli cli = new Cli("--no-color");

    @Test
    void aOneStackCommandRefusesTwoRegions() {
        Cli.Result r = cli.run("plan", "stacks/elb-https.yaml", "--region", "us-east-1", "--region", "eu-west-1");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: --region is given more than once; give it once\n"), r::toString);
    }

    @Test
    void sweepChecksEveryRegionItIsGiven() {
        Cli.Result r = cli.run("sweep", "--region", "us-east-1", "--region", "Mars");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--region must be an AWS region name such as ap-northeast-2, not 'Mars'"), r::toString);
    }
}
