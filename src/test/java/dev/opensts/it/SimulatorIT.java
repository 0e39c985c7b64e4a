package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.PolicySourceType;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;
import software.amazon.awssdk.services.iam.model.Statement;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The policy simulator through the unmodified SDK: a user with group, inline and boundary policies, custom policies
 * with context entries, positions of matched statements, paging, the errors and another account's principals; and a
 * few rows of the conformance table through real requests (a role session calling IAM) against the simulation of
 * that role.
 */
class SimulatorIT extends IamItBase {
    static final String SQS = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":q";
    /** Two statements on lines 3 and 4, so that positions say which one matched. */
    static final String GROUP_POLICY = "{\"Version\": \"2012-10-17\",\n"
            + " \"Statement\": [\n"
            + "  {\"Sid\": \"Send\", \"Effect\": \"Allow\", \"Action\": \"sqs:SendMessage\", \"Resource\": \"*\"},\n"
            + "  {\"Sid\": \"NoPurge\", \"Effect\": \"Deny\", \"Action\": \"sqs:PurgeQueue\", \"Resource\": \"*\"}]}";
    static final String OFFICE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Office\",\"Effect\":\"Allow\","
            + "\"Action\":\"s3:ListBucket\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":"
            + "\"203.0.113.0/24\"},\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}}}]}";

    static String decision(EvaluationResult r) {
        return r.evalDecisionAsString();
    }

    /** A user in a group, with an inline policy and a boundary; returns its ARN. */
    String userWithGroupInlineAndBoundary() {
        String name = unique("alice");
        String boundary = iam.createPolicy(r -> r.policyName(unique("bound")).policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"SqsOnly\",\"Effect\":\"Allow\","
                        + "\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}")).policy().arn();
        iam.createUser(r -> r.userName(name).path("/eng/").permissionsBoundary(boundary));
        iam.putUserPolicy(r -> r.userName(name).policyName("Own").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"All\",\"Effect\":\"Allow\","
                        + "\"Action\":[\"sqs:*\",\"s3:*\"],\"Resource\":\"*\"}]}"));
        String group = unique("devs");
        iam.createGroup(r -> r.groupName(group));
        iam.putGroupPolicy(r -> r.groupName(group).policyName("Queues").policyDocument(GROUP_POLICY));
        iam.addUserToGroup(r -> r.groupName(group).userName(name));
        return "arn:aws:iam::" + ACCOUNT + ":user/eng/" + name;
    }

    @Test
    void aUserIsSimulatedWithItsGroupInlineAndBoundaryPoliciesPageByPage() {
        String alice = userWithGroupInlineAndBoundary();
        Consumer<SimulatePrincipalPolicyRequest.Builder> ask = r -> r.policySourceArn(alice)
                .actionNames("sqs:SendMessage", "sqs:PurgeQueue", "s3:GetObject");
        List<EvaluationResult> all = allPages(m -> iam.simulatePrincipalPolicy(r -> {
                    ask.accept(r);
                    r.maxItems(1).marker(m);
                }), SimulatePrincipalPolicyResponse::evaluationResults, SimulatePrincipalPolicyResponse::marker,
                SimulatePrincipalPolicyResponse::isTruncated, 1);
        assertThat(all).extracting(EvaluationResult::evalActionName)
                .containsExactly("sqs:SendMessage", "sqs:PurgeQueue", "s3:GetObject");
        assertThat(all).extracting(SimulatorIT::decision).containsExactly("allowed", "explicitDeny", "implicitDeny");

        EvaluationResult send = all.get(0);
        assertThat(send.evalResourceName()).isEqualTo("*");
        assertThat(send.matchedStatements()).extracting(Statement::sourcePolicyId, Statement::sourcePolicyType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Own", PolicySourceType.USER),
                        org.assertj.core.groups.Tuple.tuple("Queues", PolicySourceType.GROUP),
                        org.assertj.core.groups.Tuple.tuple(send.matchedStatements().get(2).sourcePolicyId(),
                                PolicySourceType.USER_MANAGED));
        assertThat(send.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary()).isTrue();
        assertThat(send.organizationsDecisionDetail()).isNull();
        Statement group = send.matchedStatements().get(1);
        assertThat(group.startPosition().line()).isEqualTo(3);
        assertThat(group.startPosition().column()).isEqualTo(3);
        assertThat(group.endPosition().line()).isEqualTo(3);
        assertThat(group.endPosition().column()).isEqualTo(GROUP_POLICY.lines().toList().get(2).lastIndexOf('}') + 1);

        EvaluationResult purge = all.get(1);
        assertThat(purge.matchedStatements()).singleElement().satisfies(s -> {
            assertThat(s.sourcePolicyId()).isEqualTo("Queues");
            assertThat(s.startPosition().line()).as("the Deny, on line 4").isEqualTo(4);
        });
        EvaluationResult get = all.get(2);
        assertThat(get.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary()).isFalse();

        // several resources: one result per action and resource, each with its resource-specific result
        var two = iam.simulatePrincipalPolicy(r -> r.policySourceArn(alice).actionNames("sqs:SendMessage")
                .resourceArns(SQS, "arn:aws:sqs:us-east-1:210987654321:q")).evaluationResults();
        assertThat(two).extracting(SimulatorIT::decision).containsExactly("allowed", "implicitDeny");
        assertThat(two.get(1).resourceSpecificResults()).singleElement()
                .satisfies(rs -> assertThat(rs.evalResourceDecisionAsString()).isEqualTo("implicitDeny"));

        assertThat(iam.getContextKeysForPrincipalPolicy(r -> r.policySourceArn(alice).policyInputList(OFFICE))
                .contextKeyNames()).containsExactly("aws:SourceIp", "s3:max-keys");
    }

    @Test
    void aCustomPolicyReportsMissingContextValuesAndUsesTheEntriesGiven() {
        var missing = iam.simulateCustomPolicy(r -> r.policyInputList(OFFICE).actionNames("s3:ListBucket"))
                .evaluationResults();
        assertThat(missing).singleElement().satisfies(e -> {
            assertThat(decision(e)).isEqualTo("implicitDeny");
            assertThat(e.missingContextValues()).containsExactly("aws:SourceIp", "s3:max-keys");
        });
        ContextEntry ip = ContextEntry.builder().contextKeyName("aws:SourceIp").contextKeyValues("203.0.113.9")
                .contextKeyType(ContextKeyTypeEnum.IP).build();
        ContextEntry keys = ContextEntry.builder().contextKeyName("s3:max-keys").contextKeyValues("5")
                .contextKeyType(ContextKeyTypeEnum.NUMERIC).build();
        var given = iam.simulateCustomPolicy(r -> r.policyInputList(OFFICE).actionNames("s3:ListBucket")
                .contextEntries(ip, keys)).evaluationResults();
        assertThat(given).singleElement().satisfies(e -> {
            assertThat(decision(e)).isEqualTo("allowed");
            assertThat(e.missingContextValues()).isEmpty();
            assertThat(e.matchedStatements()).singleElement().satisfies(s -> {
                assertThat(s.sourcePolicyId()).isEqualTo("PolicyInputList.1");
                assertThat(s.startPosition().line()).isEqualTo(1);
                assertThat(s.startPosition().column()).isEqualTo(OFFICE.indexOf("[{") + 2);
                assertThat(s.endPosition().column()).isEqualTo(OFFICE.length() - 2);
            });
        });
        assertThat(iam.getContextKeysForCustomPolicy(r -> r.policyInputList(OFFICE)).contextKeyNames())
                .containsExactly("aws:SourceIp", "s3:max-keys");

        // a resource policy of another account's bucket, for a CallerArn: both sides must allow
        String bucketPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Share\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":user/bob\"},\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::shared/*\"}]}";
        var shared = iam.simulateCustomPolicy(r -> r.policyInputList(allow("s3:GetObject", "*"))
                .actionNames("s3:GetObject").resourceArns("arn:aws:s3:::shared/a.txt").resourcePolicy(bucketPolicy)
                .resourceOwner("arn:aws:iam::210987654321:root").callerArn("arn:aws:iam::" + ACCOUNT + ":user/bob"))
                .evaluationResults();
        assertThat(shared).singleElement().satisfies(e -> {
            assertThat(decision(e)).isEqualTo("allowed");
            assertThat(e.evalDecisionDetailsAsStrings()).containsEntry("Resource Policy", "allowed")
                    .containsEntry("IAM Policy", "allowed");
            assertThat(e.matchedStatements()).extracting(Statement::sourcePolicyType)
                    .contains(PolicySourceType.RESOURCE);
        });

        // malformed values for their type are refused, not silently never matched
        for (ContextEntry bad : List.of(
                keys.toBuilder().contextKeyValues("ten").build(),
                ip.toBuilder().contextKeyValues("203.0.113.300").build(),
                ip.toBuilder().contextKeyType(ContextKeyTypeEnum.BOOLEAN).contextKeyValues("yes").build(),
                ip.toBuilder().contextKeyType(ContextKeyTypeEnum.DATE).contextKeyValues("soon").build(),
                ip.toBuilder().contextKeyValues("203.0.113.1", "203.0.113.2").build())) {
            fails(() -> iam.simulateCustomPolicy(r -> r.policyInputList(OFFICE).actionNames("s3:ListBucket")
                    .contextEntries(bad)), InvalidInputException.class, "InvalidInput", 400);
        }
    }

    @Test
    void badInputAndUnknownPrincipalsAreRefusedWithAwsErrors() {
        fails(() -> iam.simulateCustomPolicy(r -> r.policyInputList("{\"Statement\":").actionNames("s3:GetObject")),
                InvalidInputException.class, "InvalidInput", 400);
        fails(() -> iam.getContextKeysForCustomPolicy(r -> r.policyInputList("{\"Version\":\"2012-10-17\"}")),
                InvalidInputException.class, "InvalidInput", 400);
        fails(() -> iam.simulateCustomPolicy(r -> r.policyInputList(OFFICE).actionNames("s3:*")),
                InvalidInputException.class, "InvalidInput", 400);
        fails(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::" + ACCOUNT + ":user/nobody")
                .actionNames("s3:GetObject")), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::" + ACCOUNT + ":policy/x")
                .actionNames("s3:GetObject")), InvalidInputException.class, "InvalidInput", 400);
        // the model's bounds: MaxItems 1..1000, a policy of at most 131072 characters
        validationError(() -> iam.simulateCustomPolicy(r -> r.policyInputList(OFFICE).actionNames("s3:GetObject")
                .maxItems(1001)));
        validationError(() -> iam.simulateCustomPolicy(r -> r.policyInputList(OFFICE + " ".repeat(131073))
                .actionNames("s3:GetObject")));

        // a user without iam:Simulate* may not simulate
        String[] u = userWithKey("nosim");
        try (IamClient plain = client(u[1], u[2])) {
            IamException e = fails(() -> plain.simulateCustomPolicy(r -> r.policyInputList(OFFICE)
                    .actionNames("s3:GetObject")), IamException.class, "AccessDenied", 403);
            assertThat(message(e)).contains("iam:SimulateCustomPolicy");
        }
    }

    @Test
    void anotherAccountsPrincipalIsRefusedAndNothingOfItLeaks() {
        HttpResponse<String> created = admin("POST", cluster.adminToken(), "{\"name\":\"sim-tenant\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created.body());
        String other = body.get("accountId").asText();
        try (IamClient tenant = client(body.get("rootAccessKeyId").asText(),
                body.get("rootSecretAccessKey").asText())) {
            tenant.createUser(r -> r.userName("carol"));
            tenant.putUserPolicy(r -> r.userName("carol").policyName("Secret").policyDocument(OFFICE));
        }
        String carol = "arn:aws:iam::" + other + ":user/carol";
        String nobody = "arn:aws:iam::" + other + ":user/nobody";
        IamException existing = fails(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn(carol)
                .actionNames("s3:ListBucket")), IamException.class, "AccessDenied", 403);
        IamException absent = fails(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn(nobody)
                .actionNames("s3:ListBucket")), IamException.class, "AccessDenied", 403);
        // the plain reasons (the encoded messages are sealed afresh each time)
        assertThat(Sts.message(existing).replace("carol", "X")).isEqualTo(Sts.message(absent).replace("nobody", "X"));
        NoSuchEntityException keys = fails(() -> iam.getContextKeysForPrincipalPolicy(r -> r.policySourceArn(carol)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        NoSuchEntityException keysAbsent = fails(() -> iam.getContextKeysForPrincipalPolicy(
                r -> r.policySourceArn(nobody)), NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(message(keys).replace("carol", "X")).isEqualTo(message(keysAbsent).replace("nobody", "X"))
                .doesNotContain("SourceIp");
    }

    /**
     * Rows of the conformance table through real requests: a role session calls IAM, and the role's simulation must
     * give the same decision and name the same deciding statement (a Deny by its Sid in the AccessDenied message;
     * the simulator's by its position in the document).
     */
    @Test
    void aRoleSessionsRealRequestsAgreeWithTheRolesSimulation() throws Exception {
        String role = unique("worker");
        String secret = unique("secret");
        String document = "{\"Version\": \"2012-10-17\", \"Statement\": [\n"
                + " {\"Sid\": \"ReadRoles\", \"Effect\": \"Allow\", \"Action\": [\"iam:GetRole\", \"iam:ListRoles\"],"
                + " \"Resource\": \"*\"},\n"
                + " {\"Sid\": \"NotTheSecret\", \"Effect\": \"Deny\", \"Action\": \"iam:GetRole\","
                + " \"Resource\": \"arn:aws:iam::" + ACCOUNT + ":role/" + secret + "\"}]}";
        String roleArn = iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST)).role().arn();
        iam.createRole(r -> r.roleName(secret).assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName(role).policyName("Reads").policyDocument(document));
        String secretArn = "arn:aws:iam::" + ACCOUNT + ":role/" + secret;
        String everyRole = "arn:aws:iam::" + ACCOUNT + ":role/*";
        String everyUser = "arn:aws:iam::" + ACCOUNT + ":user/*";

        Credentials c;
        try (StsClient sts = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey())) {
            c = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("conformance")).credentials();
        }
        try (IamClient session = IamClient.builder().endpointOverride(replica.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                        c.secretAccessKey(), c.sessionToken())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build()) {
            // the request path
            session.getRole(r -> r.roleName(role));
            session.listRoles();
            IamException denied = fails(() -> session.getRole(r -> r.roleName(secret)), IamException.class,
                    "AccessDenied", 403);
            assertThat(message(denied)).contains("NotTheSecret");
            fails(() -> session.listUsers(), IamException.class, "AccessDenied", 403);

            // the simulation of the same role, on the resources those requests were authorized on
            var results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(roleArn)
                    .actionNames("iam:GetRole", "iam:ListRoles", "iam:ListUsers")
                    .resourceArns(roleArn, secretArn, everyRole, everyUser)).evaluationResults();
            assertThat(result(results, "iam:GetRole", roleArn).evalDecision())
                    .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
            assertThat(result(results, "iam:ListRoles", everyRole).evalDecision())
                    .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
            assertThat(result(results, "iam:ListUsers", everyUser).evalDecision())
                    .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
            EvaluationResult secretGet = result(results, "iam:GetRole", secretArn);
            assertThat(secretGet.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
            Statement deciding = secretGet.matchedStatements().get(0);
            assertThat(deciding.sourcePolicyId()).isEqualTo("Reads");
            assertThat(deciding.sourcePolicyType()).isEqualTo(PolicySourceType.ROLE);
            String line = document.lines().toList().get(deciding.startPosition().line() - 1);
            String cut = line.substring(deciding.startPosition().column() - 1, deciding.endPosition().column());
            assertThat(json(cut).get("Sid").asText()).as("the statement the request path named")
                    .isEqualTo("NotTheSecret");
            for (String roleRead : List.of(roleArn, everyRole)) {
                assertThat(result(results, "iam:GetRole", roleRead).matchedStatements())
                        .extracting(Statement::sourcePolicyId).containsExactly("Reads");
            }
        }
    }

    static EvaluationResult result(List<EvaluationResult> results, String action, String resource) {
        return results.stream().filter(r -> r.evalActionName().equals(action) && r.evalResourceName().equals(resource))
                .findFirst().orElseThrow();
    }
}
