package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.List;

/**
 * A virtual MFA device: its seed sealed under the key ring (bound to deviceId), the user it is enabled for (by name
 * and unique id; null when unassigned) and the last time step accepted from it (0 for none), which no later code may
 * repeat or precede.
 */
public record MfaDeviceState(String accountId, String deviceName, String path, String deviceId, String sealedSeed,
                             List<Tag> tags, Instant createDate, String userName, String userId, Instant enableDate,
                             long lastUsedStep) implements AggregateState {

    /** The serial number, which for a virtual device is its ARN: arn:aws:iam::ACCOUNT:mfa/PATH+NAME. */
    public String serialNumber() {
        return Arn.iam(accountId, "mfa", path, deviceName).toString();
    }

    public boolean assigned() {
        return userId != null;
    }

    /** The associated data the seed is sealed with: this life of this device only. */
    public static String seedAssociatedData(String deviceId) {
        return "mfa-seed:" + deviceId;
    }

    @Override
    public String toString() {
        return "MfaDeviceState[" + serialNumber() + ", user=" + userName + ", lastUsedStep=" + lastUsedStep + "]";
    }
}
