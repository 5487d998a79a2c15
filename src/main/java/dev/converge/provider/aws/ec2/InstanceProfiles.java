package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;

import java.util.List;
import java.util.function.Supplier;

/**
 * An instance's IAM instance profile: named by ARN or name in the stack, given at launch, and
 * changed on a running instance through its association (associate, replace, disassociate).
 *
 * <p>IAM is eventually consistent, and EC2 reads IAM: an instance profile created seconds ago (or
 * whose role was just added) can be refused by RunInstances and AssociateIamInstanceProfile with
 * {@code InvalidParameterValue} "Invalid IAM Instance Profile name/ARN" for up to about ten seconds.
 * That error, and only it, is made retryable here, so the applier's retry (with its budget) waits
 * it out instead of failing an apply that created the profile in the same run.
 */
final class InstanceProfiles {

    /** Associations that are, or are becoming, the instance's profile. */
    private static final List<String> CURRENT = List.of("associating", "associated");

    private final Ec2Client ec2;

    InstanceProfiles(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** What RunInstances and the association calls take: an ARN as an ARN, anything else as a name. */
    static IamInstanceProfileSpecification specification(String profile) {
        return profile.startsWith("arn:")
                ? IamInstanceProfileSpecification.builder().arn(profile).build()
                : IamInstanceProfileSpecification.builder().name(profile).build();
    }

    /**
     * The profile's name, from its ARN or as written: names are unique in an account whatever the
     * path, so the name alone identifies it, and a profile written by name equals the same one read as an ARN.
     */
    static String name(String profile) {
        return profile.startsWith("arn:") ? profile.substring(profile.lastIndexOf('/') + 1) : profile;
    }

    /** Runs a call that names an instance profile, turning IAM's propagation delay into a retryable error. */
    static <T> T launching(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderException e) {
            if (!isPropagationDelay(e)) throw e;
            throw new ProviderException(e.code(), e.getMessage() + " (an instance profile created moments ago takes a few "
                    + "seconds to reach EC2: retrying)", true, e);
        }
    }

    static boolean isPropagationDelay(ProviderException e) {
        String message = String.valueOf(e.getMessage());
        return "InvalidParameterValue".equals(e.code()) && message.contains("Invalid IAM Instance Profile");
    }

    /** Makes {@code profile} (or none) the instance's profile: replace an association, make one, or remove it. */
    void set(String instanceId, String profile) {
        List<IamInstanceProfileAssociation> current = AwsErrors.call(() -> ec2.describeIamInstanceProfileAssociations(r -> r
                .filters(Ec2Support.filter("instance-id", List.of(instanceId)), Ec2Support.filter("state", CURRENT))))
                .iamInstanceProfileAssociations();
        if (profile == null) {
            for (IamInstanceProfileAssociation a : current) {
                AwsErrors.run(() -> ec2.disassociateIamInstanceProfile(r -> r.associationId(a.associationId())));
            }
        } else if (current.isEmpty()) {
            launching(() -> AwsErrors.call(() -> ec2.associateIamInstanceProfile(r -> r.instanceId(instanceId)
                    .iamInstanceProfile(specification(profile)))));
        } else {
            launching(() -> AwsErrors.call(() -> ec2.replaceIamInstanceProfileAssociation(r -> r
                    .associationId(current.get(0).associationId()).iamInstanceProfile(specification(profile)))));
        }
    }
}
