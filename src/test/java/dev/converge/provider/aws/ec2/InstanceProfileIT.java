package dev.converge.provider.aws.ec2;

import dev.converge.provider.LiveResource;
import dev.converge.provider.ProviderException;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.converge.provider.aws.ec2.Ec2Assertions.AL2023;
import static dev.converge.provider.aws.ec2.Ec2Assertions.map;
import static dev.converge.provider.aws.ec2.Ec2Assertions.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.ec2.Instance's iamInstanceProfile against moto: given at launch, replaced and removed in place. */
class InstanceProfileIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox(); // with the sandbox's fix of ReplaceIamInstanceProfileAssociation
    private final TestContext ctx = new TestContext();
    private InstanceResource type;
    private String ami;
    private String arnA;

    @BeforeEach
    void setUp() {
        type = new InstanceResource(moto.session());
        ami = moto.session().ssm().getParameter(r -> r.name(AL2023)).parameter().value();
        var iam = moto.session().iam();
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}";
        for (String n : List.of("a", "b")) {
            iam.createRole(r -> r.roleName(n).assumeRolePolicyDocument(trust));
            iam.createInstanceProfile(r -> r.instanceProfileName(n).path("/app/"));
            iam.addRoleToInstanceProfile(r -> r.instanceProfileName(n).roleName(n));
        }
        arnA = iam.getInstanceProfile(r -> r.instanceProfileName("a")).instanceProfile().arn();
    }

    private Map<String, Object> props(String profile) {
        Map<String, Object> p = map("ami", ami, "instanceType", "t3.micro", "tags", map());
        if (profile != null) p.put("iamInstanceProfile", profile);
        return p;
    }

    private List<IamInstanceProfileAssociation> associations(String id) {
        return moto.session().ec2().describeIamInstanceProfileAssociations(r -> r.filters(f -> f.name("instance-id").values(id)))
                .iamInstanceProfileAssociations().stream().filter(a -> Set.of("associating", "associated").contains(a.stateAsString()))
                .toList();
    }

    @Test
    void aProfileGivenByArnAtLaunchReadsBackByNameAndChangesInPlace() {
        LiveResource created = type.create(request("s1", "web", props(arnA), "t1"), ctx);
        assertTrue(arnA.contains(":instance-profile/app/a"), arnA);
        assertEquals("a", created.values().get("iamInstanceProfile"));
        assertEquals("a", type.normalize(props(arnA)).get("iamInstanceProfile"), "an ARN compares as its name");
        assertEquals(arnA, associations(created.id()).get(0).iamInstanceProfile().arn());

        LiveResource replaced = type.update(created, props("b"), Set.of("iamInstanceProfile"), Map.of(), ctx);
        assertEquals(created.id(), replaced.id(), "in place");
        assertEquals("b", replaced.values().get("iamInstanceProfile"));
        assertEquals(1, associations(created.id()).size());

        LiveResource removed = type.update(replaced, props(null), Set.of("iamInstanceProfile"), Map.of(), ctx);
        assertFalse(removed.values().containsKey("iamInstanceProfile"));
        assertTrue(associations(created.id()).isEmpty());

        LiveResource added = type.update(removed, props("a"), Set.of("iamInstanceProfile"), Map.of(), ctx);
        assertEquals("a", added.values().get("iamInstanceProfile"));
    }

    @Test
    void ec2NotYetSeeingANewProfileIsRetryableAndNothingElseIs() {
        ProviderException late = new ProviderException("InvalidParameterValue",
                "Value (web) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", false);
        ProviderException retried = org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class,
                () -> InstanceProfiles.launching(() -> { throw late; }));
        assertTrue(retried.retryable());
        assertEquals("InvalidParameterValue", retried.code());
        ProviderException other = new ProviderException("InvalidParameterValue", "Invalid value 't9.huge' for InstanceType", false);
        assertFalse(org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class,
                () -> InstanceProfiles.launching(() -> { throw other; })).retryable());
    }
}
