package dev.converge.stack;

import dev.converge.testing.FakeStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StackBudgetTest {

    @TempDir
    Path dir;

    private Stack load(String budget) throws Exception {
        return FakeStacks.load(dir, "stack: demo\n" + budget + "variables:\n  x: { type: number, default: 3 }\n"
                + "resources:\n  net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }\n");
    }

    private List<String> errors(String budget) {
        StackException e = assertThrows(StackException.class, () -> load(budget));
        return FakeStacks.problems(e);
    }

    @Test
    void aMonthlyBudgetIsANumberOfDollars() throws Exception {
        assertEquals(0, new BigDecimal("60.5").compareTo(load("budget: { monthly: 60.5 }\n").monthlyBudget()));
        assertEquals(0, BigDecimal.valueOf(60).compareTo(load("budget:\n  monthly: 60\n").monthlyBudget()));
        assertNull(load("").monthlyBudget());
    }

    @Test
    void wrongBudgetsAreReportedWhereTheyAreWritten() {
        assertEquals(List.of("2:20 budget.monthly must be a plain number of US dollars, such as 60"), errors("budget: { monthly: \"${var.x}\" }\n"));
        assertEquals(List.of("2:20 budget.monthly: -4 is out of range 0–1000000000"), errors("budget: { monthly: -4 }\n"));
        assertEquals(List.of("2:1 missing required property 'monthly' in budget", "2:11 unknown property 'montly' in budget"), errors("budget: { montly: 60 }\n").stream().sorted().toList());
    }
}
