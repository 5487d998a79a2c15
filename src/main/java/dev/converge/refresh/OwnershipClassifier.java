package dev.converge.refresh;

import dev.converge.addr.Address;
import dev.converge.provider.LiveResource;
import dev.converge.provider.OwnershipProof;
import dev.converge.state.PendingCreate;
import dev.converge.state.State;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides which of the resources read are the stack's, by evidence nobody can forge with tagging
 * rights alone:
 * <ol>
 * <li>a resource whose type and id the state remembers is the stack's (the state is Converge's own
 *     record), at the address the state gives it;</li>
 * <li>else a claim whose proof verifies with the stack's key is the stack's, unless its nonce is
 *     that of the resource the state remembers for the address (a copied proof). Several proven
 *     claims with one nonce are all the stack's if the nonce is a create the state records as
 *     pending (duplicates of an interrupted create); otherwise nobody can tell the original from
 *     a copy, and the plan refuses to guess. A nonce the state lists as retired (its resource was
 *     deleted by the stack) proves nothing any more: whatever still carries it is a copy;</li>
 * <li>everything else that claims an address is {@link Unproven}.</li>
 * </ol>
 * Among the stack's resources the first for an address (the remembered one, if any) is the
 * resource and the rest are duplicates, deleted by the plan.
 */
public final class OwnershipClassifier {

    /** What the classification found. {@code ambiguous} is non-empty when the plan must not go on. */
    public record Result(Map<Address, Tracked> resources, List<Tracked> duplicates, List<Unproven> unproven,
                         int rememberedWithoutProof, List<String> ambiguous) {
    }

    private final String stack;
    private final byte[] key;
    private final State state;
    /** Address → the id an {@code import:} entry names for it: the user's word on which copy is the stack's. */
    private Map<Address, String> chosen = Map.of();

    /** @param key the stack's ownership key, or null if it has none (then only the state proves anything) */
    public OwnershipClassifier(String stack, byte[] key, State state) {
        this.stack = stack;
        this.key = key;
        this.state = state;
    }

    /**
     * @param imports address → id of the stack's {@code import:} entries: where several resources carry one proof for
     *                an address and an entry names one of them, that one is the stack's and the others are copies
     *                (how {@code converge import} settles what the plan refuses to guess)
     */
    public OwnershipClassifier choosing(Map<Address, String> imports) {
        this.chosen = Map.copyOf(imports);
        return this;
    }

    /** @param byType what each type's read returned, in a stable order */
    public Result classify(Map<String, List<LiveResource>> byType) {
        Map<String, Address> stateIds = new HashMap<>();
        state.resources().forEach((addr, r) -> stateIds.put(r.type() + " " + r.id(), Address.parse(addr)));
        Map<Address, Tracked> resources = new TreeMap<>();
        List<Tracked> duplicates = new ArrayList<>();
        List<Unproven> unproven = new ArrayList<>();
        List<String> ambiguous = new ArrayList<>();
        List<Tracked> claims = new ArrayList<>();
        int withoutProof = 0;
        for (var e : byType.entrySet()) {
            for (LiveResource live : e.getValue()) {
                Address remembered = stateIds.get(e.getKey() + " " + live.id());
                if (remembered != null) {
                    resources.put(remembered, new Tracked(remembered, e.getKey(), live));
                    if (!verifies(remembered, live.proof())) withoutProof++;
                } else if (live.address() != null && Address.isValid(live.address())) {
                    claims.add(new Tracked(Address.parse(live.address()), e.getKey(), live));
                }
            }
        }
        // Proven claims by address, then by nonce, in read order.
        Map<Address, Map<String, List<Tracked>>> proven = new TreeMap<>();
        for (Tracked c : claims) {
            String proof = c.resource().proof();
            Tracked owner = resources.get(c.address());
            if (proof == null) {
                unproven.add(new Unproven(c, "carries no ownership proof"));
            } else if (key == null) {
                unproven.add(new Unproven(c, "the stack has no ownership key to check its proof with"));
            } else if (!OwnershipProof.verifies(key, stack, c.address().toString(), proof)) {
                unproven.add(new Unproven(c, "its ownership proof does not verify"));
            } else if (owner != null && nonce(owner.resource().proof()).equals(nonce(proof))) {
                unproven.add(new Unproven(c, "carries a copy of the proof of " + owner.resource().id()));
            } else if (state.retiredProofs().contains(nonce(proof).orElseThrow())) {
                unproven.add(new Unproven(c, "carries the proof of a resource this stack deleted"));
            } else {
                proven.computeIfAbsent(c.address(), a -> new LinkedHashMap<>())
                        .computeIfAbsent(nonce(proof).orElseThrow(), n -> new ArrayList<>()).add(c);
            }
        }
        proven.forEach((address, byNonce) -> byNonce.forEach((nonce, same) -> {
            boolean pending = isPending(address, nonce);
            Tracked named = same.size() > 1 && !pending && !resources.containsKey(address) ? named(address, same) : null;
            if (named != null) {
                resources.put(address, named);
                for (Tracked t : same) {
                    if (t != named) unproven.add(new Unproven(t, "carries a copy of the proof of " + named.resource().id()));
                }
                return;
            }
            if (same.size() > 1 && !pending) {
                List<String> ids = same.stream().map(t -> t.resource().id()).toList();
                if (resources.containsKey(address)) {
                    for (Tracked t : same) {
                        unproven.add(new Unproven(t, "shares its proof with " + String.join(", ", others(ids, t))
                                + ": a copy, or a duplicate of an interrupted create"));
                    }
                } else {
                    // Not the stack's until one is named (an import: entry, converge import); a plan refuses to go on.
                    for (Tracked t : same) {
                        unproven.add(new Unproven(t, "shares its proof with " + String.join(", ", others(ids, t))
                                + ": nobody can tell the stack's from a copy"));
                    }
                    ambiguous.add(address + ": " + String.join(" and ", ids) + " carry the same ownership proof, so one is a copy "
                            + "(or a duplicate whose create was never recorded) and Converge will not guess which is the stack's: "
                            + "record the right one with `converge import " + address + " ID`");
                }
                return;
            }
            for (Tracked t : same) {
                if (resources.putIfAbsent(address, t) != null) duplicates.add(t);
            }
        }));
        return new Result(resources, duplicates, unproven, withoutProof, ambiguous);
    }

    private Tracked named(Address address, List<Tracked> same) {
        String id = chosen.get(address);
        return id == null ? null : same.stream().filter(t -> t.resource().id().equals(id)).findFirst().orElse(null);
    }

    private boolean verifies(Address address, String proof) {
        return key != null && proof != null && OwnershipProof.verifies(key, stack, address.toString(), proof);
    }

    private boolean isPending(Address address, String nonce) {
        PendingCreate p = state.pending().get(address.toString());
        return p != null && nonce.equals(p.idempotencyToken());
    }

    private static Optional<String> nonce(String proof) {
        return OwnershipProof.nonce(proof);
    }

    private static List<String> others(List<String> ids, Tracked t) {
        return ids.stream().filter(id -> !id.equals(t.resource().id())).toList();
    }
}
