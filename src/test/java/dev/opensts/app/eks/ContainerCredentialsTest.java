package dev.opensts.app.eks;

import dev.opensts.app.AppFixture;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.eks.PodIdentityAssociations.NewAssociation;
import dev.opensts.app.sts.Origin;
import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.error.AwsException;
import dev.opensts.iam.OidcProviderEvent.OidcProviderCreated;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container-credentials use case against in-memory ports and the web identity port in process: the cluster's
 * provider verifies the token before its service account's association is looked at, the association chooses the
 * role, AssumeRoleWithWebIdentity (and so the role's trust policy) issues, and every refusal looks the same.
 */
class ContainerCredentialsTest {
    static final String URL = "oidc.example.com/clusters/prod";
    static final String OTHER_URL = "oidc.example.com/clusters/staging";
    static final String PROVIDER = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + URL;
    static final Origin ORIGIN = new Origin("192.0.2.7", false, "aws-sdk-java/2.x");
    static final String SUB = "system:serviceaccount:team-a:builder";

    final AppFixture app = new AppFixture();

    static OidcProviderCreated cluster(String url, String name) {
        return new OidcProviderCreated(ACCOUNT, url, List.of("pods.example"), List.of(),
                List.of(new Tag(Clusters.NAME_TAG, name)), T0);
    }

    static String trust(String provider) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}";
    }

    static VerifiedToken token(String url, String sub, VerifiedToken.Kubernetes k8s) {
        return new VerifiedToken("https://" + url, sub, List.of("pods.example"), "pods.example", null, List.of(),
                "jti", T0, T0.plusSeconds(600), null, Map.of(), List.of(), null, k8s);
    }

    static VerifiedToken.Kubernetes pod(String ns, String sa, String podName) {
        return new VerifiedToken.Kubernetes(ns, sa, "uid-sa", podName, "uid-pod");
    }

    @BeforeEach
    void aClusterARoleItTrustsAndAnAssociation() {
        app.given(cluster(URL, "prod"), cluster(OTHER_URL, "staging"),
                new RoleCreated(ACCOUNT, "app", "AROAAPPQQQQQQQQQQQQ", "/", trust(PROVIDER), null, 3600, List.of(),
                        T0),
                new RoleCreated(ACCOUNT, "untrusting", "AROAUNTRUSTINGQQQQQ", "/", TRUST, null, 3600, List.of(),
                        T0));
        associate("prod", "team-a", "builder", "app");
        app.webIdentityTokens.valid("good", token(URL, SUB, pod("team-a", "builder", "builder-7d9f4")));
    }

    void associate(String cluster, String ns, String sa, String role) {
        await(app.podIdentityAssociations.create(root(), new NewAssociation(cluster, ns, sa, roleArn("/", role),
                null, null, null, null, null), "setup"));
    }

    ContainerCredentials.Issued issued(String cluster, String token) {
        return await(app.containerCredentials.credentials(ORIGIN, ACCOUNT, cluster, token, "req-1"));
    }

    AwsException refused(String account, String cluster, String token) {
        return failure(app.containerCredentials.credentials(ORIGIN, account, cluster, token, "req-1"));
    }

    static void isTheOneRefusal(AwsException e) {
        assertThat(e.code()).isEqualTo(AccessDenied);
        assertThat(e.getMessage()).isEqualTo(ContainerCredentials.REFUSED);
    }

    @Test
    void a_pods_token_gets_the_associated_roles_session_named_after_cluster_and_pod() {
        var issued = issued("prod", "good");

        var claims = issued.credentials().claims();
        assertThat(issued.accountId()).isEqualTo(ACCOUNT);
        assertThat(claims.roleArn()).isEqualTo(roleArn("/", "app"));
        assertThat(claims.sessionName()).startsWith("eks-prod-builder-7d9f4-").hasSize(23 + 12)
                .matches("[\\w+=,.@-]+");
        assertThat(claims.accessKeyId()).startsWith("ASIA");
        assertThat(claims.expiresAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(issued.credentials().sessionToken()).isNotBlank();
        AuditRecord record = app.audit.records().get(app.audit.records().size() - 1);
        assertThat(record.eventName()).isEqualTo("AssumeRoleWithWebIdentity");
        assertThat(record.errorCode()).isNull();
        assertThat(record.sourceIpAddress()).isEqualTo("192.0.2.7");
        // the token was verified against the cluster's provider first, then by AssumeRoleWithWebIdentity
        assertThat(app.webIdentityTokens.asked).extracting(p -> p.arn()).containsExactly(PROVIDER, PROVIDER);
    }

    @Test
    void another_clusters_token_with_the_same_names_gets_nothing_of_this_one() {
        // staging's token for team-a:builder verifies for staging, and prod has an association for team-a:builder
        app.webIdentityTokens.valid("staging", token(OTHER_URL, SUB, pod("team-a", "builder", "x")));
        isTheOneRefusal(refused(ACCOUNT, "prod", "staging"));
        // staging's own association: its role must trust staging's provider (app trusts prod's only)
        associate("staging", "team-a", "builder", "app");
        isTheOneRefusal(refused(ACCOUNT, "staging", "staging"));
        app.given(new RoleCreated(ACCOUNT, "staging-app", "AROASTAGINGAPPQQQQQ", "/", trust("arn:aws:iam::" + ACCOUNT
                + ":oidc-provider/" + OTHER_URL), null, 3600, List.of(), T0));
        var a = app.view.podIdentityAssociation(ACCOUNT, "staging", "team-a", "builder");
        await(app.podIdentityAssociations.update(root(), "staging", a.associationId(),
                new PodIdentityAssociations.Change(roleArn("/", "staging-app"), null, null, null), "r"));
        assertThat(issued("staging", "staging").credentials().claims().sessionName()).startsWith("eks-staging-x-");
    }

    @Test
    void a_service_account_without_association_an_unknown_cluster_and_a_bad_token_look_alike() {
        app.webIdentityTokens.valid("other-sa", token(URL, "system:serviceaccount:team-a:other", null));
        app.webIdentityTokens.invalid("forged", "https://" + URL, new AwsException(InvalidIdentityToken,
                "The signature of the token is not valid."));
        app.webIdentityTokens.invalid("expired", "https://" + URL, new AwsException(ExpiredTokenException,
                "Token expired"));
        app.webIdentityTokens.valid("not-a-pod", token(URL, "repo:org/app:ref:refs/heads/main", null));
        app.webIdentityTokens.valid("claims-disagree", token(URL, SUB, pod("team-b", "builder", "p")));
        for (String t : List.of("other-sa", "forged", "expired", "not-a-pod", "claims-disagree", "never-issued")) {
            isTheOneRefusal(refused(ACCOUNT, "prod", t));
        }
        isTheOneRefusal(refused(ACCOUNT, "nope", "good"));
        isTheOneRefusal(refused(OTHER, "prod", "good"));
        // each refusal is on the audit trail with its reason, which its caller was not told
        assertThat(app.audit.records()).hasSize(8).allSatisfy(r -> {
            assertThat(r.eventName()).isEqualTo("AssumeRoleWithWebIdentity");
            assertThat(r.errorCode()).isEqualTo("AccessDenied");
            assertThat(r.errorMessage()).startsWith("Container credentials refused: ");
            assertThat(r.responseElements()).isNull();
        });
        assertThat(app.audit.records().get(0).errorMessage()).contains("no association for team-a/other");
        assertThat(app.audit.records().get(0).userIdentity().userName()).isEqualTo("system:serviceaccount:team-a:other");
        assertThat(app.audit.records().get(1).userIdentity())
                .isEqualTo(dev.opensts.app.audit.AuditRecords.unverifiedWebIdentity());
        assertThat(app.audit.records().get(6).errorMessage()).contains("no such cluster");
        assertThat(app.audit.records().get(6).requestParameters()).containsEntry("clusterName", "nope");
    }

    @Test
    void the_association_is_looked_up_only_for_a_verified_token() {
        // a forged token naming an associated service account is refused like any forged token: verification first
        app.webIdentityTokens.invalid("forged-builder", "https://" + URL, new AwsException(InvalidIdentityToken,
                "bad signature"));
        isTheOneRefusal(refused(ACCOUNT, "prod", "forged-builder"));
        assertThat(app.webIdentityTokens.asked).extracting(p -> p.arn()).containsExactly(PROVIDER);
    }

    @Test
    void the_roles_trust_policy_still_decides() {
        associate("prod", "team-a", "locked", "untrusting");
        app.webIdentityTokens.valid("locked", token(URL, "system:serviceaccount:team-a:locked",
                pod("team-a", "locked", "p")));
        isTheOneRefusal(refused(ACCOUNT, "prod", "locked"));
        AuditRecord record = app.audit.records().get(app.audit.records().size() - 1);
        assertThat(record.eventName()).isEqualTo("AssumeRoleWithWebIdentity");
        assertThat(record.errorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void a_malformed_request_and_a_missing_token_are_told_as_such() {
        assertThat(refused("12345", "prod", "good").code()).isEqualTo(InvalidRequestException);
        assertThat(refused(ACCOUNT, "bad/name", "good").code()).isEqualTo(InvalidRequestException);
        assertThat(refused(ACCOUNT, "prod", null).code()).isEqualTo(MissingAuthenticationToken);
        assertThat(refused(ACCOUNT, "prod", "").code()).isEqualTo(MissingAuthenticationToken);
        var tooLong = refused(ACCOUNT, "prod", "x".repeat(ContainerCredentials.MAX_TOKEN + 1));
        assertThat(tooLong.code()).isEqualTo(InvalidRequestException);
        assertThat(tooLong.getMessage()).doesNotContain("xxxx");
        assertThat(app.webIdentityTokens.asked).isEmpty();
    }

    @Test
    void what_retrying_may_cure_is_service_unavailable() {
        app.webIdentityTokens.invalid("unreachable", "https://" + URL, new AwsException(IDPCommunicationError,
                "The identity provider could not be reached; retry later."));
        assertThat(refused(ACCOUNT, "prod", "unreachable").code()).isEqualTo(ServiceUnavailable);
        app.caughtUp = false;
        assertThat(refused(ACCOUNT, "prod", "good").code()).isEqualTo(ServiceUnavailable);
        app.caughtUp = true;
        app.audit.broker(Broker.DOWN);
        assertThat(refused(ACCOUNT, "prod", "good").code()).as("no credentials without their audit record")
                .isEqualTo(ServiceUnavailable);
    }

    @Test
    void session_names_stay_within_64_characters_of_iams_alphabet() {
        String longCluster = "c".repeat(40);
        String name = app.containerCredentials.sessionName(longCluster, "p".repeat(60));
        assertThat(name).hasSize(64).startsWith("eks-" + longCluster + "-ppp").matches("[\\w+=,.@-]+");
        assertThat(name.substring(52)).matches("[a-z0-9]{12}");
        assertThat(app.containerCredentials.sessionName("prod", null)).startsWith("eks-prod-").hasSize(9 + 12);
        assertThat(app.containerCredentials.sessionName("prod", "we:ird/pod")).startsWith("eks-prod-we-ird-pod-");
        assertThat(app.containerCredentials.sessionName("prod", "a"))
                .isNotEqualTo(app.containerCredentials.sessionName("prod", "a"));
    }
}
