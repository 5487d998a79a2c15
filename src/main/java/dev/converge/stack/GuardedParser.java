package dev.converge.stack;

import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Passes the YAML parser's events to the composer, stopping documents that would exhaust the stack
 * or the heap before anything walks them:
 * <ul>
 *   <li>nesting deeper than {@link #MAX_DEPTH}: snakeyaml composes recursively, so
 *       {@code [[[[...]]]]} 100,000 deep is a StackOverflowError, and so would be every tree walk after it;</li>
 *   <li>an alias inside the collection it names ({@code &a [*a]}): a cycle that no walk ends;</li>
 *   <li>aliases that expand the document beyond {@link #MAX_EXPANDED_NODES} values ("billion laughs"):
 *       the parser's alias count allows 50, and 24 levels of two aliases already make 2^25 values.
 *       An 8 MiB file cannot hold that many values literally, so only aliases can reach the limit.</li>
 * </ul>
 * The parser itself is iterative, so counting its events is safe at any depth. One pass, no copy.
 */
final class GuardedParser implements Parser {

    static final int MAX_DEPTH = 100;
    /** The same limit the composer applies, enforced here first so the error says where. */
    static final int MAX_COLLECTION_ALIASES = 50;
    static final long MAX_EXPANDED_NODES = 1_000_000;

    /** A document refused by one of the limits, at the event where the limit was crossed. */
    static final class Refused extends RuntimeException {
        final Optional<Mark> mark;
        final String hint;

        Refused(Optional<Mark> mark, String message, String hint) {
            super(message, null, false, false);
            this.mark = mark;
            this.hint = hint;
        }
    }

    /** An open collection: its anchor (or null) and the expanded count when it started. */
    private record Open(String anchor, long startCount) {
    }

    private final Parser delegate;
    private final Deque<Open> open = new ArrayDeque<>();
    /** Expanded size of each completed anchored node, by anchor name (a later anchor of the same name wins). */
    private final Map<String, Long> anchoredSizes = new HashMap<>();
    private final Set<String> collectionAnchors = new HashSet<>();
    private long expanded;
    private int collectionAliases;

    GuardedParser(Parser delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public Event next() {
        Event e = delegate.next();
        switch (e.getEventId()) {
            case SequenceStart, MappingStart -> {
                if (open.size() >= MAX_DEPTH) {
                    throw new Refused(e.getStartMark(), "YAML nests deeper than " + MAX_DEPTH + " levels",
                            "a stack file needs a few levels; flatten the structure");
                }
                open.push(new Open(anchor(e), expanded));
                count(e, 1);
            }
            case SequenceEnd, MappingEnd -> {
                Open done = open.pop();
                if (done.anchor() != null) {
                    anchoredSizes.put(done.anchor(), expanded - done.startCount());
                    collectionAnchors.add(done.anchor());
                }
            }
            case Scalar -> {
                count(e, 1);
                String anchor = anchor(e);
                if (anchor != null) {
                    anchoredSizes.put(anchor, 1L);
                    collectionAnchors.remove(anchor);
                }
            }
            case Alias -> {
                String name = ((AliasEvent) e).getAlias().getValue();
                for (Open o : open) {
                    if (name.equals(o.anchor())) {
                        throw new Refused(e.getStartMark(), "alias *" + name + " is inside the collection &" + name
                                + " it refers to, which makes an endless structure", "remove the alias, or anchor a smaller part");
                    }
                }
                if (collectionAnchors.contains(name) && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                    throw new Refused(e.getStartMark(), "more than " + MAX_COLLECTION_ALIASES
                            + " aliases (*name) of lists or mappings", "repeat less through &anchors and *aliases");
                }
                // Unknown anchors are left to the composer, which reports them with their place.
                count(e, anchoredSizes.getOrDefault(name, 1L));
            }
            default -> {
                // stream and document boundaries, comments: no values
            }
        }
        return e;
    }

    /** Only aliases can make a document bigger than its text, so only they are held to the limit. */
    private void count(Event e, long values) {
        expanded += values;
        if (e instanceof AliasEvent && expanded > MAX_EXPANDED_NODES) {
            throw new Refused(e.getStartMark(), "YAML aliases expand this document to more than " + MAX_EXPANDED_NODES + " values",
                    "repeat less through &anchors and *aliases");
        }
    }

    private static String anchor(Event e) {
        return e instanceof NodeEvent n ? n.getAnchor().map(a -> a.getValue()).orElse(null) : null;
    }
}
