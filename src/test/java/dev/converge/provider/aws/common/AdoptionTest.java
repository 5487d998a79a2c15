package dev.converge.provider.aws.common;

import dev.converge.provider.ManagedType.CreateRequest;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdoptionTest {

    private final CreateRequest req = new CreateRequest("shop", "alb", Map.of(),
            TestProofs.withProof(Ownership.tags("shop", "alb", Map.of(), Map.of()), "shop", "alb", "t"), "t");
    private final TestContext ctx = new TestContext();
    /** What the create this request repeats wrote: the same tags and the same proof. */
    private final Map<String, String> ownCopy = req.tags();

    @Test
    void ownCopyIsAdoptedAndSaidSo() {
        assertDoesNotThrow(() -> Adoption.requireOwnCopy("load balancer", "shop", "arn:lb", ownCopy, req, ctx));
        assertTrue(ctx.statuses.get(0).startsWith("adopting load balancer shop"), ctx.statuses.toString());
    }

    @Test
    void anythingElseIsRefusedWithItsOwner() {
        ProviderException foreign = assertThrows(ProviderException.class, () -> Adoption.requireOwnCopy("load balancer",
                "shop", "arn:lb", Map.of(Ownership.STACK_TAG, "blog", Ownership.ID_TAG, "alb"), req, ctx));
        assertTrue(foreign.getMessage().contains("claiming to belong to stack blog"), foreign.getMessage());
        ProviderException forged = assertThrows(ProviderException.class, () -> Adoption.requireOwnCopy("load balancer",
                "shop", "arn:lb", Map.of(Ownership.STACK_TAG, "shop", Ownership.ID_TAG, "alb"), req, ctx));
        assertTrue(forged.getMessage().contains("claiming to be this stack's alb, without this create's proof"), forged.getMessage());
        Map<String, String> otherCreate = TestProofs.withProof(Ownership.tags("shop", "alb", Map.of(), Map.of()), "shop", "alb", "u");
        assertThrows(ProviderException.class, () -> Adoption.requireOwnCopy("load balancer", "shop", "arn:lb", otherCreate, req, ctx),
                "another create's proof is not this one's");
        ProviderException sibling = assertThrows(ProviderException.class, () -> Adoption.requireOwnCopy("load balancer",
                "shop", "arn:lb", Map.of(Ownership.STACK_TAG, "shop", Ownership.ID_TAG, "other"), req, ctx));
        assertTrue(sibling.getMessage().contains("this stack's other"), sibling.getMessage());
        ProviderException unmanaged = assertThrows(ProviderException.class, () -> Adoption.requireOwnCopy("load balancer",
                "shop", "arn:lb", Map.of("team", "x"), req, ctx));
        assertTrue(unmanaged.getMessage().contains("not managed by Converge"), unmanaged.getMessage());
        assertEquals("AlreadyExists", unmanaged.code());
        assertFalse(unmanaged.retryable());
        assertTrue(ctx.statuses.isEmpty());
    }

    @Test
    void createThatReturnedSomebodyElsesResourceIsRefused() {
        assertDoesNotThrow(() -> Adoption.requireCreatedForUs("target group", "web", "arn:tg", ownCopy, req));
        assertThrows(ProviderException.class, () -> Adoption.requireCreatedForUs("target group", "web", "arn:tg",
                Map.of(Ownership.STACK_TAG, "shop", Ownership.ID_TAG, "alb"), req), "tags without the proof");
        ProviderException e = assertThrows(ProviderException.class, () -> Adoption.requireCreatedForUs("target group",
                "web", "arn:tg", Map.of(), req));
        assertEquals("AlreadyExists", e.code());
    }
}
