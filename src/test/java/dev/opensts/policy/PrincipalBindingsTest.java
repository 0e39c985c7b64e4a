package dev.opensts.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.opensts.policy.Fixtures.ACCT;
import static dev.opensts.policy.Fixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trust policy whose IAM principals were bound to unique ids when it was saved matches those principals only:
 * a user or role deleted and re-created under the same name (a new id) is not named by it any more.
 */
class PrincipalBindingsTest {
    static final String TRUST = doc("{'Effect':'Allow','Principal':{'AWS':['arn:aws:iam::" + ACCT + ":user/eng/alice',"
            + "'arn:aws:iam::" + ACCT + ":role/Deployer']},'Action':'sts:AssumeRole'}");

    static PrincipalInfo user(String id) {
        return new PrincipalInfo("arn:aws:iam::" + ACCT + ":user/eng/alice", ACCT, PrincipalType.USER, id, "alice",
                Map.of());
    }

    static PrincipalInfo roleSession(String roleId) {
        return new PrincipalInfo("arn:aws:sts::" + ACCT + ":assumed-role/Deployer/s",
                "arn:aws:iam::" + ACCT + ":role/Deployer", ACCT, PrincipalType.ASSUMED_ROLE, roleId + ":s", null,
                Map.of());
    }

    static boolean allowed(Policy trust, PrincipalInfo p) {
        var ctx = RequestContext.builder().principal(p).action("sts:AssumeRole")
                .resource("arn:aws:iam::" + ACCT + ":role/Target").build();
        return Evaluator.evaluateWithResourcePolicy(ctx, new NamedPolicy("trust", trust), ACCT, java.util.List.of(),
                null, null).allowed();
    }

    @Test
    void theDocumentNamesItsIamPrincipalsByAccountKindAndFoldedName() {
        assertThat(PrincipalBindings.principalsOf(Policy.parse(TRUST, PolicyKind.TRUST)))
                .containsExactly(ACCT + ":role/deployer", ACCT + ":user/alice");
    }

    @Test
    void boundPrincipalsMatchOnlyTheIdsTheyHadWhenSaved() {
        Policy bound = Policy.parse(TRUST, PolicyKind.TRUST, new PrincipalBindings(Map.of(
                PrincipalBindings.key(ACCT, "user", "alice"), "AIDAOLD", PrincipalBindings.key(ACCT, "role", "Deployer"),
                "AROAOLD")));
        assertThat(allowed(bound, user("AIDAOLD"))).isTrue();
        assertThat(allowed(bound, user("AIDANEW"))).as("alice deleted and re-created").isFalse();
        assertThat(allowed(bound, roleSession("AROAOLD"))).isTrue();
        assertThat(allowed(bound, roleSession("AROANEW"))).as("Deployer deleted and re-created").isFalse();
    }

    @Test
    void aBoundPrincipalWithoutAnIdMatchesNobody() {
        Policy bound = Policy.parse(TRUST, PolicyKind.TRUST, new PrincipalBindings(Map.of()));
        assertThat(allowed(bound, user("AIDAOLD"))).isFalse();
        assertThat(allowed(bound, roleSession("AROAOLD"))).isFalse();
    }

    @Test
    void unboundPrincipalsMatchByNameAsBefore() {
        Policy unbound = Policy.parse(TRUST, PolicyKind.TRUST);
        assertThat(allowed(unbound, user("AIDAANY"))).isTrue();
        assertThat(allowed(unbound, roleSession("AROAANY"))).isTrue();
    }
}
