package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.Base32;
import dev.opensts.credentials.KeyRing;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.MfaDeviceCommand;
import dev.opensts.iam.MfaDeviceDecider;
import dev.opensts.iam.MfaDeviceState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserState;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The virtual MFA device use cases. CreateVirtualMFADevice, DeleteVirtualMFADevice and the tag actions are authorized
 * on the device's ARN (its serial number), EnableMFADevice, ResyncMFADevice, DeactivateMFADevice and ListMFADevices
 * on the user's ARN, as AWS's service authorization reference has them. The seed is drawn here (160 random bits),
 * sealed under the key ring at once, answered once in base32 by CreateVirtualMFADevice and opened only to check a
 * code; it is never logged. A serial number of another account, or one whose path is not the device's, names no
 * device.
 */
public final class MfaDevices {
    /** AWS's quota of MFA devices enabled for one user. */
    public static final int MAX_PER_USER = 8;
    /** The seed's size: 160 bits, RFC 4226's recommendation and what AWS issues. */
    static final int SEED_BYTES = 20;

    /** What CreateVirtualMFADevice takes; null members are absent from the request. */
    public record NewDevice(String deviceName, String path, List<Tag> tags) {
    }

    /** A new device and its seed in base32 (the only time it is shown). */
    public record Created(MfaDeviceState device, String base32Seed) {
        @Override
        public String toString() {
            return "Created[" + device + ", seed=<redacted>]";
        }
    }

    /** A device as the listings show it, with the user it is enabled for (null when unassigned or gone). */
    public record Listed(MfaDeviceState device, UserState user) {
    }

    private final IamContext iam;
    private final KeyRing keyRing;
    private final Guesses attempts = new Guesses();

    public MfaDevices(IamContext iam, KeyRing keyRing) {
        this.iam = iam;
        this.keyRing = keyRing;
    }

    public Uni<Created> create(Caller c, NewDevice d, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String path = d.path() == null ? "/" : d.path();
            List<Tag> tags = d.tags() == null ? List.of() : d.tags();
            String deviceId = iam.ids().uniqueId("MFAD");
            byte[] seed = iam.ids().randomBytes(SEED_BYTES);
            var command = new MfaDeviceCommand.CreateVirtualMfaDevice(account, d.deviceName(), path, deviceId,
                    keyRing.seal(seed, MfaDeviceState.seedAssociatedData(deviceId)), tags, iam.clock().instant());
            iam.authorizer().require(c, "iam:CreateVirtualMFADevice",
                    Arn.iam(account, "mfa", path, d.deviceName()).toString(), IamRequestKeys.of(command));
            String base32 = Base32.encode(seed);
            Arrays.fill(seed, (byte) 0);
            return iam.bus().<MfaDeviceState>execute(stream(account, d.deviceName()),
                    s -> MfaDeviceDecider.decide(command, s, iam.quotas()), c.actor(), requestId)
                    .map(x -> new Created(iam.view().mfaDevice(account, d.deviceName()), base32));
        });
    }

    /** EnableMFADevice: the user must exist and have fewer than {@value #MAX_PER_USER} devices. */
    public Uni<Void> enable(Caller c, String userName, String serialNumber, String code1, String code2,
                            String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:EnableMFADevice", userArn(account, userName));
            UserState user = Entities.user(iam.view(), account, userName);
            MfaDeviceState device = existing(account, serialNumber);
            if (!device.assigned() && enabledFor(iam.view(), account, user.userId()).size() >= MAX_PER_USER) {
                throw AwsException.of(ErrorCode.LimitExceeded, "Cannot exceed quota for MFADevicesPerUser: %d",
                        MAX_PER_USER);
            }
            return withSeed(c, device, (s, seed) -> new MfaDeviceCommand.EnableMfaDevice(account, s.deviceName(),
                    user.userName(), user.userId(), seed, code1, code2, iam.clock().instant()), requestId);
        });
    }

    public Uni<Void> resync(Caller c, String userName, String serialNumber, String code1, String code2,
                            String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:ResyncMFADevice", userArn(account, userName));
            UserState user = Entities.user(iam.view(), account, userName);
            MfaDeviceState device = existing(account, serialNumber);
            return withSeed(c, device, (s, seed) -> new MfaDeviceCommand.ResyncMfaDevice(account, s.deviceName(),
                    user.userId(), seed, code1, code2, iam.clock().instant()), requestId);
        });
    }

    /** DeactivateMFADevice; without a user name, the caller's own user. */
    public Uni<Void> deactivate(Caller c, String userName, String serialNumber, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String name = userName != null ? userName : ownUser(c);
            iam.authorizer().require(c, "iam:DeactivateMFADevice", userArn(account, name));
            UserState user = Entities.user(iam.view(), account, name);
            MfaDeviceState device = existing(account, serialNumber);
            return iam.bus().<MfaDeviceState>execute(stream(account, device.deviceName()),
                    s -> MfaDeviceDecider.decide(new MfaDeviceCommand.DeactivateMfaDevice(account,
                            device.deviceName(), user.userId()), same(s, device), iam.quotas()), c.actor(), requestId);
        });
    }

    public Uni<Void> delete(Caller c, String serialNumber, String requestId) {
        return change(c, "iam:DeleteVirtualMFADevice", serialNumber,
                d -> new MfaDeviceCommand.DeleteVirtualMfaDevice(c.accountId(), d.deviceName()), requestId);
    }

    public Uni<Void> tag(Caller c, String serialNumber, List<Tag> tags, String requestId) {
        List<Tag> given = tags == null ? List.of() : tags;
        return change(c, "iam:TagMFADevice", serialNumber,
                d -> new MfaDeviceCommand.TagMfaDevice(c.accountId(), d.deviceName(), given), requestId);
    }

    public Uni<Void> untag(Caller c, String serialNumber, List<String> tagKeys, String requestId) {
        List<String> keys = tagKeys == null ? List.of() : tagKeys;
        return change(c, "iam:UntagMFADevice", serialNumber,
                d -> new MfaDeviceCommand.UntagMfaDevice(c.accountId(), d.deviceName(), keys), requestId);
    }

    public Uni<List<Tag>> tags(Caller c, String serialNumber) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListMFADeviceTags", authorizationArn(c.accountId(), serialNumber));
            return existing(c.accountId(), serialNumber).tags();
        });
    }

    /** ListMFADevices: the devices enabled for the user (the caller's own without a user name), by name. */
    public Uni<List<MfaDeviceState>> forUser(Caller c, String userName) {
        return Uni.createFrom().item(() -> {
            String account = c.accountId();
            String name = userName != null ? userName : c.userName();
            if (name == null) {
                return List.<MfaDeviceState>of(); // a root or a role session: no IAM user, no virtual device of one
            }
            iam.authorizer().require(c, "iam:ListMFADevices", userArn(account, name));
            UserState user = Entities.user(iam.view(), account, name);
            return enabledFor(iam.view(), account, user.userId());
        });
    }

    /** ListVirtualMFADevices: Assigned, Unassigned or Any (null). */
    public Uni<List<Listed>> list(Caller c, String assignmentStatus) {
        return Uni.createFrom().item(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:ListVirtualMFADevices", Arn.iam(account, "mfa", "/", "*").toString());
            return iam.view().mfaDevices(account).stream()
                    .filter(d -> assignmentStatus == null || assignmentStatus.equals("Any")
                            || d.assigned() == assignmentStatus.equals("Assigned"))
                    .map(d -> new Listed(d, d.assigned() ? liveUser(account, d) : null)).toList();
        });
    }

    /**
     * A sign-in with a device (GetSessionToken, AssumeRole): the device of the serial number must be enabled for this
     * very user (by unique id) and the code valid and of a step after the last one used; the step is then recorded in
     * the log, so the code is spent on every replica. Every failure, including losing a race for the same code, is
     * AWS's one AccessDenied answer.
     *
     * @return when the MFA authentication happened (aws:MultiFactorAuthAge counts from it)
     */
    public Uni<Instant> authenticate(Caller c, String serialNumber, String code, String requestId) {
        return Uni.createFrom().deferred(() -> {
            if (c.userId() == null || c.userName() == null || c.hasTemporaryCredentials()) {
                throw MfaDeviceDecider.mfaFailed(); // only an IAM user's long-term keys sign in with its device
            }
            String account = c.accountId();
            Arn arn = Arn.parseIamMfa(serialNumber);
            MfaDeviceState device = arn == null || !arn.account().equals(account) ? null
                    : iam.view().mfaDevice(account, arn.name());
            if (device == null || !device.serialNumber().equals(serialNumber)) {
                throw MfaDeviceDecider.mfaFailed();
            }
            Instant now = iam.clock().instant();
            boolean own = c.userId().equals(device.userId());
            if (own && attempts.blocked(device.deviceId(), now)) {
                throw MfaDeviceDecider.mfaFailed(); // too many wrong codes lately: not even compared
            }
            return withSeed(c, device, (s, seed) -> new MfaDeviceCommand.AuthenticateWithMfa(account,
                    s.deviceName(), c.userId(), seed, code, now), requestId)
                    .invoke(() -> attempts.succeeded(device.deviceId()))
                    .onFailure(e -> own && e instanceof AwsException a && a.code() == ErrorCode.AccessDenied)
                    .invoke(() -> attempts.failed(device.deviceId(), now))
                    .map(x -> now);
        }).onFailure(e -> !(e instanceof AwsException a && a.code() == ErrorCode.ServiceUnavailable))
                .transform(e -> e instanceof AwsException a && a.code() == ErrorCode.AccessDenied ? e
                        : MfaDeviceDecider.mfaFailed());
    }

    /** DeleteUser's rule that spans aggregates: no user is deleted while an MFA device is enabled for it. */
    static void requireNoneEnabled(LiveView view, String account, String userId) {
        if (!enabledFor(view, account, userId).isEmpty()) {
            throw new AwsException(ErrorCode.DeleteConflict,
                    "Cannot delete entity, must remove MFA device(s) from user first.");
        }
    }

    private static List<MfaDeviceState> enabledFor(LiveView view, String account, String userId) {
        return view.mfaDevices(account).stream().filter(d -> userId.equals(d.userId())).toList();
    }

    /** A command that needs the device's seed: opened for the decision only, then wiped. */
    private Uni<Void> withSeed(Caller c, MfaDeviceState device,
                               java.util.function.BiFunction<MfaDeviceState, byte[], MfaDeviceCommand> commandFor,
                               String requestId) {
        String account = device.accountId();
        return iam.bus().<MfaDeviceState>execute(stream(account, device.deviceName()), s -> {
            MfaDeviceState current = same(s, device);
            byte[] seed = keyRing.open(current.sealedSeed(), MfaDeviceState.seedAssociatedData(current.deviceId()))
                    .orElseThrow(() -> new AwsException(ErrorCode.ServiceFailure, "The MFA device's seed is sealed "
                            + "under a key the key ring does not hold."));
            try {
                return MfaDeviceDecider.decide(commandFor.apply(current, seed), current, iam.quotas());
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }, c.actor(), requestId);
    }

    /** The device as the bus sees it, which must still be the life the caller found (not one created since). */
    private static MfaDeviceState same(MfaDeviceState s, MfaDeviceState found) {
        if (s == null || !s.deviceId().equals(found.deviceId())) {
            throw MfaDeviceDecider.notFound(found.accountId(), found.serialNumber());
        }
        return s;
    }

    private Uni<Void> change(Caller c, String action, String serialNumber,
                             Function<MfaDeviceState, MfaDeviceCommand> commandFor, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String resource = authorizationArn(account, serialNumber);
            MfaDeviceState found = iam.view().mfaDevice(account, nameIn(serialNumber));
            // request keys depend only on what the caller sent (tags, tag keys), never on the state
            iam.authorizer().require(c, action, resource, found == null ? java.util.Map.of()
                    : IamRequestKeys.of(commandFor.apply(found)));
            MfaDeviceState device = existing(account, serialNumber);
            return iam.bus().<MfaDeviceState>execute(stream(account, device.deviceName()),
                    s -> MfaDeviceDecider.decide(commandFor.apply(same(s, device)), s, iam.quotas()), c.actor(),
                    requestId);
        });
    }

    /** The device a serial number names in the caller's account: its ARN exactly, path included. */
    private MfaDeviceState existing(String account, String serialNumber) {
        Arn arn = Arn.parseIamMfa(serialNumber);
        MfaDeviceState d = arn == null || !arn.account().equals(account) ? null
                : iam.view().mfaDevice(account, arn.name());
        if (d == null || !d.serialNumber().equals(serialNumber)) {
            throw MfaDeviceDecider.notFound(account, serialNumber);
        }
        return d;
    }

    /** The ARN to authorize on: the serial number as given when it is of the caller's account, else a made-up one. */
    private static String authorizationArn(String account, String serialNumber) {
        Arn arn = Arn.parseIamMfa(serialNumber);
        return arn != null && arn.account().equals(account) ? serialNumber
                : Arn.iam(account, "mfa", "/", nameIn(serialNumber)).toString();
    }

    private static String nameIn(String serialNumber) {
        Arn arn = Arn.parseIamMfa(serialNumber);
        return arn != null ? arn.name() : "-";
    }

    private String userArn(String account, String userName) {
        UserState u = iam.view().user(account, userName);
        return u != null ? u.arn() : Arn.iamUser(account, "/", userName).toString();
    }

    /** The user a device is enabled for, by its unique id (a user renamed since keeps its devices), or null. */
    private UserState liveUser(String account, MfaDeviceState d) {
        UserState u = iam.view().user(account, d.userName());
        if (u != null && u.userId().equals(d.userId())) {
            return u;
        }
        return iam.view().users(account).stream().filter(x -> x.userId().equals(d.userId())).findFirst().orElse(null);
    }

    private static String ownUser(Caller c) {
        if (c.userName() == null) {
            throw new AwsException(ErrorCode.ValidationError, "UserName is required when the caller is not an IAM "
                    + "user.");
        }
        return c.userName();
    }

    private static String stream(String account, String deviceName) {
        return StreamIds.mfaDevice(account, deviceName);
    }
}
