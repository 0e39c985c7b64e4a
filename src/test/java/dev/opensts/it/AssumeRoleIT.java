package dev.opensts.it;

import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.function.Consumer;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.allow;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.message;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AssumeRole through the unmodified SDK: every parameter of the model and its constraints, the
 * answer's shape, trust evaluated with the full request context, session tags and source identity,
 * role chaining, and the permissions of the session (role policies ∩ session policies).
 */
class AssumeRoleIT {
    static final String ALL_STS = "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]";
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static IamClient iam;
    static StsClient root;
    static String workerRoleId;
    static String onlyGetRolePolicyArn;

    @BeforeAll
    static void start() {
        cluster = OpenStsCluster.create("assume-role");
        replica = cluster.startReplica("a");
        iam = Sts.iam(replica, software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());

        // worker: trusted by the account for everything; may read roles and assume further roles
        workerRoleId = iam.createRole(r -> r.roleName("worker").assumeRolePolicyDocument(trust(ROOT_ARN, ALL_STS, null))
                .maxSessionDuration(7200)).role().roleId();
        iam.putRolePolicy(r -> r.roleName("worker").policyName("read").policyDocument(
                allow("[\"iam:GetRole\",\"iam:ListRoles\",\"sts:*\"]", "*")));
        onlyGetRolePolicyArn = iam.createPolicy(r -> r.policyName("only-get-role")
                .policyDocument(allow("\"iam:GetRole\"", "*"))).policy().arn();
        // next: trusts worker sessions by the role's ARN; last and last-team trust next sessions, on conditions
        iam.createRole(r -> r.roleName("next").assumeRolePolicyDocument(trust(roleArn("worker"), ALL_STS, null))
                .maxSessionDuration(43200));
        iam.createRole(r -> r.roleName("last").assumeRolePolicyDocument(trust(roleArn("next"), ALL_STS,
                "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/dept\":\"eng\"}}")));
        iam.createRole(r -> r.roleName("last-team").assumeRolePolicyDocument(trust(roleArn("next"), ALL_STS,
                "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"x\"}}")));
        // plain: sts:AssumeRole only, no tags, no source identity
        iam.createRole(r -> r.roleName("plain").assumeRolePolicyDocument(trust(ROOT_ARN)));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static AssumeRoleResponse assume(StsClient sts, String role, String session) {
        return sts.assumeRole(r -> r.roleArn(roleArn(role)).roleSessionName(session));
    }

    static AssumeRoleResponse assume(StsClient sts, String role, String session, Consumer<AssumeRoleRequest.Builder> more) {
        return sts.assumeRole(r -> {
            r.roleArn(roleArn(role)).roleSessionName(session);
            more.accept(r);
        });
    }

    static AwsServiceException denied(StsClient sts, String role, String session, Consumer<AssumeRoleRequest.Builder> more) {
        return fails("AccessDenied", 403, () -> assume(sts, role, session, more));
    }

    static AwsServiceException invalid(String role, Consumer<AssumeRoleRequest.Builder> more) {
        return fails("ValidationError", 400, () -> assume(root, role, "s1", more));
    }

    // --- the answer ---

    @Test
    void answersEveryFieldOfTheModelWithEveryParameterSet() {
        Instant before = Instant.now();
        AssumeRoleResponse r = assume(root, "worker", "all.params=1@x-y", b -> b
                .durationSeconds(1800)
                .externalId("ext-123:/=,.@")
                .policy(allow("\"iam:GetRole\"", "*"))
                .policyArns(PolicyDescriptorType.builder().arn(onlyGetRolePolicyArn).build())
                .tags(Tag.builder().key("dept").value("eng").build(), Tag.builder().key("cost").value("42").build())
                .transitiveTagKeys("dept")
                .sourceIdentity("alice@example.com"));
        Instant after = Instant.now();
        Credentials c = r.credentials();
        assertThat(c.accessKeyId()).startsWith("ASIA").hasSize(28);
        assertThat(c.secretAccessKey()).hasSize(40);
        assertThat(c.sessionToken()).isNotBlank();
        Sts.assertExpiry(c.expiration(), 1800, before, after);
        assertThat(r.assumedRoleUser().assumedRoleId()).isEqualTo(workerRoleId + ":all.params=1@x-y");
        assertThat(workerRoleId).startsWith("AROA");
        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/worker/all.params=1@x-y");
        assertThat(r.packedPolicySize()).isBetween(1, 100);
        assertThat(r.sourceIdentity()).isEqualTo("alice@example.com");
        // and the credentials work
        assertThat(Sts.sts(replica, c).getCallerIdentity().arn()).isEqualTo(r.assumedRoleUser().arn());
    }

    @Test
    void withoutSessionPoliciesOrTagsThereIsNoPackedPolicySizeAndTheDefaultDurationIsOneHour() {
        Instant before = Instant.now();
        AssumeRoleResponse r = assume(root, "plain", "s1");
        Instant after = Instant.now();
        assertThat(r.packedPolicySize()).isNull();
        assertThat(r.sourceIdentity()).isNull();
        Sts.assertExpiry(r.credentials().expiration(), 3600, before, after);
    }

    @Test
    void packedPolicySizeGrowsWithTheSessionPolicyAndOverTheLimitIsPackedPolicyTooLarge() {
        int small = assume(root, "worker", "s1", b -> b.policy(allow("\"iam:GetRole\"", "*"))).packedPolicySize();
        String big = allow("\"iam:GetRole\"", "arn:aws:iam::000000000000:role/" + "x".repeat(1500));
        int larger = assume(root, "worker", "s1", b -> b.policy(big)).packedPolicySize();
        assertThat(larger).isGreaterThan(small);
        var tags = new ArrayList<Tag>();
        for (int i = 0; i < 4; i++) {
            tags.add(Tag.builder().key("k" + i + "-" + "k".repeat(100)).value("v".repeat(250)).build());
        }
        AwsServiceException e = fails("PackedPolicyTooLarge", 400, () -> assume(root, "worker", "s1",
                b -> b.policy(big).tags(tags)));
        assertThat(message(e)).contains("% of allotted space");
    }

    // --- durations ---

    @Test
    void durationRunsFrom900UpToTheRolesMaxSessionDuration() {
        Instant before = Instant.now();
        Instant shortest = assume(root, "worker", "s1", b -> b.durationSeconds(900)).credentials().expiration();
        Instant longest = assume(root, "worker", "s1", b -> b.durationSeconds(7200)).credentials().expiration();
        Instant after = Instant.now();
        Sts.assertExpiry(shortest, 900, before, after);
        Sts.assertExpiry(longest, 7200, before, after);
        AwsServiceException over = invalid("worker", b -> b.durationSeconds(7201));
        assertThat(message(over)).isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        AwsServiceException overDefault = invalid("plain", b -> b.durationSeconds(3601));
        assertThat(message(overDefault)).contains("MaxSessionDuration");
        AwsServiceException under = invalid("worker", b -> b.durationSeconds(899));
        assertThat(message(under)).contains("durationSeconds").contains("greater than or equal to 900");
        AwsServiceException model = invalid("next", b -> b.durationSeconds(43201));
        assertThat(message(model)).contains("less than or equal to 43200");
    }

    // --- validation of every parameter ---

    @Test
    void roleSessionNameMustBe2To64OfTheAllowedCharacters() {
        assertThat(assume(root, "plain", "ab").assumedRoleUser().arn()).endsWith("/plain/ab");
        String sixtyFour = "n".repeat(64);
        assertThat(assume(root, "plain", sixtyFour).assumedRoleUser().arn()).endsWith("/" + sixtyFour);
        assertThat(message(fails("ValidationError", 400, () -> assume(root, "plain", "a"))))
                .contains("roleSessionName").contains("greater than or equal to 2");
        assertThat(message(fails("ValidationError", 400, () -> assume(root, "plain", "n".repeat(65)))))
                .contains("roleSessionName").contains("less than or equal to 64");
        assertThat(message(fails("ValidationError", 400, () -> assume(root, "plain", "has space"))))
                .contains("roleSessionName").contains("regular expression pattern");
        assertThat(message(fails("ValidationError", 400, () -> assume(root, "plain", "slash/no"))))
                .contains("roleSessionName");
    }

    @Test
    void roleArnMustBeAnArnOfARole() {
        assertThat(message(fails("ValidationError", 400, () -> root.assumeRole(r -> r.roleArn("arn:aws:iam::1")
                .roleSessionName("s1"))))).contains("roleArn").contains("greater than or equal to 20");
        assertThat(message(fails("ValidationError", 400, () -> root.assumeRole(r -> r
                .roleArn("arn:aws:iam::000000000000:user/worker").roleSessionName("s1"))))).contains("RoleArn");
        assertThat(message(fails("ValidationError", 400, () -> root.assumeRole(r -> r
                .roleArn("not an arn at all, but long").roleSessionName("s1"))))).contains("RoleArn");
    }

    @Test
    void otherParametersAreCheckedAgainstTheModel() {
        assertThat(message(invalid("worker", b -> b.externalId("x")))).contains("externalId");
        assertThat(message(invalid("worker", b -> b.externalId("no spaces")))).contains("externalId");
        assertThat(message(invalid("worker", b -> b.policy("{" + " ".repeat(2048) + "}")))).contains("policy")
                .contains("less than or equal to 2048");
        var elevenArns = new ArrayList<PolicyDescriptorType>();
        for (int i = 0; i < 11; i++) {
            elevenArns.add(PolicyDescriptorType.builder().arn(onlyGetRolePolicyArn).build());
        }
        assertThat(message(invalid("worker", b -> b.policyArns(elevenArns)))).contains("policyArns")
                .contains("less than or equal to 10");
        assertThat(message(invalid("worker", b -> b.sourceIdentity("a")))).contains("sourceIdentity");
        assertThat(message(invalid("worker", b -> b.sourceIdentity("aws:reserved")))).contains("sourceIdentity");
        assertThat(message(invalid("worker", b -> b.tags(Tag.builder().key("bad key!").value("v").build()))))
                .contains("tags");
        var tooMany = new ArrayList<Tag>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Tag.builder().key("k" + i).value("v").build());
        }
        assertThat(message(invalid("worker", b -> b.tags(tooMany)))).contains("tags").contains("50");
        fails("ValidationError", 400, () -> root.assumeRole(r -> r.roleArn(roleArn("worker"))));
    }

    @Test
    void aSessionPolicyNearTheLimitWithManyEscapedCharactersIsAccepted() {
        StringBuilder resources = new StringBuilder();
        for (int i = 0; resources.length() < 1850; i++) {
            resources.append(i == 0 ? "" : ",").append("\"arn:aws:iam::000000000000:role/r").append(i).append('"');
        }
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\","
                + "\"Resource\":[" + resources + "]}]}";
        assertThat(policy.length()).isBetween(1900, 2048);
        assertThat(assume(root, "worker", "s1", b -> b.policy(policy)).packedPolicySize()).isBetween(50, 100);
    }

    @Test
    void aMalformedOrUnknownSessionPolicyIsMalformedPolicyDocument() {
        fails("MalformedPolicyDocument", 400, () -> assume(root, "worker", "s1", b -> b.policy("{\"nope\":1}")));
        fails("MalformedPolicyDocument", 400, () -> assume(root, "worker", "s1", b -> b.policyArns(
                PolicyDescriptorType.builder().arn("arn:aws:iam::000000000000:policy/does-not-exist").build())));
    }

    @Test
    void mfaParametersOfNoDeviceOfTheCallerAreRefusedAsAwsWordsIt() {
        // the root has no virtual MFA device (MfaIT covers devices): AWS's one answer for every MFA failure
        AwsServiceException e = denied(root, "worker", "s1", b -> b.serialNumber("arn:aws:iam::000000000000:mfa/dev")
                .tokenCode("123456"));
        assertThat(message(e)).isEqualTo("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        assertThat(message(fails("ValidationError", 400, () -> assume(root, "worker", "s1", b -> b.tokenCode("12")))))
                .contains("tokenCode");
    }

    // --- trust ---

    @Test
    void aRoleThatDoesNotExistIsDeniedExactlyLikeADeniedOne() {
        iam.createUser(r -> r.userName("someone-else"));
        iam.createRole(r -> r.roleName("nobody-trusted").assumeRolePolicyDocument(
                trust("arn:aws:iam::000000000000:user/someone-else")));
        String deniedMsg = message(denied(root, "nobody-trusted", "s1", b -> { }));
        String missingMsg = message(denied(root, "no-such-role", "s1", b -> { }));
        assertThat(deniedMsg).isEqualTo("User: arn:aws:iam::000000000000:root is not authorized to perform: "
                + "sts:AssumeRole on resource: " + roleArn("nobody-trusted"));
        assertThat(missingMsg).isEqualTo(deniedMsg.replace("nobody-trusted", "no-such-role"));
        // a path that differs is another role
        assertThat(message(fails("AccessDenied", 403, () -> root.assumeRole(r -> r
                .roleArn("arn:aws:iam::000000000000:role/other/plain").roleSessionName("s1"))))).contains("not authorized");
    }

    @Test
    void externalIdMustMatchStringEquals() {
        role("ext", trust(ROOT_ARN, "\"sts:AssumeRole\"", "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"s3cr3t-id\"}}"));
        denied(root, "ext", "s1", b -> { });
        denied(root, "ext", "s1", b -> b.externalId("wrong-id"));
        assertThat(assume(root, "ext", "s1", b -> b.externalId("s3cr3t-id")).credentials()).isNotNull();
    }

    @Test
    void roleSessionNameCanBeConstrainedWithStringLike() {
        role("named", trust(ROOT_ARN, "\"sts:AssumeRole\"", "\"Condition\":{\"StringLike\":{\"sts:RoleSessionName\":\"ci-*\"}}"));
        denied(root, "named", "dev-1", b -> { });
        assertThat(assume(root, "named", "ci-42").assumedRoleUser().arn()).endsWith("/named/ci-42");
    }

    @Test
    void principalTagsOfTheCallingUserAreInTheContext() {
        role("blue-only", trust(ROOT_ARN, "\"sts:AssumeRole\"",
                "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}"));
        StsClient blue = userWithTag("blue-user", "blue");
        StsClient red = userWithTag("red-user", "red");
        denied(red, "blue-only", "s1", b -> { });
        assertThat(assume(blue, "blue-only", "s1").assumedRoleUser().arn()).endsWith("/blue-only/s1");
    }

    @Test
    void sourceIpIsTheCallersAddress() {
        role("from-10", trust(ROOT_ARN, "\"sts:AssumeRole\"", "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"));
        role("from-loopback", trust(ROOT_ARN, "\"sts:AssumeRole\"",
                "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"}}"));
        denied(root, "from-10", "s1", b -> { });
        assertThat(assume(root, "from-loopback", "s1").credentials()).isNotNull();
    }

    @Test
    void currentTimeIsNow() {
        role("future", trust(ROOT_ARN, "\"sts:AssumeRole\"",
                "\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2999-01-01T00:00:00Z\"}}"));
        role("past", trust(ROOT_ARN, "\"sts:AssumeRole\"",
                "\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}"));
        denied(root, "future", "s1", b -> { });
        assertThat(assume(root, "past", "s1").credentials()).isNotNull();
    }

    @Test
    void secureTransportIsFalseOverPlainHttp() {
        role("tls-only", trust(ROOT_ARN, "\"sts:AssumeRole\"", "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"));
        role("plain-http", trust(ROOT_ARN, "\"sts:AssumeRole\"", "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"));
        denied(root, "tls-only", "s1", b -> { });
        assertThat(assume(root, "plain-http", "s1").credentials()).isNotNull();
    }

    @Test
    void anExplicitDenyInTheTrustPolicyWins() {
        role("deny-some", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":\"sts:AssumeRole\"},"
                + "{\"Sid\":\"NoBlocked\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:RoleSessionName\":\"blocked\"}}}]}");
        denied(root, "deny-some", "blocked", b -> { });
        assertThat(assume(root, "deny-some", "fine").credentials()).isNotNull();
    }

    @Test
    void requestTagsAreInTheContextOfTagSession() {
        role("tag-alpha", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":\"sts:AssumeRole\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":\"sts:TagSession\","
                + "\"Condition\":{\"StringEquals\":{\"aws:RequestTag/project\":\"alpha\"}}}]}");
        AwsServiceException e = denied(root, "tag-alpha", "s1", b -> b.tags(Tag.builder().key("project").value("beta").build()));
        assertThat(message(e)).contains("sts:TagSession");
        assertThat(assume(root, "tag-alpha", "s1", b -> b.tags(Tag.builder().key("project").value("alpha").build()))
                .packedPolicySize()).isPositive();
    }

    // --- tags and source identity need their own permission ---

    @Test
    void tagsNeedStsTagSessionInTheTrustPolicy() {
        AwsServiceException e = denied(root, "plain", "s1", b -> b.tags(Tag.builder().key("k").value("v").build()));
        assertThat(message(e)).contains("sts:TagSession").contains(roleArn("plain"));
    }

    @Test
    void sourceIdentityNeedsStsSetSourceIdentityInTheTrustPolicy() {
        AwsServiceException e = denied(root, "plain", "s1", b -> b.sourceIdentity("alice"));
        assertThat(message(e)).contains("sts:SetSourceIdentity");
    }

    @Test
    void tagKeysThatDifferOnlyInCaseAreRejected() {
        AwsServiceException e = fails("InvalidParameterValue", 400, () -> assume(root, "worker", "s1", b -> b.tags(
                Tag.builder().key("Dept").value("a").build(), Tag.builder().key("dept").value("b").build())));
        assertThat(message(e)).contains("case insensitive");
        fails("InvalidParameterValue", 400, () -> assume(root, "worker", "s1", b -> b
                .tags(Tag.builder().key("a").value("1").build()).transitiveTagKeys("b")));
    }

    // --- chaining ---

    @Test
    void chainingCarriesTransitiveTagsAndSourceIdentityAndIsLimitedToOneHour() {
        AssumeRoleResponse first = assume(root, "worker", "w1", b -> b
                .tags(Tag.builder().key("dept").value("eng").build(), Tag.builder().key("team").value("x").build())
                .transitiveTagKeys("dept")
                .sourceIdentity("alice"));
        StsClient asWorker = Sts.sts(replica, first.credentials());

        AwsServiceException tooLong = invalid(asWorker, "next", b -> b.durationSeconds(3601));
        assertThat(message(tooLong)).isEqualTo("The requested DurationSeconds exceeds the 1 hour session limit for "
                + "roles assumed by role chaining.");

        // a transitive tag cannot be overridden, a source identity cannot be changed
        fails("InvalidParameterValue", 400, () -> assume(asWorker, "next", "n1",
                b -> b.tags(Tag.builder().key("DEPT").value("ops").build())));
        denied(asWorker, "next", "n1", b -> b.sourceIdentity("mallory"));

        Instant before = Instant.now();
        AssumeRoleResponse second = assume(asWorker, "next", "n1");
        Instant after = Instant.now();
        assertThat(second.sourceIdentity()).isEqualTo("alice");
        assertThat(second.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/next/n1");
        Sts.assertExpiry(second.credentials().expiration(), 3600, before, after);
        StsClient asNext = Sts.sts(replica, second.credentials());
        assertThat(asNext.getCallerIdentity().arn()).isEqualTo(second.assumedRoleUser().arn());

        // dept was transitive and reaches the third hop; team was not
        AssumeRoleResponse third = assume(asNext, "last", "l1");
        assertThat(third.sourceIdentity()).isEqualTo("alice");
        denied(asNext, "last-team", "l1", b -> { });
        // the chain keeps its limit at every hop
        assertThat(message(invalid(asNext, "last", b -> b.durationSeconds(3601)))).contains("role chaining");
    }

    @Test
    void aRoleThatDoesNotTrustTheCallingRoleDeniesTheChain() {
        StsClient asPlain = Sts.sts(replica, assume(root, "plain", "p1").credentials());
        AwsServiceException e = denied(asPlain, "next", "n1", b -> { });
        assertThat(message(e)).isEqualTo("User: arn:aws:sts::000000000000:assumed-role/plain/p1 is not authorized to "
                + "perform: sts:AssumeRole on resource: " + roleArn("next"));
    }

    // --- what a session may do ---

    @Test
    void aSessionHasTheRolesPermissionsIntersectedWithItsSessionPolicies() {
        IamClient full = Sts.iam(replica, assume(root, "worker", "full").credentials());
        assertThat(full.getRole(r -> r.roleName("plain")).role().arn()).isEqualTo(roleArn("plain"));
        assertThat(full.listRoles().roles()).isNotEmpty();

        IamClient narrowed = Sts.iam(replica, assume(root, "worker", "narrow",
                b -> b.policy(allow("\"iam:GetRole\"", "*"))).credentials());
        assertThat(narrowed.getRole(r -> r.roleName("plain")).role().roleName()).isEqualTo("plain");
        fails("AccessDenied", 403, () -> narrowed.listRoles());

        IamClient byArn = Sts.iam(replica, assume(root, "worker", "by-arn", b -> b.policyArns(
                PolicyDescriptorType.builder().arn(onlyGetRolePolicyArn).build())).credentials());
        assertThat(byArn.getRole(r -> r.roleName("plain")).role().roleName()).isEqualTo("plain");
        fails("AccessDenied", 403, () -> byArn.listRoles());

        // a session policy never grants more than the role has
        IamClient wider = Sts.iam(replica, assume(root, "worker", "wider",
                b -> b.policy(allow("\"iam:*\"", "*"))).credentials());
        fails("AccessDenied", 403, () -> wider.createUser(r -> r.userName("not-allowed")));
        // and a role without permissions gets nothing
        IamClient bare = Sts.iam(replica, assume(root, "plain", "bare").credentials());
        fails("AccessDenied", 403, () -> bare.getRole(r -> r.roleName("plain")));
    }

    // --- helpers ---

    static AwsServiceException invalid(StsClient sts, String role, Consumer<AssumeRoleRequest.Builder> more) {
        return fails("ValidationError", 400, () -> assume(sts, role, "s1", more));
    }

    static void role(String name, String trustPolicy) {
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trustPolicy));
    }

    /** An IAM user tagged team=TEAM whose identity policy allows sts:AssumeRole. */
    static StsClient userWithTag(String name, String team) {
        iam.createUser(r -> r.userName(name).tags(software.amazon.awssdk.services.iam.model.Tag.builder()
                .key("team").value(team).build()));
        iam.putUserPolicy(r -> r.userName(name).policyName("assume").policyDocument(allow("\"sts:AssumeRole\"", "*")));
        AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return Sts.sts(replica, key.accessKeyId(), key.secretAccessKey());
    }
}
