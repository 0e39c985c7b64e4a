package dev.opensts.policy;

import dev.opensts.arn.Arn;

import java.util.regex.Pattern;

/** One value of a Principal/NotPrincipal element. Which identity layers of the caller it names is {@link #covers}. */
sealed interface PrincipalEntry {
    /** Identity layers of a caller: its account, the role behind a session, and the caller itself. */
    int ACCOUNT = 1;
    int ROLE = 2;
    int SELF = 4;

    /** The layers of the caller this entry names (0 when none). */
    int covers(RequestContext ctx);

    /** "*": every principal, anonymous included. */
    record Anyone() implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            return ACCOUNT | ROLE | SELF;
        }
    }

    /** "123456789012" or arn:aws:iam::123456789012:root: every IAM principal of that account. */
    record Account(String accountId) implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            PrincipalInfo p = ctx.principal();
            if (!accountId.equals(p.accountId())) {
                return 0;
            }
            return switch (p.type()) {
                case ROOT -> ACCOUNT | SELF; // the root user is the account principal itself
                case USER, ASSUMED_ROLE, FEDERATED -> ACCOUNT;
                case SERVICE, ANONYMOUS -> 0;
            };
        }
    }

    /**
     * An IAM user ARN; user names are unique within an account, so the path is not compared. With a binding
     * ({@link PrincipalBindings}) only the user of that unique id matches; {@code bound} with a null id matches
     * nobody (a principal that did not exist when the policy was saved).
     */
    record IamUser(String accountId, String name, boolean bound, String uniqueId) implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            PrincipalInfo p = ctx.principal();
            if (p.type() != PrincipalType.USER || !accountId.equals(p.accountId())) {
                return 0;
            }
            if (bound) {
                return uniqueId != null && uniqueId.equals(p.userId()) ? SELF : 0;
            }
            Arn arn = Arn.parse(p.arn());
            return arn != null && arn.resource().startsWith("user/") && arn.name().equals(name) ? SELF : 0;
        }
    }

    /**
     * An IAM role ARN: names the role's sessions (role names are unique within an account). With a binding only
     * the sessions of the role of that unique id match (aws:userid AROA...:session).
     */
    record IamRole(String accountId, String name, boolean bound, String uniqueId) implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            PrincipalInfo p = ctx.principal();
            if (p.type() != PrincipalType.ASSUMED_ROLE || !accountId.equals(p.accountId())) {
                return 0;
            }
            if (bound) {
                return uniqueId != null && p.userId() != null && p.userId().startsWith(uniqueId + ":") ? ROLE : 0;
            }
            return name.equals(ctx.roleName()) ? ROLE : 0;
        }
    }

    /** An assumed-role session ARN or an STS federated-user ARN, compared exactly. */
    record Session(String arn) implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            return arn.equals(ctx.principal().arn()) ? SELF : 0;
        }
    }

    /** "Federated": an identity provider (e.g. cognito-identity.amazonaws.com or a SAML provider ARN). */
    record Federated(String provider) implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            PrincipalInfo p = ctx.principal();
            return p.type() == PrincipalType.FEDERATED && provider.equals(p.arn()) ? SELF : 0;
        }
    }

    /** "Service": an AWS service principal, compared case-insensitively. */
    record Service(String name) implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            PrincipalInfo p = ctx.principal();
            return p.type() == PrincipalType.SERVICE && name.equalsIgnoreCase(p.arn()) ? SELF : 0;
        }
    }

    /** "CanonicalUser": the caller's canonical id, carried in {@link PrincipalInfo#userId()}. */
    record CanonicalUser(String id) implements PrincipalEntry {
        public int covers(RequestContext ctx) {
            return id.equals(ctx.principal().userId()) ? SELF : 0;
        }
    }

    Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    /**
     * Parses one "AWS" value.
     *
     * @throws IllegalArgumentException with the reason
     */
    static PrincipalEntry parseAws(String v) {
        return parseAws(v, PrincipalBindings.NONE);
    }

    static PrincipalEntry parseAws(String v, PrincipalBindings bindings) {
        if (v.equals("*")) {
            return new Anyone();
        }
        if (ACCOUNT_ID.matcher(v).matches()) {
            return new Account(v);
        }
        if (v.indexOf('*') >= 0 || v.indexOf('?') >= 0) {
            throw new IllegalArgumentException("Invalid principal \"" + v
                    + "\": wildcards cannot match part of a principal; use \"*\" or a condition on aws:PrincipalArn");
        }
        Arn p = Arn.parse(v);
        if (p == null || p.partition().isEmpty() || !p.region().isEmpty() || !Arn.isAccountId(p.account())) {
            throw new IllegalArgumentException("Invalid principal \"" + v
                    + "\": expected \"*\", a 12-digit account id, or an IAM/STS principal ARN");
        }
        String account = p.account();
        String res = p.resource();
        if (p.service().equals("iam")) {
            if (res.equals("root")) {
                return new Account(account);
            }
            if (res.startsWith("user/") && validPath(res.substring(5))) {
                String name = p.name();
                return new IamUser(account, name, bindings.bound(), bindings.idOf(account, "user", name));
            }
            if (res.startsWith("role/") && validPath(res.substring(5))) {
                String name = p.name();
                return new IamRole(account, name, bindings.bound(), bindings.idOf(account, "role", name));
            }
        } else if (p.service().equals("sts")) {
            String session = res.startsWith("assumed-role/") ? res.substring("assumed-role/".length()) : null;
            if (session != null && session.split("/", -1).length == 2 && validPath(session)) {
                return new Session(v);
            }
            if (res.startsWith("federated-user/") && validPath(res.substring("federated-user/".length()))) {
                return new Session(v);
            }
        }
        throw new IllegalArgumentException("Invalid principal \"" + v
                + "\": expected arn:...:iam::ACCOUNT:root|user/NAME|role/NAME or arn:...:sts::ACCOUNT:assumed-role/ROLE/SESSION|federated-user/NAME");
    }

    private static boolean validPath(String s) {
        if (s.isEmpty() || s.endsWith("/") || s.startsWith("/")) {
            return false;
        }
        return !s.contains("//");
    }
}
