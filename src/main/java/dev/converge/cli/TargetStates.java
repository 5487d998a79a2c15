package dev.converge.cli;

import dev.converge.aws.AwsSession;
import dev.converge.execution.Progress;
import dev.converge.stack.Stack;
import dev.converge.state.LocalStateStore;
import dev.converge.state.S3StateStore;
import dev.converge.state.State;
import dev.converge.state.StateStore;
import dev.converge.state.Target;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each target (account, region, endpoint) keeps its own state and lock: locally
 * {@code .converge/state/TARGET/STACK.json} next to the stack file, in S3 {@code s3://bucket/TARGET/key}.
 * A state written before targets were recorded (at {@code .converge/state/STACK.json} or the bare
 * S3 key) is adopted once by the target it belongs to, and kept beside under a new name.
 */
final class TargetStates {

    /** An ARN names its account: {@code arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:...}. */
    private static final Pattern ARN_ACCOUNT = Pattern.compile("^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(\\d{12}):");
    static final String ADOPTED_SUFFIX = ".adopted";

    private TargetStates() {
    }

    /** Who and where this run talks to: one STS call. */
    static Target resolve(AwsSession session, String region, boolean sandbox) {
        return Target.of(session.accountId(), region, session.endpointOverride().orElse(null), sandbox);
    }

    /** @param explicit {@code --state FILE}, or null */
    static StateStore store(Stack stack, Target target, Path explicit, AwsSession session) {
        if (stack.backend() != null) return S3StateStore.forTarget(stack.backend(), target, session);
        if (explicit != null) return new LocalStateStore(explicit);
        return new LocalStateStore(stateDirectory(stack).resolve(target.key()).resolve(stack.name() + ".json"));
    }

    /** Where the state lived before targets: null when the user named the file (it is theirs to manage). */
    static StateStore legacyStore(Stack stack, Path explicit, AwsSession session) {
        if (stack.backend() != null) return S3StateStore.fromUri(stack.backend(), session);
        if (explicit != null) return null;
        return new LocalStateStore(stateDirectory(stack).resolve(stack.name() + ".json"));
    }

    private static Path stateDirectory(Stack stack) {
        return LocalStateStore.defaultPath(stack.file(), stack.name()).getParent();
    }

    /**
     * The target's state: the stored one, or the adopted pre-target one, or a new empty one. A state
     * that records another target is refused: refreshing its resources here would find nothing, plan
     * them anew, and forget the originals (which would still cost money over there).
     */
    static State read(Stack stack, Target target, StateStore store, StateStore legacy, Progress notices) {
        Optional<State> stored = store.read();
        if (stored.isEmpty() && legacy != null) stored = adopt(target, store, legacy, notices);
        State state = stored.orElseGet(() -> State.empty(stack.name(), stack.region()));
        if (state.target() != null && !state.target().sameAs(target)) {
            throw new UserException("the state in " + store.describe() + " belongs to " + state.target().describe()
                    + ", not to " + target.describe() + ": nothing made for one target is used on another");
        }
        if (state.target() == null && state.region() != null && !state.region().equals(target.region())
                && !(state.resources().isEmpty() && state.pending().isEmpty())) {
            throw new UserException("the state in " + store.describe() + " tracks this stack's resources in " + state.region()
                    + ", not " + target.region() + ": run with --region " + state.region());
        }
        return state.withTarget(target);
    }

    private static Optional<State> adopt(Target target, StateStore store, StateStore legacy, Progress notices) {
        Optional<State> old = legacy.read();
        if (old.isEmpty()) return old;
        String other = otherTarget(old.get(), target);
        if (other != null) {
            notices.line("note: " + legacy.describe() + " was written before states were kept per target and belongs to "
                    + other + ", not to this target: left as it is");
            return Optional.empty();
        }
        State written = store.write(old.get().withTarget(target));
        String aside = legacy.moveAside(ADOPTED_SUFFIX);
        notices.line("converge: adopted the state " + legacy.describe() + " (written before states were kept per target) as the state of "
                + target.describe() + " in " + store.describe() + "; the original is kept as " + aside);
        return Optional.of(written);
    }

    /**
     * What a pre-target state says about where it was used, when that is not {@code target}: its
     * recorded region, and the account in any ARN it tracks. Null when nothing contradicts the target
     * (a state tracking only instance and security group ids cannot tell its account).
     */
    static String otherTarget(State old, Target target) {
        if (old.region() != null && !old.region().equals(target.region())) return "region " + old.region();
        for (var r : old.resources().values()) {
            Matcher m = ARN_ACCOUNT.matcher(r.id());
            if (m.find() && !m.group(2).equals(target.account())) return "account " + m.group(2);
        }
        return null;
    }
}
