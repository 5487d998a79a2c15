package dev.converge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code converge init}: a starter stack for one's own domain, copied from the example stack of the
 * chosen architecture (the one the docs walk through) with its own name, and a variables file
 * holding the domain and zone. Writes nothing if any of its files exists.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a starter stack file, its variables file and the scripts it reads, for your own domain.",
                "Nothing is overwritten: if any of the files exists, nothing is written."},
        footer = {"%nExamples:",
                "  converge init --domain app.example.com --zone example.com",
                "  converge init --domain www.example.org --architecture nginx-certbot site/"})
public final class InitCommand implements Callable<Integer> {

    /** The architectures, each an example stack in stacks/ with the scripts its user data reads. */
    static final Map<String, List<String>> ARCHITECTURES = Map.of(
            "elb-https", List.of("scripts/app.js", "scripts/common.sh", "scripts/web-app.sh"),
            "nginx-certbot", List.of("scripts/app.js", "scripts/common.sh", "scripts/web-app.sh", "scripts/nginx-certbot.sh"));

    private static final String DOMAIN = "^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$";

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
            description = "The site's name, such as app.example.com.")
    String domain;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "The Route 53 public hosted zone that holds DOMAIN. Default: DOMAIN without its first label (DOMAIN itself if it has two).")
    String zone;

    @Option(names = "--architecture", paramLabel = "NAME", defaultValue = "elb-https",
            description = "elb-https (load balancer, ACM certificate, 2 instances) or nginx-certbot (one instance, Let's Encrypt). Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--name", paramLabel = "STACK",
            description = "The stack's name (its resources are tagged with it). Default: DOMAIN with dashes for dots.")
    String name;

    @Option(names = "--email", paramLabel = "EMAIL", description = "nginx-certbot only: where Let's Encrypt sends expiry notices. Default: admin@ZONE.")
    String email;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".", description = "Where to write the files. Default: the current directory.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        String domain = this.domain.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        if (!domain.matches(DOMAIN)) throw new UserException("--domain: '" + this.domain + "' is not a domain name (e.g. app.example.com)");
        List<String> scripts = ARCHITECTURES.get(architecture);
        if (scripts == null) {
            throw new UserException("--architecture: '" + architecture + "' is not one of " + String.join(", ", ARCHITECTURES.keySet().stream().sorted().toList()));
        }
        String zone = this.zone != null ? this.zone.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "") : defaultZone(domain);
        if (!domain.equals(zone) && !domain.endsWith("." + zone)) {
            throw new UserException("--domain " + domain + " is not inside --zone " + zone + " (a record can only be written in its own zone)");
        }
        String stack = name != null ? name : domain.replace('.', '-');
        if (!stack.matches("[A-Za-z][A-Za-z0-9-]{0,62}")) {
            throw new UserException("--name: '" + stack + "' is not a stack name (1-63 letters, digits and dashes, starting with a letter)");
        }
        if (email != null && !architecture.equals("nginx-certbot")) throw new UserException("--email is only used by --architecture nginx-certbot");

        Path dir = this.dir.normalize();
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(dir.resolve(stack + ".yaml"), starterStack(template(architecture + ".yaml"), stack));
        files.put(dir.resolve(stack + ".vars.yaml"), variables(domain, zone, architecture.equals("nginx-certbot") ? (email != null ? email : "admin@" + zone) : null));
        for (String script : scripts) files.put(dir.resolve(script), template(script));
        List<String> existing = new ArrayList<>();
        for (Path p : files.keySet()) if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) existing.add(p.toString());
        if (!existing.isEmpty()) throw new UserException("not overwriting " + String.join(", ", existing) + "; nothing was written");

        PrintWriter out = spec.commandLine().getOut();
        for (var f : files.entrySet()) {
            Files.createDirectories(f.getKey().toAbsolutePath().getParent());
            Files.writeString(f.getKey(), f.getValue(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            out.println("wrote " + f.getKey());
        }
        Path stackFile = dir.resolve(stack + ".yaml");
        Path vars = dir.resolve(stack + ".vars.yaml");
        out.println();
        out.println("Next: check it, then try it in the sandbox (nothing touches AWS), then plan against your account:");
        out.println("  converge validate " + stackFile + " --var-file " + vars);
        out.println("  converge apply " + stackFile + " --var-file " + vars + " --sandbox");
        out.println("  converge plan " + stackFile + " --var-file " + vars);
        out.flush();
        return ExitCodes.OK;
    }

    /** app.example.com → example.com; example.com → example.com. */
    static String defaultZone(String domain) {
        String[] labels = domain.split("\\.");
        return labels.length <= 2 ? domain : domain.substring(domain.indexOf('.') + 1);
    }

    /** The example stack with the user's name, without the schema path that only resolves inside the repository. */
    static String starterStack(String example, String stack) {
        List<String> lines = new ArrayList<>();
        boolean named = false;
        for (String line : example.split("\n", -1)) {
            if (line.startsWith("# yaml-language-server:")) continue;
            if (line.startsWith("stack: ")) {
                line = "stack: " + stack;
                named = true;
            }
            if (line.equals("  project: converge-demo")) line = "  project: " + stack;
            lines.add(line);
        }
        if (!named) throw new IllegalStateException("the bundled example stack has no 'stack:' line");
        String text = String.join("\n", lines);
        return text.startsWith("#\n") ? text.substring(2) : text;
    }

    private static String variables(String domain, String zone, String email) {
        StringBuilder sb = new StringBuilder("# Values for the stack's variables: converge plan STACK --var-file THIS_FILE\n");
        sb.append("domain: ").append(domain).append('\n').append("zone: ").append(zone).append('\n');
        if (email != null) sb.append("email: '").append(email.replace("'", "''")).append("'\n");
        return sb.toString();
    }

    private static String template(String path) {
        try (InputStream in = InitCommand.class.getResourceAsStream("/dev/converge/init/stacks/" + path)) {
            if (in == null) throw new IllegalStateException("the jar lacks the example file stacks/" + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
