package dev.opensts.view;

import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.iam.EventEnvelope;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationsTest {
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    static final String ACCOUNT = "123456789012";
    static final String ROLE = "arn:aws:iam::123456789012:role/team/App";
    static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/other";
    static final String ALICE = "arn:aws:iam::123456789012:user/eng/alice";
    static final String ALICE_KEY = "AKIAAAAAAAAAAAAALICE";

    final Revocations index = new Revocations();

    static SessionClaims session(String role, String key, Instant issued, String sourceIdentity,
                                 List<SessionClaims.ChainLink> chain) {
        String name = "s-" + key.substring(16);
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        String parent = chain.isEmpty() ? ALICE_KEY : chain.get(chain.size() - 1).accessKeyId();
        return new SessionClaims(SessionKind.ASSUMED_ROLE, ACCOUNT, key, "x".repeat(40),
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleName + "/" + name,
                "AROAAAAAAAAAAAAAAAAA:" + name, role, roleName, "AROAAAAAAAAAAAAAAAAA",
                name, null, issued, issued.plusSeconds(3600), null, List.of(), Map.of(), List.of(), sourceIdentity,
                false, null, chain.size(), ALICE_KEY, ALICE, parent, chain);
    }

    static SessionClaims session(String role, String key, Instant issued) {
        return session(role, key, issued, null, List.of());
    }

    /** A GetSessionToken session of alice. */
    static SessionClaims aliceSession(String key, Instant issued) {
        return new SessionClaims(SessionKind.USER_SESSION, ACCOUNT, key, "x".repeat(40), ALICE, "AIDAALICE",
                null, null, null, null, "alice", issued, issued.plusSeconds(3600), null, List.of(), Map.of(),
                List.of(), null, false, null, 0, ALICE_KEY, ALICE, ALICE_KEY);
    }

    static Revocation revocation(Revocation.Kind kind, String subject) {
        return new Revocation(java.util.UUID.randomUUID().toString(), ACCOUNT, kind, subject, null);
    }

    /** A revocation as its writer appends it: its own stream, expecting version 0. */
    static EventEnvelope<Revocation> written(Revocation r) {
        return new EventEnvelope<>(r.revocationId(), r.streamId(), 0, T0, "/opensts/test", null, r);
    }

    /** Applied as if its record was appended at {@code at}, read at the same time. */
    void revoke(Revocation.Kind kind, String subject, Instant at) {
        index.apply(written(revocation(kind, subject)), at, at);
    }

    @Test
    void nothingIsRevokedAtFirst() {
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0))).isFalse();
        assertThat(index.size()).isZero();
    }

    @Test
    void aRoleRevocationCoversSessionsIssuedBeforeItsRecordTimeOnly() {
        revoke(Revocation.Kind.ROLE, ROLE, T0);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusMillis(1)))).isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0002", T0))).isFalse();
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0003", T0.minusSeconds(5)))).isFalse();
        // an earlier revocation of the same role does not move the line back
        revoke(Revocation.Kind.ROLE, ROLE, T0.minusSeconds(60));
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusMillis(1)))).isTrue();
    }

    @Test
    void theRecordTimeDecidesNotTheClockOfTheReplicaThatReadsIt() {
        // read by a replica whose clock is an hour ahead: the line is still the record's time
        index.apply(written(revocation(Revocation.Kind.ROLE, ROLE)), T0, T0.plusSeconds(3600));
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusMillis(1)))).isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0002", T0.plusMillis(1)))).isFalse();
    }

    @Test
    void aRequestedIssuedBeforeCountsUpToTheRecordTime() {
        var earlier = new Revocation("r1", ACCOUNT, Revocation.Kind.ROLE, ROLE, T0.minusSeconds(60));
        index.apply(written(earlier), T0, T0);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(61)))).isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0002", T0.minusSeconds(59)))).isFalse();
        var later = new Revocation("r2", ACCOUNT, Revocation.Kind.ROLE, OTHER_ROLE, T0.plusSeconds(3600));
        index.apply(written(later), T0, T0);
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0003", T0.minusMillis(1)))).isTrue();
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0004", T0.plusSeconds(1))))
                .as("a future IssuedBefore is the record's time: later sessions stay valid").isFalse();
    }

    @Test
    void aRoleIsNamedByAccountAndNameWhateverThePathOrCase() {
        for (String spelling : List.of("arn:aws:iam::123456789012:role/App", "arn:aws:iam::123456789012:role/APP",
                "arn:aws:iam::123456789012:role/other/path/app")) {
            var fresh = new Revocations();
            fresh.apply(written(revocation(Revocation.Kind.ROLE, spelling)), T0, T0);
            assertThat(fresh.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(1)))).as(spelling).isTrue();
        }
        var otherAccount = new Revocations();
        otherAccount.apply(written(revocation(Revocation.Kind.ROLE, "arn:aws:iam::999999999999:role/team/App")), T0, T0);
        assertThat(otherAccount.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(1)))).isFalse();
    }

    @Test
    void anAccessKeyRevocationCoversThatSessionAndItsDescendants() {
        revoke(Revocation.Kind.ACCESS_KEY, "ASIAAAAAAAAAAAAA0001", T0);
        SessionClaims first = session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(10));
        assertThat(index.isRevoked(first)).isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0002", T0.minusSeconds(10)))).isFalse();
        SessionClaims second = session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0003", T0.plusSeconds(10), null,
                first.chainWithSelf());
        SessionClaims third = session(ROLE, "ASIAAAAAAAAAAAAA0004", T0.plusSeconds(20), null, second.chainWithSelf());
        assertThat(index.isRevoked(second)).isTrue();
        assertThat(index.isRevoked(third)).as("grandchild").isTrue();
    }

    @Test
    void aRoleRevocationCoversSessionsChainedFromItsSessionsEvenWhenMintedAfterIt() {
        SessionClaims ofApp = session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(10));
        // minted from it after the revocation's record time, by a replica that had not read it yet
        SessionClaims chained = session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0002", T0.plusSeconds(5), null,
                ofApp.chainWithSelf());
        SessionClaims further = session("arn:aws:iam::123456789012:role/third", "ASIAAAAAAAAAAAAA0003",
                T0.plusSeconds(6), null, chained.chainWithSelf());
        revoke(Revocation.Kind.ROLE, ROLE, T0);
        assertThat(index.isRevoked(ofApp)).isTrue();
        assertThat(index.isRevoked(chained)).isTrue();
        assertThat(index.isRevoked(further)).isTrue();
        // a session of App issued after the line, and what chains from it, stay valid
        SessionClaims fresh = session(ROLE, "ASIAAAAAAAAAAAAA0004", T0.plusSeconds(1));
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0005", T0.plusSeconds(2), null,
                fresh.chainWithSelf()))).isFalse();
    }

    @Test
    void aSourceIdentityRevocationCoversItsSessionsOnAnyRoleInItsAccountAndWhatChainsFromThem() {
        revoke(Revocation.Kind.SOURCE_IDENTITY, "bob", T0);
        SessionClaims bobs = session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(1), "bob", List.of());
        assertThat(index.isRevoked(bobs)).isTrue();
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0002", T0.minusSeconds(1), "bob", List.of())))
                .isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0003", T0.minusSeconds(1), "carol", List.of())))
                .isFalse();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0004", T0.plusSeconds(1), "bob", List.of())))
                .as("issued after").isFalse();
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0005", T0.plusSeconds(1), "bob",
                bobs.chainWithSelf()))).as("chained, after the line, from a revoked one").isTrue();
        // the identity was set after the line on a chain whose first session had none: not revoked
        SessionClaims plain = session(ROLE, "ASIAAAAAAAAAAAAA0006", T0.minusSeconds(5));
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0007", T0.plusSeconds(1), "bob",
                plain.chainWithSelf()))).isFalse();
        var otherAccount = new Revocation("r", "999999999999", Revocation.Kind.SOURCE_IDENTITY, "carol", null);
        index.apply(written(otherAccount), T0, T0);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0003", T0.minusSeconds(1), "carol", List.of())))
                .as("another account's source identity").isFalse();
    }

    @Test
    void aPrincipalRevocationCoversWhatItCreatedDirectlyOrThroughAChain() {
        SessionClaims direct = session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(10));
        SessionClaims chained = session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0002", T0.minusSeconds(5), null,
                direct.chainWithSelf());
        SessionClaims sibling = session(ROLE, "ASIAAAAAAAAAAAAA0008", T0.minusSeconds(10));
        revoke(Revocation.Kind.PRINCIPAL, direct.principalArn(), T0);
        assertThat(index.isRevoked(direct)).as("the named session itself").isTrue();
        assertThat(index.isRevoked(chained)).as("what it created").isTrue();
        assertThat(index.isRevoked(sibling)).as("another session of the role").isFalse();

        revoke(Revocation.Kind.PRINCIPAL, ALICE, T0);
        assertThat(index.isRevoked(direct)).isTrue();
        assertThat(index.isRevoked(aliceSession("ASIAAAAAAAAAAAAA0009", T0.minusSeconds(1)))).isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0003", T0.plusSeconds(1)))).as("after").isFalse();
    }

    @Test
    void aUserIsNamedByAccountAndNameWhateverThePathOrCase() {
        SessionClaims direct = session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(10));
        for (String spelling : List.of("arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/ALICE",
                "arn:aws:iam::123456789012:user/x/y/Alice")) {
            var fresh = new Revocations();
            fresh.apply(written(revocation(Revocation.Kind.PRINCIPAL, spelling)), T0, T0);
            assertThat(fresh.isRevoked(direct)).as(spelling).isTrue();
        }
        var bob = new Revocations();
        bob.apply(written(revocation(Revocation.Kind.PRINCIPAL, "arn:aws:iam::123456789012:user/eng/bob")), T0, T0);
        assertThat(bob.isRevoked(direct)).isFalse();
    }

    @Test
    void keysFoldNamesButKeepSessionNames() {
        assertThat(Revocations.roleKey("arn:aws:iam::123456789012:role/a/b/MyRole"))
                .isEqualTo(Revocations.roleKey("arn:aws:iam::123456789012:role/myrole"))
                .isEqualTo(Revocations.roleOfSession("arn:aws:sts::123456789012:assumed-role/MYROLE/s"));
        assertThat(Revocations.principalKey("arn:aws:sts::123456789012:assumed-role/MyRole/Sess"))
                .isEqualTo(Revocations.principalKey("arn:aws:sts::123456789012:assumed-role/myrole/Sess"))
                .isNotEqualTo(Revocations.principalKey("arn:aws:sts::123456789012:assumed-role/myrole/sess"));
        assertThat(Revocations.principalKey("arn:aws:iam::123456789012:root")).isEqualTo("123456789012:root");
        assertThat(Revocations.roleOfSession("arn:aws:iam::123456789012:user/alice")).isNull();
        assertThat(Revocations.principalKey("not an arn")).isEqualTo("not an arn");
    }

    @Test
    void expiredEntriesAreSweptAndExpiredEventsNotApplied() {
        revoke(Revocation.Kind.ROLE, ROLE, T0);
        revoke(Revocation.Kind.ACCESS_KEY, "ASIAAAAAAAAAAAAA0001", T0);
        revoke(Revocation.Kind.SOURCE_IDENTITY, "bob", T0);
        index.apply(written(revocation(Revocation.Kind.PRINCIPAL, "arn:aws:iam::123456789012:user/bob")),
                T0.plusSeconds(3600), T0);
        assertThat(index.size()).isEqualTo(4);
        assertThat(index.sweep(T0.plusSeconds(36 * 3600 - 1))).isZero();
        assertThat(index.sweep(T0.plusSeconds(36 * 3600))).isEqualTo(3);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(1)))).isFalse();
        index.apply(written(revocation(Revocation.Kind.ROLE, ROLE)), T0, T0.plusSeconds(40 * 3600));
        assertThat(index.size()).as("already expired when replayed").isEqualTo(1);
    }

    @Test
    void a_copy_of_an_applied_revocation_is_skipped_by_the_version_rule() {
        Revocation r = revocation(Revocation.Kind.ROLE, ROLE);
        assertThat(index.apply(written(r), T0, T0)).isTrue();
        // the same revocation again, at a later record time: it took effect at its first record's time
        assertThat(index.apply(written(r), T0.plusSeconds(60), T0.plusSeconds(60))).isFalse();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.plusSeconds(30)))).isFalse();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0002", T0.minusSeconds(1)))).isTrue();
    }

    @Test
    void a_copy_of_a_key_revocation_applies_again_and_changes_nothing() {
        Revocation r = revocation(Revocation.Kind.ACCESS_KEY, "ASIAAAAAAAAAAAAA0007");
        assertThat(index.apply(written(r), T0, T0)).isTrue();
        int size = index.size();
        assertThat(index.apply(written(r), T0.plusSeconds(60), T0.plusSeconds(60))).as("idempotent").isTrue();
        assertThat(index.size()).as("still one entry for the key").isEqualTo(size).isEqualTo(1);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0007", T0.minusSeconds(1)))).isTrue();
    }

    @Test
    void awaitAppliedCompletesOnApply() {
        Revocation r = revocation(Revocation.Kind.ROLE, ROLE);
        var applied = index.awaitApplied(r.revocationId()).subscribe().withSubscriber(UniAssertSubscriber.create());
        applied.assertNotTerminated();
        index.apply(written(r), T0, T0);
        applied.assertItem(true);
    }

    @Test
    void anAccountsRootIsAPrincipalToo() {
        String root = "arn:aws:iam::" + ACCOUNT + ":root";
        var rootSession = new SessionClaims(SessionKind.ROOT_SESSION, ACCOUNT, "ASIAAAAAAAAAAAAA0042", "x".repeat(40),
                root, ACCOUNT, null, null, null, null, null, T0.minusSeconds(30), T0.plusSeconds(3600), null,
                List.of(), Map.of(), List.of(), null, false, null, 0, "AKIAROOT", root, "AKIAROOT");
        SessionClaims chained = session(ROLE, "ASIAAAAAAAAAAAAA0043", T0.plusSeconds(5), null,
                rootSession.chainWithSelf());
        revoke(Revocation.Kind.PRINCIPAL, root, T0);
        assertThat(index.isRevoked(rootSession)).isTrue();
        assertThat(index.isRevoked(chained)).as("chained after the line from a revoked root session").isTrue();
        assertThat(index.isRevoked(aliceSession("ASIAAAAAAAAAAAAA0044", T0.minusSeconds(1)))).isFalse();
    }
}
