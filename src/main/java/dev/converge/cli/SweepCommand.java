package dev.converge.cli;

import dev.converge.cost.Assumptions;
import dev.converge.cost.PriceCatalogue;
import dev.converge.cost.TypePricing;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.sandbox.Sandbox;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;
import dev.converge.sweep.Claims;
import dev.converge.sweep.CostLeak;
import dev.converge.sweep.DeletionOrder;
import dev.converge.sweep.OwnedStack;
import dev.converge.sweep.StrayVolumes;
import dev.converge.sweep.SweepReport;
import dev.converge.sweep.Sweeper;
import dev.converge.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code converge sweep}: everything Converge owns in the account, by stack, with the leaks no stack file claims. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"List every resource carrying Converge's ownership tag in every enabled region (or those given with --region),",
                "grouped by stack, with its monthly cost; mark the stacks no stack file declares (those named, or the YAML files",
                "under the current directory) as leaked, and list cost leaks (Elastic IPs associated with nothing, unattached volumes).",
                "Changes nothing, unless --delete STACK: then that one leaked stack is destroyed as `converge destroy` would,",
                "and its stray volumes whose ownership is proven are deleted after it."},
        footer = {"%nExamples:", "  converge sweep --sandbox", "  converge sweep stacks/*.yaml --region us-east-1 --region ap-northeast-2",
                "  converge sweep --sandbox --delete scratch --region us-east-1"})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "STACKFILE", arity = "0..*", description = "Stack files whose stacks are claimed (default: every YAML file under the current directory).")
    List<Path> files = new ArrayList<>();

    /** --sandbox, --profile, --endpoint as every command; --region repeatable (default: every region enabled in the account). */
    @Mixin
    AwsOptions aws;

    @Option(names = "--delete", paramLabel = "STACK", description = "Destroy this leaked stack (in its one region, or the one --region names), with destroy's listing, confirmation, order and check.")
    String delete;

    @Mixin
    ApplyOptions run;

    @Mixin
    LockOptions lockOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Terminal t = global.terminal();
        List<String> regions = aws.regions;
        for (String r : regions) StackLoading.checkedRegion(r);
        if (aws.stateFile != null) throw new UserException("--state does not apply to sweep: it reads no state");
        URI sandboxEndpoint = aws.sandbox ? new Sandbox(Workspace.sandboxDirectory()).ensureRunning().endpoint() : null;
        List<String> swept = regions.isEmpty() ? enabledRegions(sandboxEndpoint) : regions;
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> claims = Claims.of(files, Path.of("").toAbsolutePath(), w -> err.println(t.yellow(w)));
        TypePricing pricing = new TypePricing(PriceCatalogue.bundled(), Assumptions.DEFAULT);
        List<OwnedStack> stacks = new ArrayList<>();
        List<CostLeak> leaks = new ArrayList<>();
        for (String region : swept) {
            try (AwsSession session = session(region, sandboxEndpoint)) {
                Sweeper sweeper = new Sweeper(session, region, pricing, aws.sandbox);
                Map<String, List<OwnedStack.Resource>> found = new TreeMap<>();
                for (String name : sweeper.stackNames()) {
                    // Tags outlive what they tagged for a while (terminated instances linger an hour): nothing read, nothing owned.
                    List<OwnedStack.Resource> owned = sweeper.resources(name);
                    if (!owned.isEmpty()) found.put(name, owned);
                }
                found.forEach((name, resources) -> stacks.add(new OwnedStack(name, region, resources, claims.get(name))));
                leaks.addAll(sweeper.leaks(found));
            }
        }
        if (delete != null) return delete(stacks, leaks, claims);
        out.print(new SweepReport(t).render(swept, stacks, leaks, aws.sandbox || aws.endpoint != null));
        return ExitCodes.OK;
    }

    private int delete(List<OwnedStack> stacks, List<CostLeak> leaks, Map<String, String> claims) {
        if (claims.containsKey(delete)) {
            throw new UserException("stack " + delete + " is declared in " + claims.get(delete) + ": destroy it with `converge destroy "
                    + claims.get(delete) + "`, so the file and the account stay in step");
        }
        List<OwnedStack> named = stacks.stream().filter(s -> s.name().equals(delete)).toList();
        List<CostLeak> volumes = leaks.stream().filter(l -> l.stack().equals(delete) && l.deletableVolume()).toList();
        List<String> where = java.util.stream.Stream.concat(named.stream().map(OwnedStack::region), volumes.stream().map(CostLeak::region))
                .distinct().sorted().toList();
        if (where.isEmpty()) {
            throw new UserException("no resources owned by stack " + delete + " in "
                    + (aws.regions.isEmpty() ? "the enabled regions" : String.join(", ", aws.regions)));
        }
        if (where.size() > 1) throw new UserException("stack " + delete + " owns resources in " + String.join(", ", where) + ": name one with --region");
        String region = where.get(0);
        // Destroy needs only the stack's name and region: it finds what the stack owns by its tags.
        Stack stack = Stack.standIn(scratchFile(delete), delete, region);
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(stack, aws, global, out)) {
            List<OwnedStack.Resource> found = named.isEmpty() ? List.of() : named.get(0).resources();
            if (!volumes.isEmpty()) {
                out.println(ws.terminal.bold("After the stack, sweep deletes its stray volumes (their ownership is proven):"));
                for (CostLeak v : volumes) out.println("  - " + v.what() + ": " + dev.converge.cost.Money.amount(v.cost().monthly()) + "/month");
                if (found.isEmpty() && !run.autoApprove) {
                    throw new UserException("refusing to delete volumes without --auto-approve: nothing else of " + delete + " remains to confirm");
                }
            }
            // Destroy starts, under the state's lock, from a record of what sweep found proven, so it reads
            // those types (it reads the types a stack declares or its state records; this stand-in stack
            // declares none). Destroy then finds each resource again, lists it, asks, deletes and checks
            // that nothing remains.
            int code = new ApplyRunner(ws, out).startingFrom(state -> DeletionOrder.seed(state, found))
                    .run(true, null, run.checked(StackLoading.schemas()), lockOptions.lockTimeout());
            if (code != ExitCodes.OK || volumes.isEmpty()) return code;
            return new StrayVolumes(ws.session.ec2(), out, ws.terminal).delete(volumes) ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }

    /**
     * A leaked stack has no file, so no state next to one: its stand-in lives in a fresh directory, and
     * destroy starts from what sweep found proven.
     */
    private static Path scratchFile(String name) {
        try {
            return Files.createTempDirectory("converge-sweep").resolve(name + ".yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AwsSession session(String region, URI sandboxEndpoint) {
        AwsSettings settings = AwsSettings.defaults(region).withProfile(aws.profile);
        if (sandboxEndpoint != null) settings = settings.withEndpoint(sandboxEndpoint, true);
        else if (aws.endpoint != null) settings = settings.withEndpoint(aws.endpoint, false);
        return new AwsSession(settings);
    }

    private List<String> enabledRegions(URI sandboxEndpoint) {
        try (AwsSession session = session(StackLoader.DEFAULT_REGION, sandboxEndpoint)) {
            return session.ec2().describeRegions().regions().stream().map(r -> r.regionName()).sorted().toList();
        }
    }
}
