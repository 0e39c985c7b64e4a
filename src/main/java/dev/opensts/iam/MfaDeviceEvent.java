package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/**
 * Events of a virtual MFA device (stream: its path-less serial number with the name folded to lower case). The seed
 * is only ever in {@link VirtualMfaDeviceCreated}, sealed under the key ring; every event that accepts a code names
 * the time step it accepted, so that every replica refuses that step and the ones before it.
 */
public sealed interface MfaDeviceEvent extends IamEvent {
    String deviceName();

    @Override
    default String streamId() {
        return StreamIds.mfaDevice(accountId(), deviceName());
    }

    /** deviceId: open-sts's id of this life of the device (the sealed seed's associated data), never shown. */
    record VirtualMfaDeviceCreated(String accountId, String deviceName, String path, String deviceId,
                                   String sealedSeed, List<Tag> tags, Instant createDate) implements MfaDeviceEvent {
    }

    record MfaDeviceEnabled(String accountId, String deviceName, String userName, String userId, Instant enableDate,
                            long acceptedStep) implements MfaDeviceEvent {
    }

    record MfaDeviceResynced(String accountId, String deviceName, long acceptedStep) implements MfaDeviceEvent {
    }

    /** A code accepted for a sign-in (GetSessionToken or AssumeRole with SerialNumber and TokenCode). */
    record MfaCodeAccepted(String accountId, String deviceName, long acceptedStep) implements MfaDeviceEvent {
    }

    record MfaDeviceDeactivated(String accountId, String deviceName, String userName, String userId)
            implements MfaDeviceEvent {
    }

    record VirtualMfaDeviceTagged(String accountId, String deviceName, List<Tag> tags) implements MfaDeviceEvent {
    }

    record VirtualMfaDeviceUntagged(String accountId, String deviceName, List<String> tagKeys)
            implements MfaDeviceEvent {
    }

    /** The seed, sealed again under the key ring's current key. */
    record MfaSeedResealed(String accountId, String deviceName, String deviceId, String sealedSeed)
            implements MfaDeviceEvent {
    }

    record VirtualMfaDeviceDeleted(String accountId, String deviceName) implements MfaDeviceEvent {
    }
}
