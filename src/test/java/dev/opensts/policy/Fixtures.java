package dev.opensts.policy;

import java.util.List;
import java.util.Map;

/** Shared principals, policies and helpers for the policy tests. */
final class Fixtures {
    private Fixtures() {
    }

    static final String ACCT = "111122223333";
    static final String OTHER = "444455556666";

    static final PrincipalInfo ALICE = new PrincipalInfo("arn:aws:iam::" + ACCT + ":user/eng/alice", ACCT,
            PrincipalType.USER, "AIDAALICE", "alice", Map.of("team", "blue", "CostCenter", "42"));
    static final PrincipalInfo BOB_OTHER = new PrincipalInfo("arn:aws:iam::" + OTHER + ":user/bob", OTHER,
            PrincipalType.USER, "AIDABOB", "bob", Map.of());
    static final PrincipalInfo ADMIN_SESSION = new PrincipalInfo(
            "arn:aws:sts::" + ACCT + ":assumed-role/Admin/alice-session", "arn:aws:iam::" + ACCT + ":role/Admin", ACCT,
            PrincipalType.ASSUMED_ROLE,
            "AROAADMIN:alice-session", null, Map.of());
    static final PrincipalInfo OTHER_SESSION = new PrincipalInfo(
            "arn:aws:sts::" + OTHER + ":assumed-role/Deployer/ci", "arn:aws:iam::" + OTHER + ":role/Deployer", OTHER,
            PrincipalType.ASSUMED_ROLE,
            "AROADEPLOYER:ci", null, Map.of());
    static final PrincipalInfo ROOT = new PrincipalInfo("arn:aws:iam::" + ACCT + ":root", ACCT, PrincipalType.ROOT,
            ACCT, null, Map.of());
    static final PrincipalInfo EC2 = new PrincipalInfo("ec2.amazonaws.com", null, PrincipalType.SERVICE,
            null, null, Map.of());

    /** JSON with ' for " so that policies read well in Java source. */
    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A 2012-10-17 document with the given statements (single-quoted JSON). */
    static String doc(String... statements) {
        return j("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}");
    }

    static NamedPolicy named(String name, String json, PolicyKind kind) {
        return new NamedPolicy(name, Policy.parse(json, kind));
    }

    static NamedPolicy identity(String... statements) {
        return named("user/alice inline test", doc(statements), PolicyKind.USER_INLINE);
    }

    static NamedPolicy trust(String... statements) {
        return named("role/Target trust", doc(statements), PolicyKind.TRUST);
    }

    static RequestContext.Builder req(PrincipalInfo p, String action, String resource) {
        return RequestContext.builder().principal(p).action(action).resource(resource);
    }

    static Decision eval(RequestContext ctx, NamedPolicy... identity) {
        return Evaluator.evaluate(ctx, List.of(identity), null, null);
    }
}
