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
}
