package dev.opensts.app.auth;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.iam.Accounts;
import dev.opensts.app.iam.RoleChange;
import dev.opensts.app.iam.Roles;
import dev.opensts.app.iam.UserChange;
import dev.opensts.app.iam.Users;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.app.sts.AssumeRoleRequest;
import dev.opensts.app.sts.IssuedCredentials;
import dev.opensts.app.sts.SessionTokenRequest;
import dev.opensts.error.AwsException;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.policy.PrincipalType;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Exception;
import dev.opensts.sigv4.SigV4Parser;
import dev.opensts.sigv4.SigV4Signer;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.sigv4.SigningOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.opensts.app.AppFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Authenticator against the in-memory view: requests signed in-test with the project's SigV4 signer, long-term
 * keys made by the IAM use cases, temporary credentials issued by the STS use cases, the clock moved by the test.
 * Each refusal is asserted by the AWS error code (and wording) the caller gets.
 */
class AuthenticatorTest {
    static final String INVALID = "The security token included in the request is invalid.";
    static final String TRUST_AND_CHAIN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final RequestInfo INFO = new RequestInfo("req-auth", "198.51.100.7", true, "aws-sdk-java/test",
            new ExpectedScope("sts", Set.of("us-east-1", "aws-global")));

    final AppFixture app = new AppFixture();
    final SigV4Signer signer = new SigV4Signer(new SigningKeyCache(16));

    static HttpRequestView getCallerIdentity() {
        return new HttpRequestView("POST", "/", "", List.of(
                Map.entry("Host", "sts.localhost:8443"),
                Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
    }

    HttpRequestView signed(SigningCredentials creds, String region, String service, Instant at) {
        return signer.signWithHeaders(getCallerIdentity(), creds, region, service, at, SigningOptions.defaults());
    }

    /** A request signed now for STS in us-east-1 with these credentials, authenticated. */
    Caller authenticate(SigningCredentials creds) {
        return authenticate(signed(creds, "us-east-1", "sts", app.clock.instant()));
    }

    Caller authenticate(HttpRequestView request) {
        return app.authenticator.authenticate(request, SigV4Parser.parse(request), INFO);
    }

    /** The AWS error code the authentication failed with, and its message (either exception type). */
    record Refusal(String code, String message) {
    }

    Refusal refused(SigningCredentials creds) {
        return refused(signed(creds, "us-east-1", "sts", app.clock.instant()));
    }

    Refusal refused(HttpRequestView request) {
        Throwable t = catchThrowable(() -> authenticate(request));
        if (t instanceof AwsException e) {
            return new Refusal(e.code().name(), e.getMessage());
        }
        if (t instanceof SigV4Exception e) {
            return new Refusal(e.code(), e.getMessage());
        }
        throw new AssertionError("expected a refusal, got " + t);
    }

    /** A user "dev" with one access key; its id and secret. */
    SigningCredentials devKey() {
        await(app.users.create(root(), new Users.NewUser("dev", "/", List.of(), null), "setup"));
        Users.NewAccessKey k = await(app.users.createAccessKey(root(), "dev", "setup"));
        return new SigningCredentials(k.key().accessKeyId(), k.secretAccessKey(), null);
    }

    static SigningCredentials session(IssuedCredentials c) {
        return new SigningCredentials(c.claims().accessKeyId(), c.claims().secretAccessKey(), c.sessionToken());
    }

    /** A session of role "App" (trusting the account), assumed by the root now. */
    IssuedCredentials appSession() {
        if (app.view.role(ACCOUNT, "App") == null) {
            await(app.roles.create(root(), new Roles.NewRole("App", "/", TRUST_AND_CHAIN, null, null, List.of(), null),
                    "setup"));
        }
        return await(app.sts.assumeRole(root(), new AssumeRoleRequest(roleArn("/", "App"), "s1", null, null,
                List.of(), Map.of(), List.of(), null, null, null, null), "setup"));
    }

    static SigningCredentials rootKey() {
        return new SigningCredentials(ROOT_KEY_ID, ROOT_SECRET, null);
    }

    @Nested
    class LongTermKeys {
        @Test
        void the_default_accounts_root_key_from_configuration_is_its_root() {
            Caller c = authenticate(rootKey());

            assertThat(c.type()).isEqualTo(PrincipalType.ROOT);
            assertThat(c.arn()).isEqualTo("arn:aws:iam::123456789012:root");
            assertThat(c.accountId()).isEqualTo(ACCOUNT);
            assertThat(c.accessKeyId()).isEqualTo(ROOT_KEY_ID);
            assertThat(c.session()).isNull();
            assertThat(c.sourceIp()).isEqualTo("198.51.100.7");
            assertThat(c.userAgent()).isEqualTo("aws-sdk-java/test");
            assertThat(c.requestedRegion()).isEqualTo("us-east-1");
        }

        @Test
        void a_users_active_key_is_the_user() {
            SigningCredentials key = devKey();

            Caller c = authenticate(key);

            assertThat(c.type()).isEqualTo(PrincipalType.USER);
            assertThat(c.arn()).isEqualTo("arn:aws:iam::123456789012:user/dev");
            assertThat(c.userName()).isEqualTo("dev");
            assertThat(c.userId()).isEqualTo(app.view.user(ACCOUNT, "dev").userId());
            assertThat(c.accessKeyId()).isEqualTo(key.accessKeyId());
        }

        @Test
        void the_sdks_aws_global_region_is_named_us_east_1() {
            Caller c = authenticate(signed(devKey(), "aws-global", "sts", app.clock.instant()));
            assertThat(c.requestedRegion()).isEqualTo("us-east-1");
        }

        @Test
        void a_created_accounts_root_key_is_that_accounts_root_until_rotated() {
            Accounts.CreatedAccount a = await(app.accounts.create(new Accounts.NewAccount(OTHER, "other"), "r"));
            var key = new SigningCredentials(a.rootAccessKeyId(), a.rootSecretAccessKey(), null);

            Caller c = authenticate(key);
            assertThat(c.type()).isEqualTo(PrincipalType.ROOT);
            assertThat(c.arn()).isEqualTo("arn:aws:iam::210987654321:root");

            Accounts.RotatedRootKey rotated = await(app.accounts.rotateRootKey(OTHER, "r"));
            assertThat(refused(key)).isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
            assertThat(authenticate(new SigningCredentials(rotated.rootAccessKeyId(),
                    rotated.rootSecretAccessKey(), null)).accountId()).isEqualTo(OTHER);
        }

        @Test
        void an_unknown_key_is_an_invalid_client_token_id() {
            devKey();
            assertThat(refused(new SigningCredentials("AKIAUNKNOWNKEY000000", "x".repeat(40), null)))
                    .isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
        }

        @Test
        void a_known_key_with_a_wrong_secret_is_a_signature_mismatch() {
            SigningCredentials key = devKey();
            Refusal r = refused(new SigningCredentials(key.accessKeyId(), "x".repeat(40), null));
            assertThat(r.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(r.message()).startsWith("The request signature we calculated does not match");
            assertThat(refused(new SigningCredentials(ROOT_KEY_ID, "wrong", null)).code())
                    .isEqualTo("SignatureDoesNotMatch");
        }

        @Test
        void an_inactive_key_answers_as_an_unknown_one_and_works_again_once_active() {
            SigningCredentials key = devKey();
            await(app.users.change(root(), new UserChange.UpdateAccessKey("dev", key.accessKeyId(),
                    AccessKeyStatus.Inactive), "r"));

            assertThat(refused(key)).isEqualTo(new Refusal("InvalidClientTokenId", INVALID));

            await(app.users.change(root(), new UserChange.UpdateAccessKey("dev", key.accessKeyId(),
                    AccessKeyStatus.Active), "r"));
            assertThat(authenticate(key).userName()).isEqualTo("dev");
        }

        @Test
        void a_deleted_key_and_a_deleted_users_key_are_invalid_client_token_ids() {
            SigningCredentials key = devKey();
            await(app.users.change(root(), new UserChange.DeleteAccessKey("dev", key.accessKeyId()), "r"));
            assertThat(refused(key)).isEqualTo(new Refusal("InvalidClientTokenId", INVALID));

            await(app.users.change(root(), new UserChange.Delete("dev"), "r"));
            assertThat(refused(key)).isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
        }

        @Test
        void a_long_term_key_presented_with_a_session_token_is_refused() {
            IssuedCredentials s = appSession();
            SigningCredentials key = devKey();
            assertThat(refused(new SigningCredentials(key.accessKeyId(), key.secretAccessKey(), s.sessionToken())))
                    .isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
        }
    }

    @Nested
    class TemporaryCredentials {
        @Test
        void a_role_session_is_its_assumed_role_with_its_claims() {
            IssuedCredentials s = appSession();

            Caller c = authenticate(session(s));

            assertThat(c.type()).isEqualTo(PrincipalType.ASSUMED_ROLE);
            assertThat(c.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/App/s1");
            assertThat(c.userId()).isEqualTo(s.claims().principalId());
            assertThat(c.accessKeyId()).isEqualTo(s.claims().accessKeyId());
            assertThat(c.session()).isEqualTo(s.claims());
            assertThat(c.principalArn()).isEqualTo(roleArn("/", "App"));
        }

        @Test
        void a_users_getsessiontoken_session_is_the_user_with_temporary_credentials() {
            SigningCredentials key = devKey();
            Caller dev = authenticate(key);
            IssuedCredentials s = await(app.sts.getSessionToken(dev, new SessionTokenRequest(null, null, null), "r"));

            Caller c = authenticate(session(s));

            assertThat(c.type()).isEqualTo(PrincipalType.USER);
            assertThat(c.userName()).isEqualTo("dev");
            assertThat(c.hasTemporaryCredentials()).isTrue();
        }

        @Test
        void an_expired_session_is_an_expired_token_from_its_expiry_on() {
            IssuedCredentials s = appSession();
            app.clock.advance(Duration.ofSeconds(3599));
            assertThat(authenticate(session(s)).arn()).endsWith("/App/s1");

            app.clock.advance(Duration.ofSeconds(1));

            assertThat(refused(session(s))).isEqualTo(new Refusal("ExpiredToken",
                    "The security token included in the request is expired"));
        }

        @Test
        void an_expired_session_signed_with_a_wrong_secret_is_a_signature_mismatch_not_an_expiry() {
            IssuedCredentials s = appSession();
            app.clock.advance(Duration.ofHours(2));

            Refusal r = refused(new SigningCredentials(s.claims().accessKeyId(), "x".repeat(40), s.sessionToken()));

            assertThat(r.code()).as("only the secret's holder learns that it expired")
                    .isEqualTo("SignatureDoesNotMatch");
        }

        @Test
        void a_revoked_session_is_an_invalid_client_token_id_and_its_presentation_is_audited() {
            IssuedCredentials s = appSession();
            int before = app.audit.records().size();
            app.clock.advance(Duration.ofSeconds(1));
            await(app.revokeSessions.revoke(root(), new RevokeSessions.Request(roleArn("/", "App"), null, null, null,
                    null), "rev-1"));

            assertThat(refused(session(s))).isEqualTo(new Refusal("InvalidClientTokenId", INVALID));

            List<AuditRecord> after = app.audit.records().subList(before, app.audit.records().size());
            assertThat(after).singleElement().satisfies(r -> {
                assertThat(r.eventName()).isEqualTo("RevokedSessionPresented");
                assertThat(r.requestId()).isEqualTo("req-auth");
                assertThat(r.userIdentity().type()).isEqualTo("AssumedRole");
                assertThat(r.userIdentity().accessKeyId()).isEqualTo(s.claims().accessKeyId());
                assertThat(r.sourceIpAddress()).isEqualTo("198.51.100.7");
                assertThat(r.errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(r.requestParameters()).containsEntry("roleArn", roleArn("/", "App"));
                assertThat(r.toString()).doesNotContain(s.sessionToken())
                        .doesNotContain(s.claims().secretAccessKey());
            });
            assertThat(authenticate(session(appSession())).arn()).as("a session issued after it")
                    .endsWith("/App/s1");
        }

        @Test
        void a_revoked_access_key_of_a_session_refuses_that_session_only() {
            IssuedCredentials revoked = appSession();
            IssuedCredentials other = appSession();
            await(app.revokeSessions.revoke(root(), new RevokeSessions.Request(null, null,
                    revoked.claims().accessKeyId(), null, null), "rev"));

            assertThat(refused(session(revoked)).code()).isEqualTo("InvalidClientTokenId");
            assertThat(authenticate(session(other)).accessKeyId()).isEqualTo(other.claims().accessKeyId());
        }

        @Test
        void a_tampered_token_is_an_invalid_client_token_id() {
            IssuedCredentials s = appSession();
            String token = s.sessionToken();
            int i = token.length() / 2;
            String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

            assertThat(refused(new SigningCredentials(s.claims().accessKeyId(), s.claims().secretAccessKey(),
                    tampered))).isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
        }

        @Test
        void a_token_presented_with_another_sessions_key_is_an_invalid_client_token_id() {
            IssuedCredentials a = appSession();
            IssuedCredentials b = appSession();

            assertThat(refused(new SigningCredentials(b.claims().accessKeyId(), b.claims().secretAccessKey(),
                    a.sessionToken())).code()).isEqualTo("InvalidClientTokenId");
        }

        @Test
        void a_temporary_key_without_its_token_is_an_invalid_client_token_id() {
            IssuedCredentials s = appSession();
            assertThat(refused(new SigningCredentials(s.claims().accessKeyId(), s.claims().secretAccessKey(), null)))
                    .isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
        }

        @Test
        void a_session_of_a_role_deleted_and_recreated_under_its_name_is_an_invalid_client_token_id() {
            IssuedCredentials s = appSession();
            await(app.roles.change(root(), new RoleChange.Delete("App"), "r"));
            assertThat(refused(session(s)).code()).as("deleted").isEqualTo("InvalidClientTokenId");

            await(app.roles.create(root(), new Roles.NewRole("App", "/", TRUST_AND_CHAIN, null, null, List.of(),
                    null), "r"));

            assertThat(refused(session(s))).as("re-created").isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
            assertThat(authenticate(session(appSession())).arn()).as("the new role's sessions").endsWith("/App/s1");
        }

        @Test
        void a_session_of_a_user_deleted_and_recreated_under_its_name_is_an_invalid_client_token_id() {
            SigningCredentials key = devKey();
            IssuedCredentials s = await(app.sts.getSessionToken(authenticate(key),
                    new SessionTokenRequest(null, null, null), "r"));
            await(app.users.change(root(), new UserChange.DeleteAccessKey("dev", key.accessKeyId()), "r"));
            await(app.users.change(root(), new UserChange.Delete("dev"), "r"));
            await(app.users.create(root(), new Users.NewUser("dev", "/", List.of(), null), "r"));

            assertThat(refused(session(s))).isEqualTo(new Refusal("InvalidClientTokenId", INVALID));
        }
    }

    @Nested
    class TheSignature {
        @Test
        void a_credential_scope_of_another_service_is_a_signature_mismatch() {
            Refusal r = refused(signed(rootKey(), "us-east-1", "s3", app.clock.instant()));
            assertThat(r).isEqualTo(new Refusal("SignatureDoesNotMatch",
                    "Credential should be scoped to correct service: 'sts'."));
        }

        @Test
        void a_credential_scope_of_a_region_not_served_is_a_signature_mismatch() {
            Refusal r = refused(signed(rootKey(), "eu-west-1", "sts", app.clock.instant()));
            assertThat(r).isEqualTo(new Refusal("SignatureDoesNotMatch",
                    "Credential should be scoped to a valid region, not 'eu-west-1'."));
        }

        @Test
        void the_scope_is_checked_before_the_key_is_looked_up() {
            Refusal r = refused(signed(new SigningCredentials("AKIAUNKNOWNKEY000000", "x", null), "us-east-1", "iam",
                    app.clock.instant()));
            assertThat(r.code()).isEqualTo("SignatureDoesNotMatch");
        }

        @Test
        void a_request_signed_more_than_15_minutes_ago_is_a_signature_mismatch() {
            HttpRequestView old = signed(rootKey(), "us-east-1", "sts", app.clock.instant());
            app.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

            Refusal r = refused(old);

            assertThat(r.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(r.message()).startsWith("Signature expired");
        }

        @Test
        void a_body_changed_after_signing_is_a_signature_mismatch() {
            HttpRequestView s = signed(rootKey(), "us-east-1", "sts", app.clock.instant());
            var changed = new HttpRequestView(s.method(), s.rawPath(), s.rawQuery(), s.headers(),
                    "Action=GetSessionToken&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
            assertThat(refused(changed).code()).isEqualTo("SignatureDoesNotMatch");
        }
    }

    @Nested
    class BeforeTheReplicaCaughtUp {
        @Test
        void nothing_is_authenticated() {
            app.caughtUp = false;
            Refusal r = refused(rootKey());
            assertThat(r.code()).isEqualTo("ServiceUnavailable");

            app.caughtUp = true;
            assertThat(authenticate(rootKey()).isRoot()).isTrue();
        }
    }
}
