package dev.converge.schema;

/**
 * One property of a resource type or nested object.
 *
 * @param required      the stack must set it
 * @param defaultValue  the value AWS applies when it is not set (compared against live state), or null
 * @param forcesReplacement why changing it needs a new resource (shown in the plan), or null if it
 *                      changes in place
 * @param computed      set by AWS, not by the stack (an attribute); may be referenced, not written
 * @param sensitive     shown as (sensitive) in plans and never logged
 * @param unsetMeansNone leaving it out of the stack means "none" (an Elastic IP attached to no instance),
 *                      so a live value is a difference to remove; otherwise an unset optional property
 *                      without a default is AWS's to choose and never differs
 * @param description   one line for docs, the JSON Schema and editors
 */
public record Property(String name, Type type, boolean required, Object defaultValue, String forcesReplacement,
                       boolean computed, boolean sensitive, boolean unsetMeansNone, String description) {

    public static Builder builder(String name, Type type) {
        return new Builder(name, type);
    }

    public boolean forcesReplacementOnChange() {
        return forcesReplacement != null;
    }

    /** Fluent construction, so a type's schema reads like a table. */
    public static final class Builder {
        private final String name;
        private final Type type;
        private boolean required;
        private Object defaultValue;
        private String forcesReplacement;
        private boolean computed;
        private boolean sensitive;
        private boolean unsetMeansNone;
        private String description = "";

        private Builder(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public Builder defaultValue(Object value) {
            this.defaultValue = Values.sortedCopy(value);
            return this;
        }

        public Builder forcesReplacement(String why) {
            this.forcesReplacement = why;
            return this;
        }

        public Builder computed() {
            this.computed = true;
            return this;
        }

        public Builder sensitive() {
            this.sensitive = true;
            return this;
        }

        public Builder unsetMeansNone() {
            this.unsetMeansNone = true;
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Property build() {
            if (unsetMeansNone && (required || defaultValue != null || computed)) {
                throw new IllegalStateException(name + ": only an optional input without a default can mean none when unset");
            }
            return new Property(name, type, required, defaultValue, forcesReplacement, computed, sensitive, unsetMeansNone, description);
        }
    }
}
