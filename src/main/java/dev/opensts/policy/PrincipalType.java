package dev.opensts.policy;

/** The kind of principal making the request; {@code ROOT} is AWS's "Account" principal type. */
public enum PrincipalType {
    ROOT,
    USER,
    ASSUMED_ROLE,
    FEDERATED,
    SERVICE,
    ANONYMOUS;

    /** The value AWS puts in aws:PrincipalType, or null where AWS documents none. */
    String awsName() {
        return switch (this) {
            case ROOT -> "Account";
            case USER -> "User";
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED -> "FederatedUser";
            case ANONYMOUS -> "Anonymous";
            case SERVICE -> null;
        };
    }
}
