package dev.converge.cli;

import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;

/** Loads and validates the stack a command names; no AWS call is made here. */
final class StackLoading {

    private StackLoading() {
    }

    /** Types with their schemas only: no AWS session is configured for loading. */
    static TypeRegistry schemas() {
        return AwsProvider.schemaRegistry();
    }

    static Stack load(StackOptions options) {
        return new StackLoader(schemas()).load(options.stackFile, options.variableInputs());
    }
}
