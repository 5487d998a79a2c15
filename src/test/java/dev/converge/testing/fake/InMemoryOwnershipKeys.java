package dev.converge.testing.fake;

import dev.converge.provider.OwnershipKeys;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Ownership keys of the fake cloud: kept in memory, with the same create-once semantics as SSM's. */
public final class InMemoryOwnershipKeys implements OwnershipKeys {

    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public Optional<byte[]> read(String stack) {
        return Optional.ofNullable(keys.get(stack)).map(byte[]::clone);
    }

    @Override
    public byte[] create(String stack) {
        return keys.computeIfAbsent(stack, s -> {
            byte[] key = new byte[32];
            random.nextBytes(key);
            return key;
        }).clone();
    }

    @Override
    public void delete(String stack) {
        keys.remove(stack);
    }

    @Override
    public String describe(String stack) {
        return "the fake cloud's key of " + stack;
    }
}
