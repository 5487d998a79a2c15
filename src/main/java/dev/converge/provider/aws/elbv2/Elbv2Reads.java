package dev.converge.provider.aws.elbv2;

import dev.converge.provider.LiveResource;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The read shared by the ELBv2 types whose describe call lists every resource of the region. */
final class Elbv2Reads {

    private Elbv2Reads() {
    }

    /**
     * What a read returns out of {@code all} (one full listing, {@link Elbv2Listing}): the resources
     * owned by the stack or known from its state, each completed by {@code complete} with what the
     * listing leaves out. ELBv2 has no tag filter, so ownership takes the listing's {@code tags}.
     * The completions run a few at a time ({@link PerResource}); a resource deleted meanwhile
     * completes to empty and is left out. {@code complete} gets the resource's tags, never null.
     */
    static <T> List<LiveResource> ownedOrKnown(List<T> all, Map<String, Map<String, String>> tags, Function<T, String> arnOf,
                                               String stack, Collection<String> knownIds,
                                               BiFunction<T, Map<String, String>, Optional<LiveResource>> complete) {
        List<T> kept = all.stream()
                .filter(r -> Elbv2Tags.ownedOrKnown(arnOf.apply(r), tags.get(arnOf.apply(r)), stack, knownIds))
                .toList();
        return PerResource.map(kept, r -> complete.apply(r, tags.getOrDefault(arnOf.apply(r), Map.of())))
                .stream().flatMap(Optional::stream).toList();
    }
}
