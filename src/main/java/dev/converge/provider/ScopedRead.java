package dev.converge.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A managed type whose read must list containers that no filter narrows, and that can leave out the
 * containers a stack has nothing in. Route 53 is the case: a record's ownership claim is another
 * record beside it, so finding a stack's records means listing whole hosted zones, and an account
 * may hold dozens of zones, each listing one call against an account limit of five a second.
 *
 * <p>The refresh reads such a type through this form when the state records something, or when
 * the stack has no ownership key (it was never applied: no claim anywhere can prove to be its own).
 * A lost state gets {@link ManagedType#read}, which lists every container, as {@code import} and
 * {@code sweep} do: what the stack owns may then be anywhere. What is left out is a resource the
 * state does not know and the stack file no longer declares, with the state otherwise intact: the
 * trace of an interrupted apply whose resource was then removed from the file before the next run.
 */
public interface ScopedRead {

    /**
     * As {@link ManagedType#read}, except that a container holding none of {@code knownIds} and none
     * of {@code desired} may be left unread.
     *
     * @param desired the stack's resources of this type, their properties resolved as far as they are
     *                known before anything is read: a property that needs a lookup or another
     *                resource is {@link dev.converge.schema.Unknown}
     */
    List<LiveResource> read(String stack, Collection<String> knownIds, List<Map<String, Object>> desired, ProviderContext context);
}
