package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.sts.AssumeRoleRequest;
import dev.opensts.app.sts.SessionTokenRequest;
import dev.opensts.credentials.Base32;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.Totp;
import dev.opensts.iam.MfaDeviceEvent.MfaCodeAccepted;
import dev.opensts.iam.MfaDeviceEvent.MfaDeviceEnabled;
import dev.opensts.iam.MfaDeviceEvent.VirtualMfaDeviceCreated;
import dev.opensts.iam.MfaDeviceState;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import dev.opensts.iam.UserState;
import dev.opensts.policy.RequestContext;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The virtual MFA device use cases and MFA sign-in through GetSessionToken and AssumeRole, against in-memory ports. */
class MfaDevicesTest {
    static final String SERIAL = "arn:aws:iam::" + ACCOUNT + ":mfa/team/alice-phone";
    static final String MFA_FAILED = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    final AppFixture app = new AppFixture();

    /** Creates the device as root and answers its seed. */
    byte[] created(String name, String path) {
        var c = await(app.mfaDevices.create(root(), new MfaDevices.NewDevice(name, path, null), "r"));
        return Base32.decode(c.base32Seed());
    }

    String code(byte[] seed, long stepsFromNow) {
        return Totp.code(seed, Totp.step(app.clock.instant()) + stepsFromNow);
    }

    /** A user alice with an MFA device enabled (codes of the previous and current step); answers the seed. */
    byte[] aliceWithDevice() {
        app.given(userCreated("alice", "/"), new UserPolicyPut(ACCOUNT, "alice", "read",
                allow("iam:GetUser", "*")));
        byte[] seed = created("alice-phone", "/team/");
        await(app.mfaDevices.enable(root(), "alice", SERIAL, code(seed, -1), code(seed, 0), "r"));
        app.clock.advance(Duration.ofSeconds(30)); // the enabling codes are spent: sign in with the next step's
        return seed;
    }

    @Nested
    class Devices {
        @Test
        void create_draws_a_160_bit_seed_answers_it_in_base32_and_keeps_it_only_sealed() {
            var c = await(app.mfaDevices.create(root(), new MfaDevices.NewDevice("alice-phone", "/team/", null), "r"));
            assertThat(c.device().serialNumber()).isEqualTo(SERIAL);
            assertThat(c.base32Seed()).hasSize(32).matches("[A-Z2-7]+");
            assertThat(Base32.decode(c.base32Seed())).hasSize(20);
            assertThat(c.toString()).doesNotContain(c.base32Seed());
            var event = (VirtualMfaDeviceCreated) app.appended().get(0);
            assertThat(event.sealedSeed()).doesNotContain(c.base32Seed());
            assertThat(app.keyRing.open(event.sealedSeed(), MfaDeviceState.seedAssociatedData(event.deviceId())))
                    .hasValueSatisfying(b -> assertThat(Base32.encode(b)).isEqualTo(c.base32Seed()));
            // bound to this device: another device's associated data does not open it
            assertThat(app.keyRing.open(event.sealedSeed(), MfaDeviceState.seedAssociatedData("other"))).isEmpty();
            var again = await(app.mfaDevices.create(root(), new MfaDevices.NewDevice("bob-phone", null, null), "r"));
            assertThat(again.base32Seed()).isNotEqualTo(c.base32Seed());
            assertThat(again.device().serialNumber()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":mfa/bob-phone");
        }

        @Test
        void enable_list_deactivate_and_delete() {
            app.given(userCreated("alice", "/"));
            byte[] seed = created("alice-phone", "/team/");
            assertThat(failure(app.mfaDevices.enable(root(), "alice", SERIAL, code(seed, 0), code(seed, -1), "r"))
                    .code()).isEqualTo(InvalidAuthenticationCode);
            await(app.mfaDevices.enable(root(), "alice", SERIAL, code(seed, -1), code(seed, 0), "r"));
            UserState alice = app.view.user(ACCOUNT, "alice");
            assertThat(app.appended()).last().isEqualTo(new MfaDeviceEnabled(ACCOUNT, "alice-phone", "alice",
                    alice.userId(), T0, Totp.step(T0)));
            assertThat(await(app.mfaDevices.forUser(root(), "alice"))).extracting(MfaDeviceState::serialNumber)
                    .containsExactly(SERIAL);
            app.given(new UserPolicyPut(ACCOUNT, "alice", "own", allow("iam:ListMFADevices", "*")));
            assertThat(await(app.mfaDevices.forUser(app.user("alice"), null))).hasSize(1);
            assertThat(await(app.mfaDevices.list(root(), "Assigned"))).hasSize(1)
                    .allSatisfy(l -> assertThat(l.user().userName()).isEqualTo("alice"));
            assertThat(await(app.mfaDevices.list(root(), "Unassigned"))).isEmpty();
            assertThat(failure(app.mfaDevices.delete(root(), SERIAL, "r")).code()).isEqualTo(DeleteConflict);
            assertThat(failure(app.users.change(root(), new UserChange.Delete("alice"), "r")).code()).isEqualTo(DeleteConflict);
            await(app.mfaDevices.deactivate(root(), "alice", SERIAL, "r"));
            assertThat(await(app.mfaDevices.list(root(), "Unassigned"))).hasSize(1);
            await(app.mfaDevices.delete(root(), SERIAL, "r"));
            assertThat(await(app.mfaDevices.list(root(), null))).isEmpty();
            app.given(new dev.opensts.iam.UserEvent.UserPolicyDeleted(ACCOUNT, "alice", "own"));
            await(app.users.change(root(), new UserChange.Delete("alice"), "r"));
        }

        @Test
        void a_serial_number_of_another_account_or_with_another_path_names_no_device() {
            app.given(userCreated("alice", "/"));
            byte[] seed = created("alice-phone", "/team/");
            for (String serial : new String[]{"arn:aws:iam::" + OTHER + ":mfa/team/alice-phone",
                    "arn:aws:iam::" + ACCOUNT + ":mfa/alice-phone", "arn:aws:iam::" + ACCOUNT + ":user/alice-phone",
                    "not-an-arn"}) {
                assertThat(failure(app.mfaDevices.enable(root(), "alice", serial, code(seed, -1), code(seed, 0),
                        "r")).code()).as(serial).isEqualTo(NoSuchEntity);
                assertThat(failure(app.mfaDevices.delete(root(), serial, "r")).code()).as(serial)
                        .isEqualTo(NoSuchEntity);
            }
            // another account's root does not reach it either
            assertThat(failure(app.mfaDevices.delete(root(OTHER), SERIAL, "r")).code()).isEqualTo(NoSuchEntity);
        }

        @Test
        void the_user_scoped_actions_are_authorized_on_the_user_and_the_others_on_the_device() {
            app.given(userCreated("alice", "/"), userCreated("dev", "/"),
                    new UserPolicyPut(ACCOUNT, "dev", "p", allow("iam:EnableMFADevice",
                            "arn:aws:iam::" + ACCOUNT + ":user/alice")));
            byte[] seed = created("alice-phone", "/team/");
            Caller dev = app.user("dev");
            assertThat(failure(app.mfaDevices.create(dev, new MfaDevices.NewDevice("x", null, null), "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.mfaDevices.delete(dev, SERIAL, "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.mfaDevices.enable(dev, "dev", SERIAL, code(seed, -1), code(seed, 0), "r")).code())
                    .isEqualTo(AccessDenied);
            await(app.mfaDevices.enable(dev, "alice", SERIAL, code(seed, -1), code(seed, 0), "r"));
        }

        @Test
        void a_device_deleted_and_created_again_has_a_new_seed_whose_codes_alone_work() {
            app.given(userCreated("alice", "/"));
            byte[] old = created("alice-phone", "/team/");
            await(app.mfaDevices.delete(root(), SERIAL, "r"));
            byte[] seed = created("alice-phone", "/team/");
            assertThat(seed).isNotEqualTo(old);
            assertThat(failure(app.mfaDevices.enable(root(), "alice", SERIAL, code(old, -1), code(old, 0), "r"))
                    .code()).isEqualTo(InvalidAuthenticationCode);
            await(app.mfaDevices.enable(root(), "alice", SERIAL, code(seed, -1), code(seed, 0), "r"));
        }
    }

    @Nested
    class SignIn {
        @Test
        void get_session_token_with_a_code_gives_an_mfa_session_and_spends_the_code() {
            byte[] seed = aliceWithDevice();
            Caller alice = app.user("alice");
            String code = code(seed, 0);
            SessionClaims s = await(app.sts.getSessionToken(alice, new SessionTokenRequest(null, SERIAL, code), "r"))
                    .claims();
            assertThat(s.mfaPresent()).isTrue();
            assertThat(s.mfaAuthTime()).isEqualTo(app.clock.instant());
            assertThat(app.appended()).last().isEqualTo(new MfaCodeAccepted(ACCOUNT, "alice-phone",
                    Totp.step(app.clock.instant())));
            var again = failure(app.sts.getSessionToken(alice, new SessionTokenRequest(null, SERIAL, code), "r"));
            assertThat(again.code()).isEqualTo(AccessDenied);
            assertThat(again.getMessage()).isEqualTo(MFA_FAILED);
            // the previous step's code is older than the one spent: refused too
            assertThat(failure(app.sts.getSessionToken(alice, new SessionTokenRequest(null, SERIAL, code(seed, -1)),
                    "r")).code()).isEqualTo(AccessDenied);

            // the session may call IAM (as AWS allows with MFA) and its context carries the MFA's age
            Caller session = callerOf(s);
            await(app.users.get(session, "alice"));
            app.clock.advance(Duration.ofSeconds(90));
            RequestContext ctx = new dev.opensts.app.auth.Contexts(app.view, app.clock)
                    .forCaller(session, "iam:GetUser", "*").build();
            assertThat(ctx.get("aws:MultiFactorAuthPresent")).containsExactly("true");
            assertThat(ctx.get("aws:MultiFactorAuthAge")).containsExactly("90");
        }

        @Test
        void without_mfa_the_session_cannot_call_iam() {
            aliceWithDevice();
            SessionClaims s = await(app.sts.getSessionToken(app.user("alice"), new SessionTokenRequest(null, null,
                    null), "r")).claims();
            assertThat(s.mfaPresent()).isFalse();
            var e = failure(app.users.get(callerOf(s), "alice"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).contains("need MFA");
            await(app.users.get(app.user("alice"), "alice")); // the policy allows it to the long-term keys
        }

        @Test
        void wrong_codes_another_users_device_or_an_unknown_one_fail_alike() {
            byte[] seed = aliceWithDevice();
            app.given(userCreated("bob", "/"));
            for (var req : List.of(new SessionTokenRequest(null, SERIAL, "000000"),
                    new SessionTokenRequest(null, SERIAL, code(seed, 2)),
                    new SessionTokenRequest(null, SERIAL, null),
                    new SessionTokenRequest(null, null, code(seed, 0)),
                    new SessionTokenRequest(null, "arn:aws:iam::" + ACCOUNT + ":mfa/nothing", code(seed, 0)),
                    new SessionTokenRequest(null, "arn:aws:iam::" + OTHER + ":mfa/team/alice-phone", code(seed, 0)))) {
                var e = failure(app.sts.getSessionToken(app.user("alice"), req, "r"));
                assertThat(e.code()).as("%s", req).isEqualTo(AccessDenied);
                assertThat(e.getMessage()).isEqualTo(MFA_FAILED);
            }
            // bob, of the same account, cannot sign in with alice's device and code
            var e = failure(app.sts.getSessionToken(app.user("bob"), new SessionTokenRequest(null, SERIAL,
                    code(seed, 0)), "r"));
            assertThat(e.getMessage()).isEqualTo(MFA_FAILED);
            // another account's root neither
            assertThat(failure(app.sts.getSessionToken(root(OTHER), new SessionTokenRequest(null, SERIAL,
                    code(seed, 0)), "r")).getMessage()).isEqualTo(MFA_FAILED);
            // none of those spent the code: alice still signs in with it
            assertThat(await(app.sts.getSessionToken(app.user("alice"), new SessionTokenRequest(null, SERIAL,
                    code(seed, 0)), "r")).claims().mfaPresent()).isTrue();
        }

        @Test
        void of_two_sign_ins_racing_with_one_code_only_the_first_gets_in() {
            byte[] seed = aliceWithDevice();
            long step = Totp.step(app.clock.instant());
            // another replica spent this step's code just before this request's event
            app.events.raceWith(new MfaCodeAccepted(ACCOUNT, "alice-phone", step));
            var e = failure(app.sts.getSessionToken(app.user("alice"), new SessionTokenRequest(null, SERIAL,
                    code(seed, 0)), "r"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(MFA_FAILED);
            assertThat(app.view.mfaDevice(ACCOUNT, "alice-phone").lastUsedStep()).isEqualTo(step);
        }

        @Test
        void after_five_wrong_codes_the_device_refuses_even_a_right_one_for_five_minutes() {
            byte[] seed = aliceWithDevice();
            Caller alice = app.user("alice");
            String wrong = code(seed, 0).equals("000000") ? "111111" : "000000";
            for (int i = 0; i < Guesses.MAX_FAILURES; i++) {
                failure(app.sts.getSessionToken(alice, new SessionTokenRequest(null, SERIAL, wrong), "r"));
            }
            var e = failure(app.sts.getSessionToken(alice, new SessionTokenRequest(null, SERIAL, code(seed, 0)),
                    "r"));
            assertThat(e.getMessage()).isEqualTo(MFA_FAILED);
            app.clock.advance(Duration.ofSeconds(Guesses.WINDOW_SECONDS));
            assertThat(await(app.sts.getSessionToken(alice, new SessionTokenRequest(null, SERIAL, code(seed, 0)),
                    "r")).claims().mfaPresent()).isTrue();
        }

        @Test
        void a_trust_policy_requiring_mfa_admits_only_a_request_with_a_valid_code() {
            byte[] seed = aliceWithDevice();
            app.given(new RoleCreated(ACCOUNT, "Admin", "AROAADMIN00000000001", "/", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                    "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole",\
                    "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""", null, 3600, List.of(), T0),
                    new UserPolicyPut(ACCOUNT, "alice", "assume", allow("sts:AssumeRole", "*")));
            Caller alice = app.user("alice");
            String role = roleArn("/", "Admin");
            assertThat(failure(app.sts.assumeRole(alice, request(role, null, null), "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.sts.assumeRole(alice, request(role, SERIAL, "123456"), "r")).getMessage())
                    .isEqualTo(MFA_FAILED);
            SessionClaims s = await(app.sts.assumeRole(alice, request(role, SERIAL, code(seed, 0)), "r")).claims();
            assertThat(s.mfaPresent()).isTrue();
            assertThat(s.mfaAuthTime()).isEqualTo(app.clock.instant());
            // the role session's own requests carry it, and their audit records say so
            assertThat(dev.opensts.app.audit.AuditRecords.identity(callerOf(s)).sessionContext().mfaAuthenticated())
                    .isTrue();
            // a role session cannot present a device: it has none
            assertThat(failure(app.sts.assumeRole(callerOf(s), request(role, SERIAL, code(seed, 1)), "r"))
                    .getMessage()).isEqualTo(MFA_FAILED);
        }

        @Test
        void an_mfa_get_session_token_session_assumes_a_role_requiring_mfa_without_a_new_code() {
            byte[] seed = aliceWithDevice();
            app.given(new RoleCreated(ACCOUNT, "Admin", "AROAADMIN00000000001", "/", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                    "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole",\
                    "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""", null, 3600, List.of(), T0),
                    new UserPolicyPut(ACCOUNT, "alice", "assume", allow("sts:AssumeRole", "*")));
            SessionClaims s = await(app.sts.getSessionToken(app.user("alice"), new SessionTokenRequest(null, SERIAL,
                    code(seed, 0)), "r")).claims();
            SessionClaims role = await(app.sts.assumeRole(callerOf(s), request(roleArn("/", "Admin"), null, null),
                    "r")).claims();
            assertThat(role.mfaPresent()).isTrue();
            assertThat(role.mfaAuthTime()).isEqualTo(s.mfaAuthTime());
        }
    }

    static AssumeRoleRequest request(String roleArn, String serial, String code) {
        return new AssumeRoleRequest(roleArn, "s1", null, null, List.of(), Map.of(), List.of(), null, serial, code,
                null);
    }
}
