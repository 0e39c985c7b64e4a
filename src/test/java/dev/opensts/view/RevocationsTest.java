package dev.opensts.view;

import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationsTest {
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    static final String ACCOUNT = "123456789012";
    static final String ROLE = "arn:aws:iam::123456789012:role/app";
    static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/other";
    static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    static final String ALICE_KEY = "AKIAAAAAAAAAAAAALICE";

    final Revocations index = new Revocations();

    static SessionClaims session(String role, String key, Instant issued, String sourceIdentity,
                                 List<SessionClaims.ChainLink> chain) {
        String name = "s-" + key.substring(16);
        String originKey = chain.isEmpty() ? ALICE_KEY : ALICE_KEY;
        String parent = chain.isEmpty() ? ALICE_KEY : chain.get(chain.size() - 1).accessKeyId();
        return new SessionClaims(SessionKind.ASSUMED_ROLE, ACCOUNT, key, "x".repeat(40),
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role.substring(role.indexOf('/') + 1) + "/" + name,
                "AROAAAAAAAAAAAAAAAAA:" + name, role, role.substring(role.indexOf('/') + 1), "AROAAAAAAAAAAAAAAAAA",
                name, null, issued, issued.plusSeconds(3600), null, List.of(), Map.of(), List.of(), sourceIdentity,
                false, null, chain.size(), originKey, ALICE, parent, chain);
    }

    static SessionClaims session(String role, String key, Instant issued) {
        return session(role, key, issued, null, List.of());
    }

    static Revocation revocation(Revocation.Kind kind, String subject, Instant issuedBefore) {
        return new Revocation(java.util.UUID.randomUUID().toString(), ACCOUNT, kind, subject, issuedBefore,
                issuedBefore, issuedBefore.plusSeconds(36 * 3600));
    }

    @Test
    void nothingIsRevokedAtFirst() {
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0))).isFalse();
        assertThat(index.size()).isZero();
    }

    @Test
    void aRoleRevocationCoversSessionsIssuedBeforeItOnly() {
        index.apply(revocation(Revocation.Kind.ROLE, ROLE, T0), T0);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusMillis(1)))).isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0002", T0))).isFalse();
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0003", T0.minusSeconds(5)))).isFalse();
        // an earlier revocation of the same role does not move the line back
        index.apply(revocation(Revocation.Kind.ROLE, ROLE, T0.minusSeconds(60)), T0);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusMillis(1)))).isTrue();
    }

    @Test
    void anAccessKeyRevocationCoversThatSessionAndItsDescendants() {
        index.apply(revocation(Revocation.Kind.ACCESS_KEY, "ASIAAAAAAAAAAAAA0001", T0), T0);
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
    void aSourceIdentityRevocationCoversItsSessionsOnAnyRoleInItsAccount() {
        index.apply(revocation(Revocation.Kind.SOURCE_IDENTITY, "bob", T0), T0);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(1), "bob", List.of())))
                .isTrue();
        assertThat(index.isRevoked(session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0002", T0.minusSeconds(1), "bob", List.of())))
                .isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0003", T0.minusSeconds(1), "carol", List.of())))
                .isFalse();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0004", T0.plusSeconds(1), "bob", List.of())))
                .as("issued after").isFalse();
        var otherAccount = new Revocation("r", "999999999999", Revocation.Kind.SOURCE_IDENTITY, "carol", T0, T0,
                T0.plusSeconds(3600));
        index.apply(otherAccount, T0);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0003", T0.minusSeconds(1), "carol", List.of())))
                .as("another account's source identity").isFalse();
    }

    @Test
    void aPrincipalRevocationCoversWhatItCreatedDirectlyOrThroughAChain() {
        SessionClaims direct = session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(10));
        SessionClaims chained = session(OTHER_ROLE, "ASIAAAAAAAAAAAAA0002", T0.minusSeconds(5), null,
                direct.chainWithSelf());
        index.apply(revocation(Revocation.Kind.PRINCIPAL, direct.principalArn(), T0), T0);
        assertThat(index.isRevoked(direct)).as("the session itself was created by alice").isFalse();
        assertThat(index.isRevoked(chained)).isTrue();

        index.apply(revocation(Revocation.Kind.PRINCIPAL, ALICE, T0), T0);
        assertThat(index.isRevoked(direct)).isTrue();
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0003", T0.plusSeconds(1)))).as("after").isFalse();
    }

    @Test
    void expiredEntriesAreSweptAndExpiredEventsNotApplied() {
        index.apply(revocation(Revocation.Kind.ROLE, ROLE, T0), T0);
        index.apply(revocation(Revocation.Kind.ACCESS_KEY, "ASIAAAAAAAAAAAAA0001", T0), T0);
        index.apply(revocation(Revocation.Kind.SOURCE_IDENTITY, "bob", T0), T0);
        index.apply(revocation(Revocation.Kind.PRINCIPAL, "arn:aws:iam::123456789012:user/bob", T0.plusSeconds(3600)), T0);
        assertThat(index.size()).isEqualTo(4);
        assertThat(index.sweep(T0.plusSeconds(36 * 3600 - 1))).isZero();
        assertThat(index.sweep(T0.plusSeconds(36 * 3600))).isEqualTo(3);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.isRevoked(session(ROLE, "ASIAAAAAAAAAAAAA0001", T0.minusSeconds(1)))).isFalse();
        index.apply(revocation(Revocation.Kind.ROLE, ROLE, T0), T0.plusSeconds(40 * 3600));
        assertThat(index.size()).as("already expired when replayed").isEqualTo(1);
    }

    @Test
    void awaitAppliedCompletesOnApply() {
        Revocation r = revocation(Revocation.Kind.ROLE, ROLE, T0);
        var applied = index.awaitApplied(r.revocationId());
        assertThat(applied).isNotDone();
        index.apply(r, T0);
        assertThat(applied).isDone();
    }
}
