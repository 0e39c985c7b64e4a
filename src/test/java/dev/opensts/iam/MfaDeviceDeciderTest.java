package dev.opensts.iam;

import dev.opensts.credentials.Totp;
import dev.opensts.iam.MfaDeviceCommand.*;
import dev.opensts.iam.MfaDeviceEvent.*;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MfaDeviceDeciderTest {
    private static final String A = ACCOUNT;
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    /** The seed of a device created again under the same name. */
    private static final byte[] OTHER_SEED = "abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII);
    private static final String ALICE = "AIDAALICE00000000001";
    /** A user created again under Alice's name, or another user of the account. */
    private static final String BOB = "AIDABOB0000000000001";
    private static final long NOW = Totp.step(T0);
    private static final DeciderSpec<MfaDeviceCommand, MfaDeviceState, MfaDeviceEvent> device =
            new DeciderSpec<>((c, s) -> MfaDeviceDecider.decide(c, s, Quotas.AWS), MfaDeviceDecider::evolve);

    private static VirtualMfaDeviceCreated created() {
        return new VirtualMfaDeviceCreated(A, "phone", "/team/", "MFA1", "k1~sealed", List.of(), T0);
    }

    private static MfaDeviceEnabled enabled(long step) {
        return new MfaDeviceEnabled(A, "phone", "alice", ALICE, T0, step);
    }

    private static String code(long step) {
        return Totp.code(SEED, step);
    }

    private static Instant at(long step) {
        return Instant.ofEpochSecond(step * Totp.STEP_SECONDS + 7);
    }

    @Test
    void creates_an_unassigned_device_whose_serial_number_is_its_arn_with_the_path() {
        device.given().when(new CreateVirtualMfaDevice(A, "phone", "/team/", "MFA1", "k1~sealed", null, T0))
                .then(created()).thenState(s -> {
                    assertThat(s.serialNumber()).isEqualTo("arn:aws:iam::" + A + ":mfa/team/phone");
                    assertThat(s.assigned()).isFalse();
                    assertThat(s.lastUsedStep()).isZero();
                    assertThat(s.toString()).doesNotContain("sealed");
                });
        device.given(created()).when(new CreateVirtualMfaDevice(A, "PHONE", "/", "MFA2", "k1~x", List.of(), T0))
                .thenFails(EntityAlreadyExists);
    }

    @Test
    void enables_with_two_consecutive_codes_and_remembers_the_second_step() {
        device.given(created()).when(new EnableMfaDevice(A, "phone", "alice", ALICE, SEED, code(NOW - 1), code(NOW),
                T0)).then(enabled(NOW)).thenState(s -> {
                    assertThat(s.userId()).isEqualTo(ALICE);
                    assertThat(s.lastUsedStep()).isEqualTo(NOW);
                });
        // the second code one step ahead of the server's clock is still in the window
        device.given(created()).when(new EnableMfaDevice(A, "phone", "alice", ALICE, SEED, code(NOW), code(NOW + 1),
                T0)).then(enabled(NOW + 1));
    }

    @Test
    void refuses_codes_not_consecutive_reversed_out_of_window_malformed_or_of_another_seed() {
        for (String[] codes : new String[][]{{code(NOW), code(NOW)}, {code(NOW), code(NOW - 1)},
                {code(NOW - 1), code(NOW + 1)}, {code(NOW - 4), code(NOW - 3)}, {"12345", code(NOW)},
                {code(NOW - 1), "abcdef"}, {Totp.code(OTHER_SEED, NOW - 1), Totp.code(OTHER_SEED, NOW)}}) {
            device.given(created()).when(new EnableMfaDevice(A, "phone", "alice", ALICE, SEED, codes[0], codes[1], T0))
                    .thenFails(InvalidAuthenticationCode, "Authentication code for device is not valid.");
        }
    }

    @Test
    void a_device_is_enabled_for_one_user_at_a_time() {
        device.given(created(), enabled(NOW)).when(new EnableMfaDevice(A, "phone", "bob", BOB, SEED, code(NOW + 1),
                code(NOW + 2), at(NOW + 2))).thenFails(EntityAlreadyExists, "MFA Device is already in use.");
    }

    @Test
    void a_sign_in_code_is_accepted_once_and_never_one_of_an_earlier_step() {
        device.given(created(), enabled(NOW)).when(new AuthenticateWithMfa(A, "phone", ALICE, SEED,
                code(NOW + 1), at(NOW + 1))).then(new MfaCodeAccepted(A, "phone", NOW + 1));
        device.given(created(), enabled(NOW), new MfaCodeAccepted(A, "phone", NOW + 1))
                .when(new AuthenticateWithMfa(A, "phone", ALICE, SEED, code(NOW + 1), at(NOW + 1)))
                .thenFails(AccessDenied, MfaDeviceDecider.MFA_FAILED);
        // the code of the step before the last used one, still in the window, is refused too
        device.given(created(), enabled(NOW), new MfaCodeAccepted(A, "phone", NOW + 1))
                .when(new AuthenticateWithMfa(A, "phone", ALICE, SEED, code(NOW), at(NOW + 1)))
                .thenFails(AccessDenied, MfaDeviceDecider.MFA_FAILED);
        // the codes used to enable the device cannot sign in
        device.given(created(), enabled(NOW))
                .when(new AuthenticateWithMfa(A, "phone", ALICE, SEED, code(NOW), at(NOW)))
                .thenFails(AccessDenied, MfaDeviceDecider.MFA_FAILED);
    }

    @Test
    void a_sign_in_with_another_users_unassigned_or_unknown_device_fails_alike() {
        device.given(created(), enabled(NOW)).when(new AuthenticateWithMfa(A, "phone", BOB, SEED, code(NOW + 1),
                at(NOW + 1))).thenFails(AccessDenied, MfaDeviceDecider.MFA_FAILED);
        device.given(created()).when(new AuthenticateWithMfa(A, "phone", ALICE, SEED, code(NOW + 1),
                at(NOW + 1))).thenFails(AccessDenied, MfaDeviceDecider.MFA_FAILED);
        device.given().when(new AuthenticateWithMfa(A, "phone", ALICE, SEED, code(NOW + 1),
                at(NOW + 1))).thenFails(AccessDenied, MfaDeviceDecider.MFA_FAILED);
        device.given(created(), enabled(NOW)).when(new AuthenticateWithMfa(A, "phone", ALICE, SEED, "1234567",
                at(NOW + 1))).thenFails(AccessDenied, MfaDeviceDecider.MFA_FAILED);
    }

    @Test
    void a_device_deleted_and_created_again_has_a_new_life_whose_old_codes_do_not_work() {
        device.given(created(), enabled(NOW), new MfaDeviceDeactivated(A, "phone", "alice", ALICE),
                new VirtualMfaDeviceDeleted(A, "phone"),
                new VirtualMfaDeviceCreated(A, "phone", "/", "MFA2", "k1~other", List.of(), T0))
                .when(new EnableMfaDevice(A, "phone", "alice", ALICE, OTHER_SEED, code(NOW + 1), code(NOW + 2),
                        at(NOW + 2))).thenFails(InvalidAuthenticationCode);
    }

    @Test
    void resync_takes_two_consecutive_codes_within_five_minutes_and_moves_the_last_step() {
        long drifted = NOW + 8;
        device.given(created(), enabled(NOW)).when(new ResyncMfaDevice(A, "phone", ALICE, SEED, code(drifted - 1),
                code(drifted), T0)).then(new MfaDeviceResynced(A, "phone", drifted))
                .thenState(s -> assertThat(s.lastUsedStep()).isEqualTo(drifted));
        device.given(created(), enabled(NOW)).when(new ResyncMfaDevice(A, "phone", ALICE, SEED, code(NOW + 11),
                code(NOW + 12), T0)).thenFails(InvalidAuthenticationCode);
        device.given(created(), enabled(NOW)).when(new ResyncMfaDevice(A, "phone", BOB, SEED, code(NOW + 1),
                code(NOW + 2), T0)).thenFails(NoSuchEntity);
        device.given(created()).when(new ResyncMfaDevice(A, "phone", ALICE, SEED, code(NOW + 1),
                code(NOW + 2), T0)).thenFails(NoSuchEntity);
    }

    @Test
    void deactivation_is_by_its_user_and_deletion_only_once_deactivated() {
        device.given(created(), enabled(NOW)).when(new DeactivateMfaDevice(A, "phone", BOB)).thenFails(NoSuchEntity);
        device.given(created(), enabled(NOW)).when(new DeleteVirtualMfaDevice(A, "phone"))
                .thenFails(DeleteConflict, "MFA VirtualDevice in use. Must deactivate first.");
        device.given(created(), enabled(NOW)).when(new DeactivateMfaDevice(A, "phone", ALICE))
                .then(new MfaDeviceDeactivated(A, "phone", "alice", ALICE)).thenState(s -> {
                    assertThat(s.assigned()).isFalse();
                    assertThat(s.lastUsedStep()).isEqualTo(NOW); // kept: enabling again cannot reuse those codes
                });
        device.given(created(), enabled(NOW), new MfaDeviceDeactivated(A, "phone", "alice", ALICE))
                .when(new DeleteVirtualMfaDevice(A, "phone")).then(new VirtualMfaDeviceDeleted(A, "phone"))
                .thenState(s -> assertThat(s).isNull());
        device.given().when(new DeleteVirtualMfaDevice(A, "phone")).thenFails(NoSuchEntity);
        device.given(created(), enabled(NOW), new MfaDeviceDeactivated(A, "phone", "alice", ALICE))
                .when(new EnableMfaDevice(A, "phone", "alice", ALICE, SEED, code(NOW - 1), code(NOW), T0))
                .thenFails(InvalidAuthenticationCode);
    }

    @Test
    void tags_follow_the_tag_rules() {
        device.given(created()).when(new TagMfaDevice(A, "phone", List.of(new Tag("team", "a"))))
                .then(new VirtualMfaDeviceTagged(A, "phone", List.of(new Tag("team", "a"))));
        device.given(created()).when(new TagMfaDevice(A, "phone", List.of(new Tag("aws:x", "a"))))
                .thenFails(InvalidInput);
        device.given(created(), new VirtualMfaDeviceTagged(A, "phone", List.of(new Tag("team", "a"))))
                .when(new UntagMfaDevice(A, "phone", List.of("TEAM")))
                .then(new VirtualMfaDeviceUntagged(A, "phone", List.of("TEAM")))
                .thenState(s -> assertThat(s.tags()).isEmpty());
    }
}
