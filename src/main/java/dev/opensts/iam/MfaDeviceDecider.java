package dev.opensts.iam;

import dev.opensts.credentials.Totp;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.MfaDeviceCommand.*;
import dev.opensts.iam.MfaDeviceEvent.*;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The virtual MFA device aggregate: decide(command, state) and evolve(state, event), both pure (the time and the
 * opened seed come in the command). AWS's rules: one device per name in an account, enabled for at most one user with
 * two consecutive codes, not deleted while enabled. Each accepted code moves the device's last used step forward, and
 * no code of that step or an earlier one is accepted again: a code is usable once, on every replica, since the step is
 * in the event log. A device deleted and created again has a new seed, so its old codes mean nothing.
 */
public final class MfaDeviceDecider {
    /** Steps either side of now searched for a resync's two codes: a device that drifted up to 5 minutes. */
    public static final int RESYNC_WINDOW = 10;
    /** AWS's message for a sign-in with a wrong, reused or unknown device's code. */
    public static final String MFA_FAILED = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    private MfaDeviceDecider() {
    }

    /** @param state the device, or null when the account has none of that name */
    public static List<MfaDeviceEvent> decide(MfaDeviceCommand command, MfaDeviceState state, Quotas quotas) {
        if (command instanceof AuthenticateWithMfa c) {
            // nothing about the device is told to a caller who fails: unknown, not theirs and wrong are one answer
            if (state == null || !Objects.equals(state.userId(), c.userId())) {
                throw mfaFailed();
            }
            OptionalLong step = Totp.match(c.seed(), c.code(), c.at(), state.lastUsedStep());
            if (step.isEmpty()) {
                throw mfaFailed();
            }
            return List.of(new MfaCodeAccepted(c.accountId(), state.deviceName(), step.getAsLong()));
        }
        if (!(command instanceof CreateVirtualMfaDevice) && state == null) {
            throw notFound(command.accountId(), command.deviceName());
        }
        return switch (command) {
            case CreateVirtualMfaDevice c -> {
                if (state != null) {
                    throw new AwsException(ErrorCode.EntityAlreadyExists,
                            "MFADevice entity at the same path and name already exists.");
                }
                List<Tag> tags = Tags.checked(List.of(), c.tags() == null ? List.of() : c.tags(),
                        quotas.tagsPerEntity());
                yield List.of(new VirtualMfaDeviceCreated(c.accountId(), c.deviceName(), c.path(), c.deviceId(),
                        c.sealedSeed(), tags, c.at()));
            }
            case EnableMfaDevice c -> {
                if (state.assigned()) {
                    throw new AwsException(ErrorCode.EntityAlreadyExists, "MFA Device is already in use.");
                }
                long step = consecutive(c.seed(), c.code1(), c.code2(), c.at(), Totp.WINDOW, state.lastUsedStep());
                yield List.of(new MfaDeviceEnabled(c.accountId(), state.deviceName(), c.userName(), c.userId(),
                        c.at(), step));
            }
            case ResyncMfaDevice c -> {
                requireAssignedTo(state, c.userId());
                long step = consecutive(c.seed(), c.code1(), c.code2(), c.at(), RESYNC_WINDOW, state.lastUsedStep());
                yield List.of(new MfaDeviceResynced(c.accountId(), state.deviceName(), step));
            }
            case DeactivateMfaDevice c -> {
                requireAssignedTo(state, c.userId());
                yield List.of(new MfaDeviceDeactivated(c.accountId(), state.deviceName(), state.userName(),
                        state.userId()));
            }
            case TagMfaDevice c -> {
                Tags.checked(state.tags(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new VirtualMfaDeviceTagged(c.accountId(), state.deviceName(), c.tags()));
            }
            case UntagMfaDevice c ->
                    List.of(new VirtualMfaDeviceUntagged(c.accountId(), state.deviceName(), c.tagKeys()));
            case ResealMfaSeed c -> {
                if (!state.deviceId().equals(c.deviceId())) {
                    throw notFound(c.accountId(), c.deviceName()); // created again since: its seed is another
                }
                yield List.of(new MfaSeedResealed(c.accountId(), state.deviceName(), c.deviceId(), c.sealedSeed()));
            }
            case DeleteVirtualMfaDevice c -> {
                if (state.assigned()) {
                    throw new AwsException(ErrorCode.DeleteConflict,
                            "MFA VirtualDevice in use. Must deactivate first.");
                }
                yield List.of(new VirtualMfaDeviceDeleted(c.accountId(), state.deviceName()));
            }
            case AuthenticateWithMfa c -> throw new IllegalStateException("decided above");
        };
    }

    /**
     * The step of the second of two consecutive codes, that step within {@code window} steps of {@code at} and after
     * the last used step; InvalidAuthenticationCode otherwise.
     */
    static long consecutive(byte[] seed, String code1, String code2, Instant at, int window, long lastUsedStep) {
        if (Totp.wellFormed(code1) && Totp.wellFormed(code2)) {
            long now = Totp.step(at);
            for (long s = now - window; s <= now + window; s++) {
                if (s - 1 > lastUsedStep && Totp.code(seed, s - 1).equals(code1) && Totp.code(seed, s).equals(code2)) {
                    return s;
                }
            }
        }
        throw new AwsException(ErrorCode.InvalidAuthenticationCode, "Authentication code for device is not valid.");
    }

    private static void requireAssignedTo(MfaDeviceState s, String userId) {
        if (!s.assigned() || !s.userId().equals(userId)) {
            throw AwsException.noSuchEntity("MFA Device with serial number " + s.serialNumber()
                    + " does not exist.");
        }
    }

    /** @return the device after the event; null once deleted */
    public static MfaDeviceState evolve(MfaDeviceState s, MfaDeviceEvent event) {
        return switch (event) {
            case VirtualMfaDeviceCreated e -> new MfaDeviceState(e.accountId(), e.deviceName(), e.path(),
                    e.deviceId(), e.sealedSeed(), List.copyOf(e.tags()), e.createDate(), null, null, null, 0);
            case MfaDeviceEnabled e -> new MfaDeviceState(s.accountId(), s.deviceName(), s.path(), s.deviceId(),
                    s.sealedSeed(), s.tags(), s.createDate(), e.userName(), e.userId(), e.enableDate(),
                    Math.max(s.lastUsedStep(), e.acceptedStep()));
            case MfaDeviceResynced e -> used(s, e.acceptedStep());
            case MfaCodeAccepted e -> used(s, e.acceptedStep());
            case MfaDeviceDeactivated e -> new MfaDeviceState(s.accountId(), s.deviceName(), s.path(), s.deviceId(),
                    s.sealedSeed(), s.tags(), s.createDate(), null, null, null, s.lastUsedStep());
            case VirtualMfaDeviceTagged e -> withTags(s, Tags.merged(s.tags(), e.tags()));
            case VirtualMfaDeviceUntagged e -> withTags(s, Tags.remove(s.tags(), e.tagKeys()));
            case MfaSeedResealed e -> new MfaDeviceState(s.accountId(), s.deviceName(), s.path(), s.deviceId(),
                    e.sealedSeed(), s.tags(), s.createDate(), s.userName(), s.userId(), s.enableDate(),
                    s.lastUsedStep());
            case VirtualMfaDeviceDeleted e -> null;
        };
    }

    /** AWS's answer for a serial number that names no device of the account. */
    public static AwsException notFound(String accountId, String deviceName) {
        return AwsException.noSuchEntity("VirtualMFADevice with serial number " + deviceName + " doesn't exist.");
    }

    public static AwsException mfaFailed() {
        return new AwsException(ErrorCode.AccessDenied, MFA_FAILED);
    }

    private static MfaDeviceState used(MfaDeviceState s, long step) {
        return new MfaDeviceState(s.accountId(), s.deviceName(), s.path(), s.deviceId(), s.sealedSeed(), s.tags(),
                s.createDate(), s.userName(), s.userId(), s.enableDate(), Math.max(s.lastUsedStep(), step));
    }

    private static MfaDeviceState withTags(MfaDeviceState s, List<Tag> tags) {
        return new MfaDeviceState(s.accountId(), s.deviceName(), s.path(), s.deviceId(), s.sealedSeed(),
                List.copyOf(tags), s.createDate(), s.userName(), s.userId(), s.enableDate(), s.lastUsedStep());
    }
}
