package dev.converge.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's {@code .converge} directory, where the sandbox is remembered. Found from any
 * directory of the project, so that {@code sandbox status} or {@code --sandbox} run from
 * {@code stacks/} see the sandbox started at the top instead of starting a second one that collides
 * on its port: the nearest directory above that already records a sandbox, else the top of the git
 * work tree, else the working directory.
 */
final class ProjectHome {

    private ProjectHome() {
    }

    static Path find(Path workingDirectory) {
        for (Path d = workingDirectory; d != null; d = d.getParent()) {
            Path home = d.resolve(".converge");
            if (Files.isRegularFile(home.resolve("sandbox.json"))) return home;
        }
        for (Path d = workingDirectory; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) return d.resolve(".converge");
        }
        return workingDirectory.resolve(".converge");
    }
}
