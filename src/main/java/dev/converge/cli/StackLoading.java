package dev.converge.cli;

import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;

/** Loads and validates the stack a command names; no AWS call is made here. */
final class StackLoading {

    private StackLoading() {
    }

    /**
     * Types with their schemas only: no AWS session is configured for loading. Built once per
     * process (apply checks its options against it, then loads the stack with it) and only read.
     */
    static TypeRegistry schemas() {
        return Schemas.REGISTRY;
    }

    /** Built on first use, not when the class loads. */
    private static final class Schemas {
        static final TypeRegistry REGISTRY = AwsProvider.schemaRegistry();
    }

    static Stack load(StackOptions options) {
        return new StackLoader(schemas(), options.loadOptions()).load(options.stackFile, options.variableInputs());
    }

    /** Loads for a command that talks to AWS: {@code --region} replaces the stack's region everywhere. */
    static Stack load(StackOptions options, AwsOptions aws) {
        return new StackLoader(schemas(), options.loadOptions())
                .load(options.stackFile, options.variableInputs(), checkedRegion(oneRegion(aws)));
    }

    /** Loads for a command that only reads the state: variables without a value are not asked for. */
    static Stack loadForState(StackOptions options, AwsOptions aws) {
        return new StackLoader(schemas(), options.loadOptions().withOptionalVariables())
                .load(options.stackFile, options.variableInputs(), checkedRegion(oneRegion(aws)));
    }

    static String oneRegion(AwsOptions aws) {
        return aws.oneRegion();
    }

    static String checkedRegion(String region) {
        if (region != null && !StackLoader.isRegionName(region)) {
            throw new UserException("--region must be an AWS region name such as ap-northeast-2, not '" + region + "'");
        }
        return region;
    }
}
