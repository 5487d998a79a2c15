package dev.converge.provider.aws.common;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderException;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How one API says "no such resource", declared by the type that calls it (each service spells it
 * its own way: {@code InvalidGroup.NotFound}, {@code LoadBalancerNotFound}, {@code NoSuchHostedZone},
 * {@code ResourceNotFoundException}), and the two things Converge does with it, the same for every
 * type: a read of a missing resource finds it absent ({@link #orEmpty}, {@link #first}), and a
 * delete (or detach) of a missing one is success ({@link #ignoring}). Any other error passes through.
 */
public final class NotFound {

    private final Set<String> codes;

    private NotFound(Set<String> codes) {
        this.codes = codes;
    }

    /** The error codes by which the calls of a type say that what they name does not exist. */
    public static NotFound codes(String... codes) {
        return new NotFound(Set.of(codes));
    }

    /** True if {@code e} is one of the declared codes. */
    public boolean is(ProviderException e) {
        return codes.contains(e.code());
    }

    /** The call's result, or empty if what it reads does not exist. */
    public <T> Optional<T> orEmpty(Supplier<T> call) {
        try {
            return Optional.ofNullable(AwsErrors.call(call));
        } catch (ProviderException e) {
            if (is(e)) return Optional.empty();
            throw e;
        }
    }

    /** The first item a describe by id returns, or empty, also when it fails because the id is gone. */
    public <T> Optional<T> first(Supplier<? extends List<T>> describe) {
        return orEmpty(describe).flatMap(list -> list.stream().findFirst());
    }

    /** Runs a delete (or detach); true if it ran, false if what it names was already gone. */
    public boolean ignoring(Runnable call) {
        return orEmpty(() -> {
            call.run();
            return Boolean.TRUE;
        }).isPresent();
    }
}
