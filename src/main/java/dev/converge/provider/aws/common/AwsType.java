package dev.converge.provider.aws.common;

import dev.converge.aws.AwsSession;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.ResourceType;

/**
 * What every AWS type holds: its name, its schema, and the shared session it asks for clients
 * (lazily: constructing a type creates no client, so loading a stack needs no credentials).
 */
public abstract class AwsType implements ResourceType {

    protected final AwsSession session;
    private final String name;
    private final ResourceSchema schema;

    protected AwsType(AwsSession session, String name, ResourceSchema schema) {
        this.session = session;
        this.name = name;
        this.schema = schema;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ResourceSchema schema() {
        return schema;
    }
}
