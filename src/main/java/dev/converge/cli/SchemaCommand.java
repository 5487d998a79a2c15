package dev.converge.cli;

import dev.converge.docs.ResourceDocsGenerator;
import dev.converge.docs.StackSchemaGenerator;
import dev.converge.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code converge schema}: the JSON Schema of stack files (the committed schemas/stack.schema.json). */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema (draft 2020-12) of stack files, generated from the resource types.",
        footer = {"%nExample (regenerate the committed schema):", "  bin/converge schema > schemas/stack.schema.json", "  bin/converge schema --docs > docs/resources.md"})
public final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--docs", description = "Print the resource reference (docs/resources.md) instead.")
    boolean docs;

    @Override
    public Integer call() {
        if (docs) spec.commandLine().getOut().print(ResourceDocsGenerator.generate(StackLoading.schemas()));
        else spec.commandLine().getOut().println(Json.write(StackSchemaGenerator.generate(StackLoading.schemas())));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
