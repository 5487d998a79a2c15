package dev.converge;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The structure docs/architecture.md describes, checked on the compiled classes so that it cannot
 * drift: no package cycle (every package, subpackages included, is its own slice), the command
 * line on top, the leaves importing nothing of ours, the provider SPI below the stages that use it,
 * and no source file large enough to hide a second job.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.converge");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.converge.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.converge.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.converge.cli..")
                .check(MAIN);
    }

    @Test
    void addressesAndDiagnosticsAreLeaves() {
        noClasses().that().resideInAnyPackage("dev.converge.addr..", "dev.converge.diag..")
                .should().dependOnClassesThat(resideInAPackage("dev.converge..")
                        .and(resideOutsideOfPackages("dev.converge.addr..", "dev.converge.diag..")))
                .check(MAIN);
    }

    @Test
    void theProviderKnowsNoStageThatUsesIt() {
        noClasses().that().resideInAPackage("dev.converge.provider..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.converge.engine..", "dev.converge.plan..", "dev.converge.apply..", "dev.converge.refresh..",
                        "dev.converge.stack..", "dev.converge.cost..", "dev.converge.state..")
                .check(MAIN);
    }

    @Test
    void noMainSourceFileIsLongerThan450Lines() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > 450)
                    .map(f -> f + " (" + lines(f) + " lines)")
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), tooLong, "split these by concern (docs/architecture.md)");
    }

    private static long lines(Path file) {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
