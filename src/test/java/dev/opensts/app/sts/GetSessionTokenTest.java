package dev.opensts.app.sts;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.iam.UserState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.app.sts.StsFixture.callerOf;
import static dev.opensts.error.ErrorCode.AccessDenied;
import static dev.opensts.error.ErrorCode.ValidationError;
import static org.assertj.core.api.Assertions.assertThat;

/** GetSessionToken's rules through {@link Sts}: who may call it, how long its sessions last, MFA. */
class GetSessionTokenTest {
    final AppFixture app = new AppFixture();
    final StsFixture sts = new StsFixture(app);
    int requests;

    IssuedCredentials issued(Caller c, Integer duration) {
        return await(app.sts.getSessionToken(c, new SessionTokenRequest(duration, null, null), "req-" + ++requests));
    }

    AwsException refused(Caller c, SessionTokenRequest r) {
        return failure(app.sts.getSessionToken(c, r, "req-" + ++requests));
    }

    @Nested
    class AUser {
        @Test
        void gets_a_session_of_its_own_identity_for_twelve_hours_by_default() {
            UserState dev = sts.user(root(), "dev");

            IssuedCredentials c = issued(callerOf(dev), null);

            SessionClaims s = c.claims();
            assertThat(s.kind()).isEqualTo(SessionKind.USER_SESSION);
            assertThat(s.principalArn()).isEqualTo(dev.arn());
            assertThat(s.principalId()).isEqualTo(dev.userId());
            assertThat(s.userName()).isEqualTo("dev");
            assertThat(s.roleArn()).isNull();
            assertThat(s.accountId()).isEqualTo(ACCOUNT);
            assertThat(s.accessKeyId()).startsWith("ASIA");
            assertThat(CredentialIds.accountOf(s.accessKeyId())).isEqualTo(ACCOUNT);
            assertThat(s.issuedAt()).isEqualTo(T0);
            assertThat(s.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(12)));
            assertThat(s.mfaPresent()).isFalse();
            assertThat(s.parentAccessKeyId()).isEqualTo(callerOf(dev).accessKeyId());
            assertThat(c.packedPolicySize()).isNull();
        }

        @Test
        void may_ask_for_15_minutes_to_36_hours() {
            Caller dev = callerOf(sts.user(root(), "dev"));

            assertThat(issued(dev, 900).claims().expiresAt()).isEqualTo(T0.plusSeconds(900));
            assertThat(issued(dev, 129_600).claims().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(36)));
        }

        @Test
        void its_session_token_opens_to_its_claims() throws Exception {
            IssuedCredentials c = issued(callerOf(sts.user(root(), "dev")), null);
            assertThat(app.tokens.decode(c.sessionToken(), c.claims().accessKeyId())).isEqualTo(c.claims());
        }
    }

    @Nested
    class TheRoot {
        @Test
        void gets_one_hour_by_default() {
            SessionClaims s = issued(root(), null).claims();

            assertThat(s.kind()).isEqualTo(SessionKind.ROOT_SESSION);
            assertThat(s.principalArn()).isEqualTo("arn:aws:iam::123456789012:root");
            assertThat(s.principalId()).isEqualTo(ACCOUNT);
            assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(3600));
        }

        @Test
        void asking_for_more_than_an_hour_gets_an_hour_as_in_aws() {
            assertThat(issued(root(), 7200).claims().expiresAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(issued(root(), 129_600).claims().expiresAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(issued(root(), 900).claims().expiresAt()).isEqualTo(T0.plusSeconds(900));
        }

        @Test
        void of_another_account_gets_a_session_of_that_account() {
            SessionClaims s = issued(root(OTHER), null).claims();
            assertThat(s.accountId()).isEqualTo(OTHER);
            assertThat(CredentialIds.accountOf(s.accessKeyId())).isEqualTo(OTHER);
        }
    }

    @Nested
    class Refused {
        @Test
        void to_a_role_session() {
            sts.role("App", TRUST);
            AwsException e = refused(app.roleSession("App", "s"), new SessionTokenRequest(null, null, null));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo("Cannot call GetSessionToken with session credentials");
        }

        @Test
        void to_a_session_of_getsessiontoken_itself() {
            sts.user(root(), "dev");
            assertThat(refused(app.userSession("dev", false), new SessionTokenRequest(900, null, null)).code())
                    .isEqualTo(AccessDenied);
            assertThat(refused(app.rootSession(ACCOUNT, false), new SessionTokenRequest(900, null, null)).code())
                    .isEqualTo(AccessDenied);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 899, 129601, Integer.MAX_VALUE, -5})
        void with_a_duration_outside_the_models_bounds_checked_by_the_use_case_itself(int seconds) {
            Caller dev = callerOf(sts.user(root(), "dev"));
            AwsException e = refused(dev, new SessionTokenRequest(seconds, null, null));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).contains("'durationSeconds'");
        }

        @Test
        void with_mfa_parameters_since_mfa_devices_are_not_supported() {
            Caller dev = callerOf(sts.user(root(), "dev"));
            for (var r : new SessionTokenRequest[]{
                    new SessionTokenRequest(null, "arn:aws:iam::123456789012:mfa/dev", "123456"),
                    new SessionTokenRequest(null, "arn:aws:iam::123456789012:mfa/dev", null),
                    new SessionTokenRequest(null, null, "123456")}) {
                AwsException e = refused(dev, r);
                assertThat(e.code()).isEqualTo(AccessDenied);
                assertThat(e.getMessage()).contains("MultiFactorAuthentication failed");
            }
        }
    }
}
