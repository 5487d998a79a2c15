package dev.converge.schema;

/** Any value; used for untyped variables and for outputs. */
public record AnyType() implements Type {

    public static final AnyType INSTANCE = new AnyType();

    @Override
    public String describe() {
        return "any value";
    }
}
