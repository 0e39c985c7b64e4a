package dev.opensts.error;

/**
 * A failure with AWS's code and a message that is safe to show the caller and to log: it never
 * carries a secret, a signing key or a session token.
 */
public class AwsException extends RuntimeException {
    private final ErrorCode code;

    public AwsException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static AwsException of(ErrorCode code, String format, Object... args) {
        return new AwsException(code, args.length == 0 ? format : String.format(format, args));
    }

    public static AwsException noSuchEntity(String what) {
        return new AwsException(ErrorCode.NoSuchEntity, what);
    }
}
