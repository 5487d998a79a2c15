package dev.converge.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code converge completion bash|zsh|fish}: a script that completes commands, options and their values. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for commands, options and their values.",
                "bash: source it from ~/.bashrc; zsh: from ~/.zshrc (it loads bashcompinit itself); "
                        + "fish: save it as ~/.config/fish/completions/converge.fish."},
        footer = {"%nExamples:",
                "  source <(converge completion bash)                  # in ~/.bashrc",
                "  source <(converge completion zsh)                   # in ~/.zshrc",
                "  converge completion fish > ~/.config/fish/completions/converge.fish"})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells a script is written for. */
    enum Shell { bash, zsh, fish }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "bash|zsh|fish", description = "The shell.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String name = spec.root().name();
        // picocli's script is written for bash and, through bashcompinit, zsh: it checks which shell sources it.
        String script = shell == Shell.fish ? FishCompletion.script(root.getCommandSpec()) : AutoComplete.bash(name, root);
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
