package dev.converge.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan's lines about ownership that is not proven: each unproven claim, and how many resources
 * the state remembers carry no proof. The same lines in the text plan and in Markdown.
 */
public final class OwnershipNotes {

    private OwnershipNotes() {
    }

    public static List<String> lines(Plan plan) {
        List<String> out = new ArrayList<>();
        for (UnprovenClaim c : plan.unproven()) out.add(c.describe(plan.stack()));
        if (!plan.unproven().isEmpty() && plan.unproven().stream().anyMatch(c -> !c.deleted())) {
            out.add("(claims are not proof: delete one with --delete-unproven ID, or record it with `converge import ADDRESS ID`)");
        }
        if (plan.withoutProof() > 0) {
            out.add(plan.withoutProof() + (plan.withoutProof() == 1 ? " resource the state remembers carries" : " resources the state remembers carry")
                    + " no ownership proof: owned only while the state lasts; `converge import ADDRESS ID` adds one");
        }
        return out;
    }
}
