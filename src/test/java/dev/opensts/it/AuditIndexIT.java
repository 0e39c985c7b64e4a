package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.allow;
import static dev.opensts.it.Sts.fails;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit index end to end: the records the service writes for AssumeRole and GetSessionToken reach PostgreSQL
 * through the indexer, and the AWS SDK's CloudTrail client finds them with LookupEvents by each attribute, by time,
 * page by page; only the caller's own account is seen, and only with cloudtrail:LookupEvents. GetAccessKeyLastUsed and
 * the credential report answer from the same index. The trail records every request (the setup's IAM calls, each
 * LookupEvents too): each test looks within the time range of the calls it made, where it knows every record.
 */
class AuditIndexIT {
    static final String OTHER_ACCOUNT = "222233334444";
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static AwsCredentials root;
    static AccessKey dave;
    static AccessKey unused;
    static AccessKey auditor;
    static AccessKey nobody;
    static AwsCredentials otherRoot;
    static Instant before;
    static Instant after;

    @BeforeAll
    static void start() throws Exception {
        cluster = OpenStsCluster.create("audit-index");
        replica = cluster.startReplica("a");
        root = AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        IamClient iam = Sts.iam(replica, root);
        iam.createRole(r -> r.roleName("reader").assumeRolePolicyDocument(trust(ROOT_ARN)));
        iam.createUser(r -> r.userName("dave"));
        iam.putUserPolicy(r -> r.userName("dave").policyName("assume").policyDocument(allow("\"sts:AssumeRole\"", "*")));
        dave = iam.createAccessKey(r -> r.userName("dave")).accessKey();
        unused = iam.createAccessKey(r -> r.userName("dave")).accessKey();
        iam.createUser(r -> r.userName("auditor"));
        iam.putUserPolicy(r -> r.userName("auditor").policyName("lookup")
                .policyDocument(allow("\"cloudtrail:LookupEvents\"", "*")));
        auditor = iam.createAccessKey(r -> r.userName("auditor")).accessKey();
        iam.createUser(r -> r.userName("nobody"));
        nobody = iam.createAccessKey(r -> r.userName("nobody")).accessKey();
        iam.createRole(r -> r.roleName("locked").assumeRolePolicyDocument(
                trust("arn:aws:iam::000000000000:user/nobody")));
        JsonNode other = Sts.createAccount(cluster, replica, OTHER_ACCOUNT);
        otherRoot = AwsBasicCredentials.create(other.path("rootAccessKeyId").asText(),
                other.path("rootSecretAccessKey").asText());

        before = window();
        StsClient asRoot = Sts.sts(replica, root);
        StsClient asDave = Sts.sts(replica, AwsBasicCredentials.create(dave.accessKeyId(), dave.secretAccessKey()));
        for (int i = 0; i < 3; i++) {
            int n = i;
            asRoot.assumeRole(r -> r.roleArn(roleArn("reader")).roleSessionName("root-" + n));
        }
        // dave may call sts:AssumeRole, but the trust policy names only nobody: denied, and recorded
        fails("AccessDenied", 403, () -> asDave.assumeRole(r -> r.roleArn(roleArn("locked"))
                .roleSessionName("dave-1")));
        asDave.getSessionToken();
        after = window();
        // the index is asynchronous: wait until the indexer has stored all five
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(all(ct(root), b -> b
                .startTime(before).endTime(after))).hasSize(5));
    }

    /**
     * A bound of a range of calls: a whole millisecond (records' times are in milliseconds) that the clock has left
     * behind, so that no record of a call before it, nor of one after it, falls in the range.
     */
    static Instant window() {
        Instant line = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Sts.awaitClockPast(line.plusMillis(1));
        return line;
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static CloudTrailClient ct(AwsCredentials creds) {
        return CloudTrailClient.builder().endpointOverride(replica.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    static AwsCredentials creds(AccessKey k) {
        return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
    }

    /** Every page of a lookup. */
    static List<Event> all(CloudTrailClient client, Consumer<LookupEventsRequest.Builder> request) {
        var events = new ArrayList<Event>();
        String token = null;
        do {
            String t = token;
            LookupEventsResponse page = client.lookupEvents(b -> {
                request.accept(b);
                b.nextToken(t);
            });
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    /** The records of the setup's calls an attribute finds. */
    static List<Event> by(LookupAttributeKey key, String value) {
        return by(key, value, before, after);
    }

    static List<Event> by(LookupAttributeKey key, String value, Instant from, Instant to) {
        return all(ct(root), b -> b.startTime(from).endTime(to)
                .lookupAttributes(a -> a.attributeKey(key).attributeValue(value)));
    }

    @Test
    void eachAttributeFindsItsRecords() throws Exception {
        List<Event> assumeRoles = by(LookupAttributeKey.EVENT_NAME, "AssumeRole");
        assertThat(assumeRoles).hasSize(4).allSatisfy(e -> {
            assertThat(e.eventName()).isEqualTo("AssumeRole");
            assertThat(e.eventSource()).isEqualTo("sts.amazonaws.com");
            assertThat(e.readOnly()).isEqualTo("false");
        });
        assertThat(assumeRoles).extracting(Event::eventTime).isSortedAccordingTo((x, y) -> y.compareTo(x));
        assertThat(by(LookupAttributeKey.EVENT_NAME, "GetSessionToken")).hasSize(1);

        List<Event> daves = by(LookupAttributeKey.USERNAME, "dave");
        assertThat(daves).extracting(Event::eventName).containsExactlyInAnyOrder("AssumeRole", "GetSessionToken");
        assertThat(by(LookupAttributeKey.USERNAME, "root")).hasSize(3);
        assertThat(by(LookupAttributeKey.ACCESS_KEY_ID, dave.accessKeyId())).hasSize(2)
                .allSatisfy(e -> assertThat(e.accessKeyId()).isEqualTo(dave.accessKeyId()));
        assertThat(by(LookupAttributeKey.ACCESS_KEY_ID, unused.accessKeyId())).isEmpty();

        assertThat(by(LookupAttributeKey.RESOURCE_NAME, roleArn("reader"))).hasSize(3);
        assertThat(by(LookupAttributeKey.RESOURCE_NAME, "locked")).hasSize(1);
        assertThat(by(LookupAttributeKey.RESOURCE_NAME, "reader")).hasSize(3).allSatisfy(e ->
                assertThat(e.resources()).anySatisfy(r -> {
                    assertThat(r.resourceType()).isEqualTo("AWS::IAM::Role");
                    assertThat(r.resourceName()).isEqualTo(roleArn("reader"));
                }));
        assertThat(by(LookupAttributeKey.RESOURCE_TYPE, "AWS::IAM::Role")).hasSize(4);
        assertThat(by(LookupAttributeKey.EVENT_SOURCE, "sts.amazonaws.com")).hasSize(5);
        assertThat(by(LookupAttributeKey.EVENT_SOURCE, "iam.amazonaws.com")).isEmpty();
        assertThat(by(LookupAttributeKey.READ_ONLY, "false")).hasSize(5);

        Event denied = daves.stream().filter(e -> e.eventName().equals("AssumeRole")).findFirst().orElseThrow();
        JsonNode record = Sts.JSON.readTree(denied.cloudTrailEvent());
        assertThat(record.path("eventID").asText()).isEqualTo(denied.eventId());
        assertThat(record.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(record.path("userIdentity").path("userName").asText()).isEqualTo("dave");
        assertThat(record.path("recipientAccountId").asText()).isEqualTo("000000000000");
        assertThat(denied.cloudTrailEvent()).doesNotContain(dave.secretAccessKey());
        assertThat(by(LookupAttributeKey.EVENT_ID, denied.eventId())).extracting(Event::eventId)
                .containsExactly(denied.eventId());
    }

    /**
     * The sequence: a role created, its trust changed, a policy attached, read, assumed, a denied IAM call on
     * it, its sessions revoked; LookupEvents finds each by its name, its actor and the role it named.
     */
    @Test
    void iamCallsAreFoundByNameActorAndResource() throws Exception {
        IamClient iam = Sts.iam(replica, root);
        String policyArn = iam.createPolicy(r -> r.policyName("pipeline-read").policyDocument(
                allow("\"s3:GetObject\"", "*"))).policy().arn();
        iam.createUser(r -> r.userName("intruder"));
        AccessKey intruder = iam.createAccessKey(r -> r.userName("intruder")).accessKey();
        IamClient asIntruder = Sts.iam(replica, creds(intruder));

        Instant from = window();
        iam.createRole(r -> r.roleName("pipeline").assumeRolePolicyDocument(trust(ROOT_ARN)));
        iam.updateAssumeRolePolicy(r -> r.roleName("pipeline").policyDocument(trust(ROOT_ARN)));
        iam.attachRolePolicy(r -> r.roleName("pipeline").policyArn(policyArn));
        iam.getRole(r -> r.roleName("pipeline"));
        Sts.sts(replica, root).assumeRole(r -> r.roleArn(roleArn("pipeline")).roleSessionName("deploy-1"));
        fails("AccessDenied", 403, () -> asIntruder.deleteRole(r -> r.roleName("pipeline")));
        HttpResponse<String> revoked = Sts.signedPost(replica, new SigningCredentials(cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey(), null), Sts.params("Action", "RevokeSessions", "Version", "2011-06-15",
                "RoleArn", roleArn("pipeline")), Instant.now(), null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        Instant to = window();

        List<String> sequence = List.of("CreateRole", "UpdateAssumeRolePolicy", "AttachRolePolicy", "GetRole",
                "AssumeRole", "DeleteRole", "RevokeSessions");
        // GetRole and the denial take the read path: wait until the indexer has stored all seven
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(all(ct(root), b -> b
                .startTime(from).endTime(to))).extracting(Event::eventName)
                .containsExactlyInAnyOrderElementsOf(sequence));

        // each by its name, newest first overall
        for (String name : sequence) {
            assertThat(by(LookupAttributeKey.EVENT_NAME, name, from, to)).as(name).singleElement()
                    .satisfies(e -> assertThat(e.eventName()).isEqualTo(name));
        }
        Event created = by(LookupAttributeKey.EVENT_NAME, "CreateRole", from, to).get(0);
        assertThat(created.eventSource()).isEqualTo("iam.amazonaws.com");
        assertThat(created.readOnly()).isEqualTo("false");
        assertThat(created.username()).isEqualTo("root");
        assertThat(created.accessKeyId()).isEqualTo(cluster.rootAccessKeyId());
        assertThat(created.resources()).singleElement().satisfies(r -> {
            assertThat(r.resourceType()).isEqualTo("AWS::IAM::Role");
            assertThat(r.resourceName()).isEqualTo(roleArn("pipeline"));
        });
        JsonNode record = Sts.JSON.readTree(created.cloudTrailEvent());
        assertThat(record.path("responseElements").path("role").path("roleName").asText()).isEqualTo("pipeline");
        assertThat(record.path("recipientAccountId").asText()).isEqualTo("000000000000");

        // the role, by its name and by its ARN: every call that named it
        assertThat(by(LookupAttributeKey.RESOURCE_NAME, "pipeline", from, to)).extracting(Event::eventName)
                .containsExactlyInAnyOrderElementsOf(sequence);
        assertThat(by(LookupAttributeKey.RESOURCE_NAME, roleArn("pipeline"), from, to)).extracting(Event::eventName)
                .containsExactlyInAnyOrderElementsOf(sequence);
        assertThat(by(LookupAttributeKey.RESOURCE_NAME, "pipeline-read", from, to)).extracting(Event::eventName)
                .containsExactly("AttachRolePolicy");
        assertThat(by(LookupAttributeKey.RESOURCE_TYPE, "AWS::IAM::ManagedPolicy", from, to))
                .extracting(Event::eventName).containsExactly("AttachRolePolicy");

        // the actor: root did all but the denied call, which is the intruder's, by its key too
        assertThat(by(LookupAttributeKey.USERNAME, "root", from, to)).extracting(Event::eventName)
                .containsExactlyInAnyOrder("CreateRole", "UpdateAssumeRolePolicy", "AttachRolePolicy", "GetRole",
                        "AssumeRole", "RevokeSessions");
        List<Event> denied = by(LookupAttributeKey.USERNAME, "intruder", from, to);
        assertThat(denied).extracting(Event::eventName).containsExactly("DeleteRole");
        assertThat(by(LookupAttributeKey.ACCESS_KEY_ID, intruder.accessKeyId(), from, to)).extracting(Event::eventId)
                .containsExactly(denied.get(0).eventId());
        JsonNode refusal = Sts.JSON.readTree(denied.get(0).cloudTrailEvent());
        assertThat(refusal.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(refusal.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
        assertThat(denied.get(0).cloudTrailEvent()).doesNotContain(intruder.secretAccessKey());

        // read-only and the services
        assertThat(by(LookupAttributeKey.READ_ONLY, "true", from, to)).extracting(Event::eventName)
                .containsExactly("GetRole");
        assertThat(by(LookupAttributeKey.EVENT_SOURCE, "iam.amazonaws.com", from, to)).extracting(Event::eventName)
                .containsExactlyInAnyOrder("CreateRole", "UpdateAssumeRolePolicy", "AttachRolePolicy", "GetRole",
                        "DeleteRole");
        assertThat(by(LookupAttributeKey.EVENT_SOURCE, "sts.amazonaws.com", from, to)).extracting(Event::eventName)
                .containsExactlyInAnyOrder("AssumeRole", "RevokeSessions");
    }

    /** LookupEvents is on the trail itself: read-only, of cloudtrail.amazonaws.com, with its filters, denied or not. */
    @Test
    void lookupEventsIsOnTheTrail() throws Exception {
        Instant from = window();
        LookupEventsResponse asked = ct(creds(auditor)).lookupEvents(b -> b.maxResults(3)
                .lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("CreateRole")));
        var refused = fails("AccessDeniedException", 403, () -> ct(creds(nobody)).lookupEvents(b -> { }));
        Instant to = window();

        List<Event> lookups = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            lookups.clear();
            lookups.addAll(all(ct(root), b -> b.startTime(from).endTime(to)));
            assertThat(lookups).hasSize(2);
        });
        assertThat(lookups).allSatisfy(e -> {
            assertThat(e.eventName()).isEqualTo("LookupEvents");
            assertThat(e.eventSource()).isEqualTo("cloudtrail.amazonaws.com");
            assertThat(e.readOnly()).isEqualTo("true");
        });
        assertThat(by(LookupAttributeKey.EVENT_SOURCE, "cloudtrail.amazonaws.com", from, to)).hasSize(2);
        assertThat(by(LookupAttributeKey.READ_ONLY, "true", from, to)).hasSize(2);

        Event granted = by(LookupAttributeKey.USERNAME, "auditor", from, to).get(0);
        JsonNode record = Sts.JSON.readTree(granted.cloudTrailEvent());
        assertThat(record.path("requestID").asText()).isEqualTo(asked.responseMetadata().requestId());
        assertThat(record.path("requestParameters").path("maxResults").asInt()).isEqualTo(3);
        assertThat(record.path("requestParameters").path("lookupAttributes").get(0).path("attributeValue").asText())
                .isEqualTo("CreateRole");
        assertThat(record.path("responseElements").isNull()).isTrue();
        assertThat(record.has("errorCode")).isFalse();

        Event denied = by(LookupAttributeKey.USERNAME, "nobody", from, to).get(0);
        JsonNode d = Sts.JSON.readTree(denied.cloudTrailEvent());
        assertThat(d.path("requestID").asText()).isEqualTo(refused.requestId());
        assertThat(d.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(denied.accessKeyId()).isEqualTo(nobody.accessKeyId());
    }

    @Test
    void timeRangeAndPages() {
        assertThat(all(ct(root), b -> b.startTime(after.plusSeconds(3600)))).isEmpty();
        assertThat(all(ct(root), b -> b.endTime(before.minusSeconds(3600)))).isEmpty();
        fails("InvalidTimeRangeException", 400, () -> ct(root).lookupEvents(b -> b.startTime(after)
                .endTime(before)));

        var seen = new ArrayList<String>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            LookupEventsResponse page = ct(root).lookupEvents(b -> b.maxResults(2).nextToken(t)
                    .startTime(before).endTime(after));
            assertThat(page.events().size()).isLessThanOrEqualTo(2);
            page.events().forEach(e -> seen.add(e.eventId()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();

        String first = ct(root).lookupEvents(b -> b.maxResults(1)).nextToken();
        assertThat(first).isNotNull();
        // a token is bound to its filters and to its account
        fails("InvalidNextTokenException", 400, () -> ct(root).lookupEvents(b -> b.maxResults(1).nextToken(first)
                .lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("AssumeRole"))));
        fails("InvalidNextTokenException", 400, () -> ct(otherRoot).lookupEvents(b -> b.nextToken(first)));
        fails("InvalidNextTokenException", 400, () -> ct(root).lookupEvents(b -> b.nextToken(first + "x")));
        fails("InvalidMaxResultsException", 400, () -> ct(root).lookupEvents(b -> b.maxResults(51)));
        fails("InvalidLookupAttributesException", 400, () -> ct(root).lookupEvents(b -> b.lookupAttributes(
                a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("AssumeRole"),
                a -> a.attributeKey(LookupAttributeKey.USERNAME).attributeValue("dave"))));
        fails("InvalidLookupAttributesException", 400, () -> ct(root).lookupEvents(b -> b.lookupAttributes(
                a -> a.attributeKey(LookupAttributeKey.READ_ONLY).attributeValue("maybe"))));
        fails("InvalidEventCategoryException", 400, () -> ct(root).lookupEvents(b -> b.eventCategory("other")));
    }

    @Test
    void onlyTheCallersAccountAndOnlyWithThePermission() {
        assertThat(all(ct(otherRoot), b -> b.startTime(before).endTime(after))).isEmpty();
        assertThat(all(ct(creds(auditor)), b -> b.startTime(before).endTime(after))).hasSize(5);
        // without a range: the other account's own records only (its creation, its LookupEvents), none of root's
        assertThat(all(ct(otherRoot), b -> { })).isNotEmpty().allSatisfy(e -> assertThat(
                Sts.JSON.readTree(e.cloudTrailEvent()).path("recipientAccountId").asText()).isEqualTo(OTHER_ACCOUNT));
        var e = fails("AccessDeniedException", 403, () -> ct(creds(nobody)).lookupEvents(b -> { }));
        assertThat(Sts.message(e)).contains("cloudtrail:LookupEvents");
    }

    @Test
    void aReplicaThatDoesNotIndexStillAnswersFromTheIndex() throws Exception {
        cluster.withEnv("OPENSTS_AUDIT_INDEX_ENABLED", "false");
        OpenStsProcess b = cluster.startReplica("b");
        try (CloudTrailClient fromB = CloudTrailClient.builder().endpointOverride(b.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(root))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build()) {
            assertThat(fromB.lookupEvents(r -> r.startTime(before).endTime(after)).events()).hasSize(5);
        } finally {
            b.stop();
        }
        String log = java.nio.file.Files.readString(b.logFile());
        assertThat(log).as("the channel is off: no consumer joined the indexer's group")
                .doesNotContain("belongs to the '" + cluster.topicPrefix() + ".audit-indexer' consumer group");
    }

    @Test
    void lastUsedAndTheCredentialReport() {
        IamClient iam = Sts.iam(replica, root);
        GetAccessKeyLastUsedResponse used = iam.getAccessKeyLastUsed(r -> r.accessKeyId(dave.accessKeyId()));
        assertThat(used.userName()).isEqualTo("dave");
        assertThat(used.accessKeyLastUsed().serviceName()).isEqualTo("sts");
        assertThat(used.accessKeyLastUsed().lastUsedDate()).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        GetAccessKeyLastUsedResponse never = iam.getAccessKeyLastUsed(r -> r.accessKeyId(unused.accessKeyId()));
        assertThat(never.accessKeyLastUsed().lastUsedDate()).isNull();
        assertThat(never.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
        assertThat(never.accessKeyLastUsed().region()).isEqualTo("N/A");
        fails("AccessDenied", 403, () -> Sts.iam(replica, otherRoot)
                .getAccessKeyLastUsed(r -> r.accessKeyId(dave.accessKeyId())));

        fails("ReportNotPresent", 410, iam::getCredentialReport);
        assertThat(iam.generateCredentialReport().stateAsString()).isEqualTo("STARTED");
        assertThat(iam.generateCredentialReport().stateAsString()).isEqualTo("COMPLETE");
        var report = iam.getCredentialReport();
        assertThat(report.reportFormatAsString()).isEqualTo("text/csv");
        String[] lines = report.content().asString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith("user,arn,user_creation_time,password_enabled,");
        assertThat(lines[1]).startsWith("<root_account>,arn:aws:iam::000000000000:root,");
        String daveRow = new HashSet<>(List.of(lines)).stream().filter(l -> l.startsWith("dave,")).findFirst()
                .orElseThrow();
        String[] cells = daveRow.split(",", -1);
        assertThat(cells).hasSize(22);
        assertThat(cells[8]).isEqualTo("true");
        assertThat(cells[12]).isEqualTo("sts");
        assertThat(cells[13]).isEqualTo("true");
        assertThat(cells[15]).isEqualTo("N/A");
    }
}
