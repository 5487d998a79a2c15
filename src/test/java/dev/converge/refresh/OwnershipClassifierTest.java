package dev.converge.refresh;

import dev.converge.addr.Address;
import dev.converge.provider.LiveResource;
import dev.converge.provider.OwnershipProof;
import dev.converge.state.PendingCreate;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnershipClassifierTest {

    static final byte[] KEY = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static final String T = "aws.ec2.Instance";
    static final String N1 = "11111111111111111111111111111111";
    static final String N2 = "22222222222222222222222222222222";

    private static LiveResource live(String id, String address, String nonce) {
        return new LiveResource(id, address, Map.of(), nonce == null ? null : OwnershipProof.sign(KEY, "s", address, nonce));
    }

    private static State remembering(String address, String id) {
        return State.empty("s").withResource(address, new ResourceState(T, id, Map.of(), Map.of(), List.of(), "now"));
    }

    @Test
    void theStateOutranksTheTagsAndCountsWhatLacksAProof() {
        // The state remembers i-1 as web[0] although its tag says web[9], and it has no proof.
        var r = new OwnershipClassifier("s", KEY, remembering("web[0]", "i-1")).classify(Map.of(T, List.of(live("i-1", "web[9]", null))));
        assertEquals("i-1", r.resources().get(Address.parse("web[0]")).resource().id());
        assertEquals(1, r.rememberedWithoutProof());
        assertTrue(r.unproven().isEmpty());
    }

    @Test
    void claimsSharingANonceNextToARememberedResourceAreUnprovenNotDeleted() {
        var r = new OwnershipClassifier("s", KEY, remembering("web[0]", "i-1")).classify(Map.of(T, List.of(
                live("i-1", "web[0]", N1), live("i-2", "web[0]", N2), live("i-3", "web[0]", N2))));
        assertTrue(r.duplicates().isEmpty(), r.duplicates().toString());
        assertEquals(List.of("shares its proof with i-3: a copy, or a duplicate of an interrupted create",
                "shares its proof with i-2: a copy, or a duplicate of an interrupted create"), r.unproven().stream().map(Unproven::why).toList());
    }

    @Test
    void aPendingTokenProvesEveryResourceCarryingIt() {
        State state = State.empty("s").withPending("web[0]", new PendingCreate(T, N1, "now"));
        var r = new OwnershipClassifier("s", KEY, state).classify(Map.of(T, List.of(live("i-1", "web[0]", N1), live("i-2", "web[0]", N1))));
        assertEquals("i-1", r.resources().get(Address.parse("web[0]")).resource().id());
        assertEquals(List.of("i-2"), r.duplicates().stream().map(t -> t.resource().id()).toList());
        assertTrue(r.ambiguous().isEmpty());
    }

    @Test
    void withoutStateTwoResourcesWithOneProofAreAmbiguous() {
        var r = new OwnershipClassifier("s", KEY, State.empty("s")).classify(Map.of(T, List.of(live("i-1", "web[0]", N1), live("i-2", "web[0]", N1))));
        assertEquals(1, r.ambiguous().size());
        assertTrue(r.ambiguous().get(0).startsWith("web[0]: i-1 and i-2 carry the same ownership proof"), r.ambiguous().get(0));
    }

    @Test
    void aProofForAnotherAddressDoesNotVerify() {
        LiveResource moved = new LiveResource("i-1", "web[1]", Map.of(), OwnershipProof.sign(KEY, "s", "web[0]", N1));
        var r = new OwnershipClassifier("s", KEY, State.empty("s")).classify(Map.of(T, List.of(moved)));
        assertEquals("its ownership proof does not verify", r.unproven().get(0).why());
        assertTrue(r.resources().isEmpty());
    }
}
