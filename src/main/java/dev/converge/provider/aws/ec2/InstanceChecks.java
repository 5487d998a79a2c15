package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.PlanChecked;
import software.amazon.awssdk.services.ec2.model.ArchitectureType;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What RunInstances would refuse and a plan can know: an instance type the region does not offer,
 * an image that does not exist, an image whose architecture the type cannot run (an arm64 image on
 * t3.micro). Three reads for the whole stack, whatever its size: DescribeInstanceTypeOfferings for
 * every type it uses (one filter), DescribeInstanceTypes for their architectures, DescribeImages for
 * every image (one filter, so an unknown image is absent rather than failing the call).
 */
final class InstanceChecks {

    /** DescribeInstanceTypes takes at most 100 types (filters take 200: Ec2Support.chunks). */
    private static final int MAX_TYPES_PER_DESCRIBE = 100;

    private final AwsSession session;

    InstanceChecks(AwsSession session) {
        this.session = session;
    }

    /** What the region says about the types and images the planned instances use. */
    record Catalogue(String region, Set<String> offeredTypes, Map<String, List<String>> typeArchitectures,
                     Map<String, String> imageArchitectures) {
    }

    List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned) {
        Set<String> types = new LinkedHashSet<>();
        Set<String> images = new LinkedHashSet<>();
        for (PlanChecked.Planned p : planned) {
            // An instance type changed in place must still run the image the instance has.
            boolean either = p.sets("instanceType") || p.sets("ami");
            if (either && p.desired().get("instanceType") instanceof String t) types.add(t);
            if (either && p.desired().get("ami") instanceof String a) images.add(a);
        }
        if (types.isEmpty() && images.isEmpty()) return List.of();
        Set<String> offered = offered(types);
        Catalogue catalogue = new Catalogue(session.region().id(), offered, architectures(offered), imageArchitectures(images));
        List<PlanChecked.Problem> out = new ArrayList<>();
        for (PlanChecked.Planned p : planned) out.addAll(problems(p, catalogue));
        return out;
    }

    /** The problems of one instance against what the region said (no AWS call). */
    static List<PlanChecked.Problem> problems(PlanChecked.Planned p, Catalogue catalogue) {
        List<PlanChecked.Problem> out = new ArrayList<>();
        String type = p.desired().get("instanceType") instanceof String t ? t : null;
        String ami = p.desired().get("ami") instanceof String a ? a : null;
        if (!p.sets("instanceType") && !p.sets("ami")) return out;
        if (type != null && p.sets("instanceType") && !catalogue.offeredTypes().contains(type)) {
            out.add(new PlanChecked.Problem(p.address(), "instanceType", "instance type " + type + " is not offered in "
                    + catalogue.region() + " (or is not an instance type)",
                    "list the types offered there: aws ec2 describe-instance-type-offerings --region " + catalogue.region()));
            type = null;
        }
        if (ami != null && !catalogue.imageArchitectures().containsKey(ami)) {
            // An image deregistered since the launch is no problem for the running instance.
            if (p.sets("ami")) out.add(new PlanChecked.Problem(p.address(), "ami", "image " + ami + " does not exist in " + catalogue.region()
                    + " or is not available to this account", "images are per region: look it up with a data source of type " + AmiData.NAME));
            ami = null;
        }
        if (type == null || ami == null) return out;
        String imageArchitecture = catalogue.imageArchitectures().get(ami);
        List<String> supported = catalogue.typeArchitectures().getOrDefault(type, List.of());
        if (imageArchitecture != null && !supported.isEmpty() && !supported.contains(imageArchitecture)) {
            // Reported at what the plan changes: the image of a new instance, the type of one resized in place.
            out.add(new PlanChecked.Problem(p.address(), p.sets("ami") ? "ami" : "instanceType", "image " + ami + " is built for " + imageArchitecture + ", but "
                    + type + " runs " + String.join(" or ", supported) + " only",
                    "use an image built for " + supported.get(0) + ", or an instance type that runs " + imageArchitecture
                            + (imageArchitecture.startsWith("arm64") ? " (Graviton, such as t4g.micro)" : "")));
        }
        return out;
    }

    private Set<String> offered(Set<String> types) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> chunk : Ec2Support.chunks(types)) {
            AwsErrors.run(() -> session.ec2().describeInstanceTypeOfferingsPaginator(r -> r.locationType("region")
                            .filters(Ec2Support.filter("instance-type", chunk))).instanceTypeOfferings()
                    .forEach((InstanceTypeOffering o) -> out.add(o.instanceTypeAsString())));
        }
        return out;
    }

    private Map<String, List<String>> architectures(Set<String> offeredTypes) {
        Map<String, List<String>> out = new HashMap<>();
        for (List<String> chunk : chunks(offeredTypes, MAX_TYPES_PER_DESCRIBE)) {
            AwsErrors.run(() -> session.ec2().describeInstanceTypesPaginator(r -> r.instanceTypesWithStrings(chunk)).instanceTypes()
                    .forEach((InstanceTypeInfo i) -> out.put(i.instanceTypeAsString(), i.processorInfo() == null ? List.of()
                            : i.processorInfo().supportedArchitectures().stream().map(ArchitectureType::toString).toList())));
        }
        return out;
    }

    private Map<String, String> imageArchitectures(Set<String> images) {
        Map<String, String> out = new HashMap<>();
        for (List<String> chunk : Ec2Support.chunks(images)) {
            AwsErrors.run(() -> session.ec2().describeImagesPaginator(r -> r.filters(Ec2Support.filter("image-id", chunk))).images()
                    .forEach((Image i) -> out.put(i.imageId(), i.architectureAsString())));
        }
        return out;
    }

    private static List<List<String>> chunks(Set<String> values, int size) {
        List<String> all = new ArrayList<>(values);
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) out.add(all.subList(from, Math.min(all.size(), from + size)));
        return out;
    }
}
