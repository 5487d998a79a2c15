package dev.converge.schema;

/** A value that exists only after apply (an ID AWS has not assigned yet). Printed "(known after apply)". */
public enum Unknown {
    VALUE;

    @Override
    public String toString() {
        return "(known after apply)";
    }
}
