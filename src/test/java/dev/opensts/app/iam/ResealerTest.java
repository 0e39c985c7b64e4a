package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.credentials.KeyRing;
import dev.opensts.iam.Actor;
import dev.opensts.iam.AccountEvent.AccountCreated;
import dev.opensts.iam.AccountEvent.RootSecretResealed;
import dev.opensts.iam.UserEvent.AccessKeyCreated;
import dev.opensts.iam.UserEvent.AccessKeySecretResealed;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static dev.opensts.app.AppFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-sealing under the key ring's current key: the ring is k2 (current) then k1; the stored secrets were sealed
 * when k1 was the only key, or under k0, which the ring no longer holds.
 */
class ResealerTest {
    static final String USER_KEY = "AKIAAAAAAAAAAAAAUSER";
    static final String ROOT_KEY = "AKIAAAAAAAAAAAAAROOT";
    static final String USER_SECRET = "u".repeat(40);
    static final String ROOT_SECRET = "r".repeat(40);

    final AppFixture app = new AppFixture(Options.defaults().keyRing(ring("k2", 2) + "," + ring("k1", 1)));
    final KeyRing k1 = KeyRing.parse(ring("k1", 1), new SecureRandom());
    final KeyRing k0 = KeyRing.parse(ring("k0", 0), new SecureRandom());

    void givenSecretsUnder(KeyRing old) {
        app.given(userCreated("alice", "/"),
                new AccessKeyCreated(ACCOUNT, "alice", USER_KEY, old.sealString(USER_SECRET, USER_KEY), T0),
                new AccountCreated(OTHER, "Other", ROOT_KEY, old.sealString(ROOT_SECRET, ROOT_KEY), T0));
    }

    @Test
    void secrets_under_an_older_key_are_sealed_again_under_the_current_one() {
        givenSecretsUnder(k1);
        assertThat(app.resealer.stale()).isEqualTo(new Resealer.Stale(2, 0));

        var report = await(app.resealer.resealAll(Actor.service(), "r"));

        assertThat(report).isEqualTo(new Resealer.Report(2, 0, 0, 0));
        assertThat(app.appended()).hasSize(2);
        var root = (RootSecretResealed) app.appended().get(0);
        var user = (AccessKeySecretResealed) app.appended().get(1);
        assertThat(root.accountId()).isEqualTo(OTHER);
        assertThat(root.rootAccessKeyId()).isEqualTo(ROOT_KEY);
        assertThat(user.accessKeyId()).isEqualTo(USER_KEY);
        assertThat(root.encryptedRootSecret()).startsWith("k2~");
        assertThat(user.encryptedSecret()).startsWith("k2~");
        assertThat(app.keyRing.openString(root.encryptedRootSecret(), ROOT_KEY)).contains(ROOT_SECRET);
        assertThat(app.keyRing.openString(user.encryptedSecret(), USER_KEY)).contains(USER_SECRET);
        assertThat(app.events.envelopes().toString()).doesNotContain(USER_SECRET).doesNotContain(ROOT_SECRET);
        assertThat(app.resealer.stale()).isEqualTo(new Resealer.Stale(0, 0));
    }

    @Test
    void an_mfa_devices_seed_is_sealed_again_bound_to_its_device() {
        byte[] seed = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String aad = dev.opensts.iam.MfaDeviceState.seedAssociatedData("MFADPHONE");
        app.given(new dev.opensts.iam.MfaDeviceEvent.VirtualMfaDeviceCreated(ACCOUNT, "phone", "/", "MFADPHONE",
                k1.seal(seed, aad), java.util.List.of(), T0));
        assertThat(app.resealer.stale()).isEqualTo(new Resealer.Stale(1, 0));

        assertThat(await(app.resealer.resealAll(Actor.service(), "r"))).isEqualTo(new Resealer.Report(1, 0, 0, 0));

        var resealed = (dev.opensts.iam.MfaDeviceEvent.MfaSeedResealed) app.appended().get(0);
        assertThat(resealed.sealedSeed()).startsWith("k2~");
        assertThat(app.keyRing.open(resealed.sealedSeed(), aad)).hasValueSatisfying(b -> assertThat(b).isEqualTo(seed));
        assertThat(app.view.mfaDevice(ACCOUNT, "phone").sealedSeed()).isEqualTo(resealed.sealedSeed());
        assertThat(app.resealer.stale()).isEqualTo(new Resealer.Stale(0, 0));
    }

    @Test
    void a_second_pass_has_nothing_to_do() {
        givenSecretsUnder(k1);
        await(app.resealer.resealAll(Actor.service(), "r"));

        assertThat(await(app.resealer.resealAll(Actor.service(), "r"))).isEqualTo(new Resealer.Report(0, 0, 0, 0));
        assertThat(app.appended()).hasSize(2);
    }

    @Test
    void a_secret_under_a_key_the_ring_no_longer_holds_is_unreadable_and_left_as_it_is() {
        givenSecretsUnder(k0);
        assertThat(app.resealer.stale()).isEqualTo(new Resealer.Stale(0, 2));

        assertThat(await(app.resealer.resealAll(Actor.service(), "r"))).isEqualTo(new Resealer.Report(0, 2, 0, 2));
        assertThat(app.appended()).isEmpty();
    }

    @Test
    void a_write_that_fails_is_counted_and_the_pass_goes_on() {
        givenSecretsUnder(k1);
        app.events.broker(Broker.DOWN);

        assertThat(await(app.resealer.resealAll(Actor.service(), "r"))).isEqualTo(new Resealer.Report(0, 0, 2, 2));
        assertThat(app.resealer.stale()).isEqualTo(new Resealer.Stale(2, 0));
    }
}
