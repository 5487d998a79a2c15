package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.DataType;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.ListType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.model.Image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine image, found either through a public SSM parameter that AWS keeps pointing at the
 * latest image of a family, or by a name pattern among the images of trusted owners (newest wins).
 */
public final class AmiData extends AwsType implements DataType {

    /** The image parameter SSM does not have. */
    private static final NotFound NOT_FOUND = NotFound.codes("ParameterNotFound");

    public static final String NAME = "aws.ec2.Ami";

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "A machine image (AMI): the latest image of an SSM parameter, or the newest image matching a name pattern.",
            ObjectType.of(
                    Property.builder("owners", ListType.of(StringType.ANY))
                            .description("Account ids or aliases (amazon, self) whose images may match namePattern; required with namePattern.").build(),
                    Property.builder("namePattern", StringType.ANY)
                            .description("Image name with * and ? wildcards, e.g. al2023-ami-2023.*-x86_64; the newest match wins.").build(),
                    Property.builder("ssmParameter", StringType.matching("^/.+"))
                            .description("SSM parameter holding an image id, e.g. /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64.").build(),
                    Property.builder("architecture", StringType.oneOf("x86_64", "arm64", "i386", "x86_64_mac", "arm64_mac"))
                            .defaultValue("x86_64").description("CPU architecture the image must have (applies to namePattern).").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("image id").build(),
                    Property.builder("name", StringType.ANY).computed().description("image name").build(),
                    Property.builder("creationDate", StringType.ANY).computed().description("when the image was created, ISO-8601").build())
                    .exactlyOneOf("namePattern", "ssmParameter"),
            null);

    public AmiData(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public Map<String, Object> read(Map<String, Object> inputs, ProviderContext context) {
        Image image = inputs.get("ssmParameter") instanceof String parameter ? byParameter(parameter) : byName(inputs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ResourceSchema.ID, image.imageId());
        out.put("name", image.name());
        out.put("creationDate", image.creationDate());
        return out;
    }

    private Image byParameter(String parameter) {
        String imageId = NOT_FOUND.orEmpty(() -> session.ssm().getParameter(r -> r.name(parameter))).map(r -> r.parameter().value())
                .orElseThrow(() -> new ProviderException("ParameterNotFound", "SSM parameter " + parameter
                        + " does not exist in region " + Ec2Support.region(session.ec2()), false));
        // Filters, not ImageIds: a missing image is an empty answer, not an error without context.
        List<Image> images = AwsErrors.call(() -> session.ec2().describeImages(r -> r.filters(
                Ec2Support.filter("image-id", List.of(imageId))))).images();
        if (images.isEmpty()) {
            throw new ProviderException("ImageNotFound", "SSM parameter " + parameter + " names image " + imageId
                    + ", which does not exist in region " + Ec2Support.region(session.ec2()), false);
        }
        return images.get(0);
    }

    @SuppressWarnings("unchecked")
    private Image byName(Map<String, Object> inputs) {
        String pattern = (String) inputs.get("namePattern");
        List<String> owners = inputs.get("owners") instanceof List<?> l ? (List<String>) l : List.of();
        // Anyone can publish a public image with any name: without owners, a name pattern could
        // pick up a look-alike image from a stranger's account.
        if (owners.isEmpty()) {
            throw new ProviderException("OwnersRequired", "aws.ec2.Ami: owners is required with namePattern "
                    + "(anyone can publish a public image named like " + pattern + ")", false);
        }
        String architecture = (String) inputs.getOrDefault("architecture", "x86_64");
        List<Image> images = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeImagesPaginator(r -> r.owners(owners).filters(
                Ec2Support.filter("name", List.of(pattern)),
                Ec2Support.filter("architecture", List.of(architecture)),
                Ec2Support.filter("state", List.of("available")))).images().forEach(images::add));
        // ISO-8601 timestamps in one format sort chronologically as strings; id breaks ties stably.
        return images.stream()
                .max(Comparator.comparing((Image i) -> String.valueOf(i.creationDate())).thenComparing(Image::imageId))
                .orElseThrow(() -> new ProviderException("ImageNotFound", "no available " + architecture
                        + " image named " + pattern + " owned by " + String.join(", ", owners)
                        + " in region " + Ec2Support.region(session.ec2()), false));
    }
}
