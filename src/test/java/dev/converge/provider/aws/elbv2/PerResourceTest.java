package dev.converge.provider.aws.elbv2;

import dev.converge.provider.ProviderException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerResourceTest {

    /**
     * Each read waits for the other to have started: one after the other they would never both
     * finish (the latches time out and the assertion says so).
     */
    @Test
    void aReadBesideRunsAtTheSameTimeAsTheCallersOwn() throws InterruptedException {
        CountDownLatch sideStarted = new CountDownLatch(1);
        CountDownLatch ownStarted = new CountDownLatch(1);
        Supplier<String> side = PerResource.beside(() -> {
            sideStarted.countDown();
            return await(ownStarted) ? "target groups" : "alone";
        });
        ownStarted.countDown();
        assertTrue(sideStarted.await(10, TimeUnit.SECONDS), "the read beside never started");
        assertEquals("target groups", side.get());
    }

    @Test
    void aFailureBesideIsRethrownAsTheReadThrewIt() {
        ProviderException denied = new ProviderException("AccessDenied", "not allowed", false, null);
        Supplier<String> side = PerResource.beside(() -> {
            throw denied;
        });
        assertSame(denied, assertThrows(ProviderException.class, side::get));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
