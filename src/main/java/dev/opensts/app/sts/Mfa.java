package dev.opensts.app.sts;

import dev.opensts.error.AwsException;

import java.time.Instant;

/**
 * What an issuing request's SerialNumber and TokenCode came to, checked (and the code spent) before the request is
 * decided: none given, an MFA authentication at a time, or a failure (AWS's AccessDenied).
 */
record Mfa(Instant authenticatedAt, AwsException failure) {
    static final Mfa NONE = new Mfa(null, null);

    static Mfa passed(Instant at) {
        return new Mfa(at, null);
    }

    static Mfa failed(AwsException e) {
        return new Mfa(null, e);
    }

    boolean present() {
        return authenticatedAt != null;
    }

    /**
     * Throws the failure; for a request that named a device or a code but was not checked (no MFA devices here),
     * AWS's MFA failure.
     */
    void requireValid(String serialNumber, String tokenCode) {
        if (failure != null) {
            throw failure;
        }
        if (!present() && (serialNumber != null || tokenCode != null)) {
            throw dev.opensts.iam.MfaDeviceDecider.mfaFailed();
        }
    }
}
