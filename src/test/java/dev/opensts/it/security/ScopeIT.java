package dev.opensts.it.security;

import dev.opensts.it.Sts;
import dev.opensts.sigv4.SigningCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D6: the credential scope must name the service of the action (sts or iam) and a region it serves (STS: the
 * configured regions; IAM: us-east-1), checked before the key is looked up. D7: a long-term (AKIA) key sent with
 * a session token is refused.
 */
class ScopeIT extends SecurityItBase {
    Credentials session;
    Key user;

    @Override
    Map<String, String> extraEnv() {
        return Map.of("OPENSTS_REGIONS", "us-east-1,eu-west-1");
    }

    @BeforeAll
    void setUp() {
        String arn = role(iam, "/", "scoped", trust(A_ROOT), doc(statement("Allow", "iam:ListRoles", "*", null)));
        session = assume(sts(rootKey()), arn, "genuine");
        user = user(iam, A, "/", "scoped-user", ALLOW_ALL);
    }

    Answer getCallerIdentity(SigningCredentials creds, String region, String service) {
        return form(creds, region, service, Sts.params("Action", "GetCallerIdentity", "Version", "2011-06-15"));
    }

    Answer listRoles(SigningCredentials creds, String region, String service) {
        return form(creds, region, service, Sts.params("Action", "ListRoles", "Version", "2010-05-08"));
    }

    static void wrongService(Answer a, String service) {
        a.is(403, "SignatureDoesNotMatch");
        assertThat(a.message()).isEqualTo("Credential should be scoped to correct service: '" + service + "'.");
    }

    static void wrongRegion(Answer a, String region) {
        a.is(403, "SignatureDoesNotMatch");
        assertThat(a.message()).isEqualTo("Credential should be scoped to a valid region, not '" + region + "'.");
    }

    StsClient stsIn(Region region, software.amazon.awssdk.auth.credentials.AwsCredentials creds) {
        return StsClient.builder().endpointOverride(replica.endpoint()).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    // ---- D6 ------------------------------------------------------------------------------------------------

    @Test
    void anStsActionSignedForIamIsRefused() {
        wrongService(getCallerIdentity(rootKey().signing(), "us-east-1", "iam"), "sts");
    }

    @Test
    void anIamActionSignedForStsIsRefusedAndChangesNothing() {
        wrongService(listRoles(rootKey().signing(), "us-east-1", "sts"), "iam");
        String name = unique("unscoped");
        wrongService(form(rootKey().signing(), "us-east-1", "sts", Sts.params("Action", "CreateRole",
                "Version", "2010-05-08", "RoleName", name, "AssumeRolePolicyDocument", trust(A_ROOT))), "iam");
        Sts.fails("NoSuchEntity", 404, () -> iam.getRole(r -> r.roleName(name)));
    }

    @Test
    void anStsActionSignedForARegionNotConfiguredIsRefused() {
        wrongRegion(getCallerIdentity(rootKey().signing(), "eu-west-3", "sts"), "eu-west-3");
        // the unmodified SDK, configured for that region
        var e = Sts.fails("SignatureDoesNotMatch", 403, () -> stsIn(Region.EU_WEST_3, rootKey().sdk())
                .getCallerIdentity());
        assertThat(Sts.message(e)).contains("'eu-west-3'");
        // a session's credentials likewise
        wrongRegion(getCallerIdentity(signing(session), "eu-west-3", "sts"), "eu-west-3");
    }

    /** Guard: a configured region is served (OPENSTS_REGIONS). Passes today, where no region is checked. */
    @Test
    void anStsActionSignedForAConfiguredRegionWorks() {
        assertThat(stsIn(Region.EU_WEST_1, rootKey().sdk()).getCallerIdentity().account()).isEqualTo(A);
        assertThat(stsIn(Region.US_EAST_1, Sts.creds(session)).getCallerIdentity().arn()).contains("scoped");
    }

    /**
     * Guard: the unmodified SDK's IamClient, configured as for AWS (Region.AWS_GLOBAL) and pointed at open-sts,
     * scopes its credential to "aws-global", not "us-east-1"; the region check must keep it working (every IAM
     * test of the project uses such a client). Passes on the landed code.
     */
    @Test
    void theSdksIamClientForTheGlobalRegionKeepsWorking() {
        assertThat(Sts.iam(replica, rootKey().sdk()).listRoles().roles()).isNotEmpty();
        assertThat(Sts.iam(replica, user.sdk()).getUser().user().userName()).isEqualTo("scoped-user");
        assertThat(Sts.iam(replica, Sts.creds(session)).listRoles().roles()).isNotNull();
    }

    @Test
    void anIamActionSignedForAnyRegionButUsEast1IsRefused() {
        wrongRegion(listRoles(rootKey().signing(), "eu-west-1", "iam"), "eu-west-1");
        wrongRegion(listRoles(user.signing(), "eu-west-3", "iam"), "eu-west-3");
    }

    @Test
    void aWrongScopeIsReportedBeforeTheKeyIsLookedUp() {
        var unknown = new SigningCredentials("AKIAAAAAAAAAAAAAAAAA", "x".repeat(40), null);
        wrongRegion(getCallerIdentity(unknown, "eu-west-3", "sts"), "eu-west-3");
        wrongService(listRoles(unknown, "us-east-1", "sts"), "iam");
    }

    @Test
    void aPresignedUrlWithAWrongScopeIsRefused() throws Exception {
        Answer a = answer(Sts.presignedGet(replica, rootKey().signing(),
                Sts.params("Action", "GetCallerIdentity", "Version", "2011-06-15"), Instant.now(), null,
                "us-east-1", "iam"));
        wrongService(a, "sts");
        Answer r = answer(Sts.presignedGet(replica, rootKey().signing(),
                Sts.params("Action", "GetCallerIdentity", "Version", "2011-06-15"), Instant.now(), null,
                "ap-south-1", "sts"));
        wrongRegion(r, "ap-south-1");
    }

    // ---- D7 ------------------------------------------------------------------------------------------------

    @Test
    void theRootKeyWithASessionTokenIsRefused() {
        // a genuine token of another session, sent along with the root's long-term key (unmodified SDK)
        var withToken = AwsSessionCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                session.sessionToken());
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, withToken).getCallerIdentity());
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.iam(replica, withToken).listRoles());
        var junk = AwsSessionCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), "junk");
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, junk).getCallerIdentity());
    }

    @Test
    void aUsersKeyWithASessionTokenIsRefusedAndChangesNothing() {
        var withToken = AwsSessionCredentials.create(user.keyId(), user.secret(), session.sessionToken());
        String name = unique("tokened");
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.iam(replica, withToken).createRole(r -> r.roleName(name)
                .assumeRolePolicyDocument(trust(A_ROOT))));
        Sts.fails("NoSuchEntity", 404, () -> iam.getRole(r -> r.roleName(name)));
        Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, withToken).getCallerIdentity());
    }

    @Test
    void aLongTermKeyWithATokenInAPresignedUrlIsRefused() throws Exception {
        var creds = new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(),
                session.sessionToken());
        answer(Sts.presignedGet(replica, creds, Sts.params("Action", "GetCallerIdentity", "Version", "2011-06-15"),
                Instant.now(), null)).is(403, "InvalidClientTokenId");
        var userCreds = new SigningCredentials(user.keyId(), user.secret(), "junk");
        answer(Sts.presignedGet(replica, userCreds, Sts.params("Action", "ListRoles", "Version", "2010-05-08"),
                Instant.now(), null, "us-east-1", "iam")).is(403, "InvalidClientTokenId");
    }
}
