package dev.converge.schema;

/** true or false. */
public record BoolType() implements Type {

    public static final BoolType INSTANCE = new BoolType();

    @Override
    public String describe() {
        return "boolean";
    }
}
