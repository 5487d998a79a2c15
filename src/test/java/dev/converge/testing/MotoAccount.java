package dev.converge.testing;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An empty AWS account in moto for every test of a class: one moto server per class (starting one
 * takes seconds, resetting it milliseconds), an {@link AwsSession} pointed at it, the account reset
 * before each test, and both closed after the last one. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MotoAccount aws = MotoAccount.plain();
 * }</pre>
 *
 * The reset runs before the class's own {@code @BeforeEach} methods, so those can create the
 * fixtures each test starts from.
 */
public final class MotoAccount implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** The region of the example stacks. */
    public static final String REGION = "ap-northeast-2";

    private final Supplier<MotoServer> starter;
    private MotoServer moto;
    private AwsSession session;
    /** The class that started moto: nested test classes share the outer class's account. */
    private String owner;

    private MotoAccount(Supplier<MotoServer> starter) {
        this.starter = starter;
    }

    /** moto as installed, with its default settings. */
    public static MotoAccount plain() {
        return new MotoAccount(MotoServer::start);
    }

    /** moto set up as {@code converge sandbox start} sets it up (see {@link MotoServer#startLikeSandbox()}). */
    public static MotoAccount likeSandbox() {
        return new MotoAccount(MotoServer::startLikeSandbox);
    }

    /** moto set up like the sandbox as the given account ({@code MOTO_ACCOUNT_ID}), for tests that need two accounts. */
    public static MotoAccount likeSandboxAs(String accountId) {
        return new MotoAccount(() -> MotoServer.startLikeSandbox(Map.of("MOTO_ACCOUNT_ID", accountId)));
    }

    /** moto with extra environment, such as {@code MOTO_ACM_VALIDATION_WAIT}. */
    public static MotoAccount withEnvironment(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return new MotoAccount(() -> MotoServer.start(copy));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (moto != null) return;
        owner = context.getUniqueId();
        moto = starter.get();
        session = new AwsSession(AwsSettings.defaults(REGION).withEndpoint(moto.endpoint(), true));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        moto.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) return;
        try {
            if (session != null) session.close();
        } finally {
            if (moto != null) moto.close();
            session = null;
            moto = null;
            owner = null;
        }
    }

    /** The session every test of the class shares; its clients talk to this account only. */
    public AwsSession session() {
        return started(session);
    }

    /** Where moto listens, for clients the test builds itself (a proxy, the CLI, a second session). */
    public URI endpoint() {
        return started(moto).endpoint();
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("the moto account is not running: register MotoAccount with "
                    + "@RegisterExtension on a static field, and use it only while the class's tests run");
        }
        return part;
    }
}
