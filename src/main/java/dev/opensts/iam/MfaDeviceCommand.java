package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/**
 * What a caller asks of a virtual MFA device. Ids, times and the sealed seed are chosen by the caller of the decider;
 * the commands that check codes carry the seed in clear (opened by the caller from the state's sealed seed), never
 * kept: no event holds it in clear. A user is named with the unique id the caller found it under, so that a user
 * deleted and created again under the same name is another user.
 */
public sealed interface MfaDeviceCommand {
    String accountId();

    String deviceName();

    record CreateVirtualMfaDevice(String accountId, String deviceName, String path, String deviceId,
                                  String sealedSeed, List<Tag> tags, Instant at) implements MfaDeviceCommand {
    }

    /** Two consecutive codes of the device, the second one in the accepted window around {@code at}. */
    record EnableMfaDevice(String accountId, String deviceName, String userName, String userId, byte[] seed,
                           String code1, String code2, Instant at) implements MfaDeviceCommand {
    }

    /** As {@link EnableMfaDevice}, for a device already enabled for this user, within a wider window. */
    record ResyncMfaDevice(String accountId, String deviceName, String userId, byte[] seed, String code1,
                           String code2, Instant at) implements MfaDeviceCommand {
    }

    /** A sign-in with the device (GetSessionToken, AssumeRole): one code, used once. */
    record AuthenticateWithMfa(String accountId, String deviceName, String userId, byte[] seed, String code,
                               Instant at) implements MfaDeviceCommand {
    }

    record DeactivateMfaDevice(String accountId, String deviceName, String userId) implements MfaDeviceCommand {
    }

    record TagMfaDevice(String accountId, String deviceName, List<Tag> tags) implements MfaDeviceCommand {
    }

    record UntagMfaDevice(String accountId, String deviceName, List<String> tagKeys) implements MfaDeviceCommand {
    }

    /** The seed sealed again under the key ring's current key (key rotation), for this life of the device only. */
    record ResealMfaSeed(String accountId, String deviceName, String deviceId, String sealedSeed)
            implements MfaDeviceCommand {
    }

    record DeleteVirtualMfaDevice(String accountId, String deviceName) implements MfaDeviceCommand {
    }
}
