package dev.converge.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.Spec;

import java.net.URI;

/** Where the commands that talk to AWS send their calls. */
public final class AwsOptions {

    @Option(names = "--sandbox", description = "Use the local sandbox (moto on 127.0.0.1), starting it if needed. Nothing touches AWS.")
    boolean sandbox;

    /** Every --region given, in order: sweep sweeps each; every other command takes one ({@link StackLoading#oneRegion}). */
    @Option(names = "--region", paramLabel = "REGION", description = "Override the stack's region (sweep: a region to sweep; repeatable).")
    java.util.List<String> regions = new java.util.ArrayList<>();

    /** The command this mixin is part of: a second --region is refused as its usage mistake. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The one --region of a command that works on one stack (only sweep takes several). */
    String oneRegion() {
        if (regions.size() > 1) {
            // Reported like picocli's own "option given twice", so UsageErrors words it as every other usage mistake.
            throw new OverwrittenOptionException(command.commandLine(), command.findOption("--region"),
                    "--region is given more than once; give it once");
        }
        return regions.isEmpty() ? null : regions.get(0);
    }

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (default: AWS_PROFILE or the default chain: environment, SSO, instance role).")
    String profile;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Send every AWS call to this endpoint (LocalStack, moto). "
            + "AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured too.")
    URI endpoint;

    @Option(names = "--state", paramLabel = "FILE", description = "Local state file (default: one per target, kept next to the stack file; "
            + "ignored when the stack sets an S3 backend).")
    java.nio.file.Path stateFile;
}
