package dev.converge.provider;

/**
 * A kind of thing a stack can declare: a managed resource ({@link ManagedType}) or a read-only
 * lookup ({@link DataType}). Its schema is available without any AWS client, so loading and
 * validating a stack never touches the network.
 */
public interface ResourceType {

    /** The name used in stack files, such as {@code aws.elbv2.LoadBalancer}. */
    String name();

    ResourceSchema schema();

    /**
     * The desired properties (defaults applied) written the way a read reports them back, so that
     * an unchanged stack plans nothing: a rule written {@code fromPort: 80, toPort: 80} reads back
     * as {@code port: 80}. Parts still unknown ({@code Unknown}) are left as they are. Identity by
     * default.
     */
    default java.util.Map<String, Object> normalize(java.util.Map<String, Object> desired) {
        return desired;
    }

    /** What the type's operations may wait for, each with its default timeout; none by default. */
    default java.util.List<Wait> waits() {
        return java.util.List.of();
    }
}
