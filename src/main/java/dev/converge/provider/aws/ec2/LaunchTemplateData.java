package dev.converge.provider.aws.ec2;

import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a launch template version, both ways: the stack's properties → the request's
 * data, and a version's data → the properties as the stack writes them.
 *
 * <p>Instance metadata: IMDSv2 (session tokens) is always required, so an SSRF in the application
 * cannot read the instance role's credentials with a plain GET. The response hop limit is 1: a
 * token cannot cross a second network hop, so a container on a bridge network cannot fetch one and
 * act as the instance's role. The web service runs on the host (and so does the SSM agent);
 * containers that need AWS access should have credentials of their own, not the instance's.
 */
final class LaunchTemplateData {

    /** The IMDS response hop limit: see the class comment. */
    static final int HOP_LIMIT = 1;

    private LaunchTemplateData() {
    }

    /** {@code rootDevice} is the image's root device name when the root volume is overridden, else null. */
    static RequestLaunchTemplateData of(Map<String, Object> p, String rootDevice) {
        RequestLaunchTemplateData.Builder b = RequestLaunchTemplateData.builder()
                .imageId((String) p.get("imageId"))
                .instanceType((String) p.get("instanceType"))
                .metadataOptions(m -> m.httpTokens(LaunchTemplateHttpTokensState.REQUIRED)
                        .httpEndpoint(LaunchTemplateInstanceMetadataEndpointState.ENABLED).httpPutResponseHopLimit(HOP_LIMIT));
        if (p.get("userData") instanceof String userData) b.userData(UserData.encode(userData));
        if (p.get("instanceProfileArn") instanceof String arn) b.iamInstanceProfile(i -> i.arn(arn));
        if (p.get("securityGroupIds") instanceof List<?> groups) b.securityGroupIds(groups.stream().map(String::valueOf).toList());
        if (rootDevice != null) {
            // Only what the stack sets is overridden: the snapshot, and whatever else is unset, come from the image.
            b.blockDeviceMappings(LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(rootDevice).ebs(e -> {
                e.deleteOnTermination(true);
                if (p.get("rootVolumeSize") instanceof Number size) e.volumeSize(size.intValue());
                if (p.get("rootVolumeType") instanceof String type) e.volumeType(type);
            }).build());
        }
        return b.build();
    }

    /** The properties a version holds, in the stack's shape (unset ones absent). */
    static Map<String, Object> values(ResponseLaunchTemplateData d) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (d == null) return v;
        if (d.imageId() != null) v.put("imageId", d.imageId());
        if (d.instanceTypeAsString() != null) v.put("instanceType", d.instanceTypeAsString());
        if (d.userData() != null && !d.userData().isEmpty()) v.put("userData", UserData.decode(d.userData()));
        if (d.iamInstanceProfile() != null && d.iamInstanceProfile().arn() != null) v.put("instanceProfileArn", d.iamInstanceProfile().arn());
        if (d.hasSecurityGroupIds() && !d.securityGroupIds().isEmpty()) {
            List<String> groups = new ArrayList<>(d.securityGroupIds());
            groups.sort(null);
            v.put("securityGroupIds", groups);
        }
        // Converge writes at most one mapping, the root volume's.
        for (LaunchTemplateBlockDeviceMapping m : d.blockDeviceMappings()) {
            if (m.ebs() == null) continue;
            if (m.ebs().volumeSize() != null) v.put("rootVolumeSize", m.ebs().volumeSize().longValue());
            if (m.ebs().volumeTypeAsString() != null) v.put("rootVolumeType", m.ebs().volumeTypeAsString());
        }
        return v;
    }
}
