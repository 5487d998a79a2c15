package dev.converge.apply;

import dev.converge.addr.Address;
import dev.converge.plan.ResourceChange;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipKeys;
import dev.converge.provider.ProviderContext;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;

import java.time.Instant;
import java.util.Map;

/**
 * Takes an existing resource into a stack: the one way to import, for the stack's {@code import:}
 * entries and for {@code converge import ADDRESS ID} alike. First the claim (ownership tags and a proof
 * for the address, in one tagging update, or the companion record of a Route 53 record; a proof that
 * already verifies is kept), then the state entry. Interrupted between the two, the resource carries a
 * proof for its address, so the next refresh finds it there and the next apply records it: nothing is
 * claimed twice and nothing is lost.
 */
final class ImportClaims {

    private ImportClaims() {
    }

    /**
     * @param found the resource as the plan read it
     * @return the resource as read after its claim was written
     */
    static LiveResource take(OwnershipKeys keys, Stack stack, ResourceChange change, ManagedType type, LiveResource found,
                             ProviderContext context, StateKeeper state) {
        LiveResource claimed = OwnershipClaims.write(keys, stack, Address.parse(change.address()), type, found, context, true);
        String now = Instant.now().toString();
        state.update(s -> {
            // Imported again (converge import of what the state holds): what was last applied stays the baseline.
            ResourceState old = s.resource(change.address());
            Map<String, Object> applied = old != null && old.id().equals(claimed.id()) ? old.applied() : Map.of();
            s.putResource(change.address(), new ResourceState(type.name(), claimed.id(), applied, claimed.values(),
                    change.dependsOn(), now));
        });
        return claimed;
    }
}
