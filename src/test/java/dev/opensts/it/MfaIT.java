package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidAuthenticationCodeException;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Virtual MFA devices and MFA sign-in through the unmodified SDK v2 IamClient and StsClient: the sequence Terraform's
 * AWS provider runs for an aws_iam_virtual_mfa_device and for destroying a user with an MFA device (force_destroy:
 * ListMFADevices, DeactivateMFADevice, then DeleteUser), GetSessionToken and AssumeRole with SerialNumber and
 * TokenCode. The server uses the real clock here: the test computes codes with its own RFC 6238 implementation at the
 * real time, away from step boundaries, and never expects one step's code to be accepted twice.
 */
class MfaIT extends IamItBase {
    static final String MFA_FAILED = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    String otherAccount;
    IamClient other;
    String otherKeyId;
    String otherSecret;

    @BeforeAll
    void createSecondAccount() {
        HttpResponse<String> r = admin("POST", cluster.adminToken(), "{\"name\":\"mfa-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r.body());
        otherAccount = body.get("accountId").asText();
        otherKeyId = body.get("rootAccessKeyId").asText();
        otherSecret = body.get("rootSecretAccessKey").asText();
        other = client(otherKeyId, otherSecret);
    }

    @AfterAll
    void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    // ---- TOTP, written again here so that the server's implementation is not checked against itself ----

    static String totp(byte[] seed, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(seed, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[19] & 0xf;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : s.replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** The current 30-second step, once at least 3 seconds of it remain (waits for the next one otherwise). */
    static long freshStep() throws InterruptedException {
        long ms = System.currentTimeMillis();
        long left = 30_000 - ms % 30_000;
        if (left < 3_000) {
            Thread.sleep(left + 100);
        }
        return System.currentTimeMillis() / 30_000;
    }

    record Device(String serial, byte[] seed) {
    }

    /** A user with an access key and a policy; answers its key id and secret. */
    String[] user(String name, String policy) {
        iam.createUser(r -> r.userName(name));
        if (policy != null) {
            iam.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
        }
        var key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return new String[]{key.accessKeyId(), key.secretAccessKey()};
    }

    /** Creates a device and enables it for the user with the codes of the previous and the current step. */
    Device enabledDevice(String userName, long step) {
        VirtualMFADevice d = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(userName + "-phone"))
                .virtualMFADevice();
        byte[] seed = base32(d.base32StringSeed().asUtf8String());
        iam.enableMFADevice(r -> r.userName(userName).serialNumber(d.serialNumber())
                .authenticationCode1(totp(seed, step - 1)).authenticationCode2(totp(seed, step)));
        return new Device(d.serialNumber(), seed);
    }

    static StsException stsFails(Runnable call, String code, int status) {
        StsException e = catchThrowableOfType(StsException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        return e;
    }

    @Test
    void terraform_virtual_mfa_device_and_a_user_with_an_mfa_device() throws Exception {
        String user = unique("mfa-user");
        iam.createUser(r -> r.userName(user));
        String name = unique("phone");
        // aws_iam_virtual_mfa_device create: the serial number is the device's ARN with its path
        VirtualMFADevice created = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(name).path("/team/")
                .tags(Tag.builder().key("owner").value(user).build())).virtualMFADevice();
        String serial = "arn:aws:iam::" + ACCOUNT + ":mfa/team/" + name;
        assertThat(created.serialNumber()).isEqualTo(serial);
        String seedText = created.base32StringSeed().asUtf8String();
        assertThat(seedText).matches("[A-Z2-7]{32}");
        byte[] seed = base32(seedText);
        assertThat(seed).hasSize(20);
        // what aws iam create-virtual-mfa-device --bootstrap-method QRCodePNG writes: a QR code of the key URI
        assertThat(qrText(created.qrCodePNG().asByteArray())).isEqualTo("otpauth://totp/open-sts:" + name + "@"
                + ACCOUNT + "?secret=" + seedText + "&issuer=open-sts&algorithm=SHA1&digits=6&period=30");
        fails(() -> iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(name.toUpperCase())),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
        // read: the provider finds it among the unassigned devices, with its tags
        List<VirtualMFADevice> unassigned = iam.listVirtualMFADevices(r -> r.assignmentStatus(
                AssignmentStatusType.UNASSIGNED)).virtualMFADevices();
        assertThat(unassigned).anySatisfy(d -> {
            assertThat(d.serialNumber()).isEqualTo(serial);
            assertThat(d.base32StringSeed()).isNull();
            assertThat(d.user()).isNull();
        });
        assertThat(iam.listMFADeviceTags(r -> r.serialNumber(serial)).tags()).extracting(Tag::key)
                .containsExactly("owner");

        // the user enables it with two consecutive codes; wrong ones and malformed ones are refused
        long step = freshStep();
        fails(() -> iam.enableMFADevice(r -> r.userName(user).serialNumber(serial)
                        .authenticationCode1(totp(seed, step)).authenticationCode2(totp(seed, step - 1))),
                InvalidAuthenticationCodeException.class, "InvalidAuthenticationCode", 403);
        validationError(() -> iam.enableMFADevice(r -> r.userName(user).serialNumber(serial)
                .authenticationCode1("12345").authenticationCode2("1234567")));
        validationError(() -> iam.enableMFADevice(r -> r.userName(user).serialNumber(serial)
                .authenticationCode1("12345a").authenticationCode2(totp(seed, step))));
        fails(() -> iam.enableMFADevice(r -> r.userName(user).serialNumber("arn:aws:iam::" + ACCOUNT + ":mfa/" + name)
                        .authenticationCode1(totp(seed, step - 1)).authenticationCode2(totp(seed, step))),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        iam.enableMFADevice(r -> r.userName(user).serialNumber(serial)
                .authenticationCode1(totp(seed, step - 1)).authenticationCode2(totp(seed, step)));

        List<MFADevice> listed = iam.listMFADevices(r -> r.userName(user)).mfaDevices();
        assertThat(listed).singleElement().satisfies(d -> {
            assertThat(d.serialNumber()).isEqualTo(serial);
            assertThat(d.userName()).isEqualTo(user);
            assertThat(d.enableDate()).isNotNull();
        });
        assertThat(iam.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.ASSIGNED))
                .virtualMFADevices()).anySatisfy(d -> {
                    assertThat(d.serialNumber()).isEqualTo(serial);
                    assertThat(d.user().userName()).isEqualTo(user);
                });

        // another account sees no such device
        fails(() -> other.deleteVirtualMFADevice(r -> r.serialNumber(serial)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        fails(() -> other.deactivateMFADevice(r -> r.userName(user).serialNumber(serial)),
                NoSuchEntityException.class, "NoSuchEntity", 404);

        // terraform destroy: the device is not deleted while enabled, nor the user while it has a device
        fails(() -> iam.deleteVirtualMFADevice(r -> r.serialNumber(serial)), DeleteConflictException.class,
                "DeleteConflict", 409);
        fails(() -> iam.deleteUser(r -> r.userName(user)), DeleteConflictException.class, "DeleteConflict", 409);
        for (MFADevice d : iam.listMFADevices(r -> r.userName(user)).mfaDevices()) {
            iam.deactivateMFADevice(r -> r.userName(user).serialNumber(d.serialNumber()));
        }
        assertThat(iam.listMFADevices(r -> r.userName(user)).mfaDevices()).isEmpty();
        iam.deleteVirtualMFADevice(r -> r.serialNumber(serial));
        iam.deleteUser(r -> r.userName(user));
        assertThat(iam.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.ANY)).virtualMFADevices())
                .noneSatisfy(d -> assertThat(d.serialNumber()).isEqualTo(serial));

        // created again under the same name: a new seed, and the old one's codes do not enable it
        iam.createUser(r -> r.userName(user));
        VirtualMFADevice again = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(name).path("/team/"))
                .virtualMFADevice();
        assertThat(again.base32StringSeed().asUtf8String()).isNotEqualTo(seedText);
        long later = freshStep();
        fails(() -> iam.enableMFADevice(r -> r.userName(user).serialNumber(serial)
                        .authenticationCode1(totp(seed, later - 1)).authenticationCode2(totp(seed, later))),
                InvalidAuthenticationCodeException.class, "InvalidAuthenticationCode", 403);
        iam.deleteVirtualMFADevice(r -> r.serialNumber(serial));
        iam.deleteUser(r -> r.userName(user));
    }

    @Test
    void get_session_token_with_mfa_may_call_iam_without_it_not_and_a_code_is_used_once() throws Exception {
        String user = unique("mfa-gst");
        String[] key = user(user, allow("iam:GetUser", "*"));
        long step = freshStep();
        Device device = enabledDevice(user, step);
        try (StsClient sts = Clients.sts(replica, key[0], key[1])) {
            // without MFA: the session cannot call IAM
            Credentials plain = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
            try (IamClient plainIam = Sts.iam(replica, plain)) {
                IamException e = fails(() -> plainIam.getUser(r -> r.userName(user)), IamException.class,
                        "AccessDenied", 403);
                assertThat(message(e)).contains("MFA");
            }
            // with the next step's code (the enabling codes are spent): it may
            String code = totp(device.seed(), step + 1);
            Credentials mfa = sts.getSessionToken(r -> r.durationSeconds(900).serialNumber(device.serial())
                    .tokenCode(code)).credentials();
            try (IamClient mfaIam = Sts.iam(replica, mfa)) {
                assertThat(mfaIam.getUser(r -> r.userName(user)).user().userName()).isEqualTo(user);
            }
            // the same code again, an enabling code, a wrong one: refused as AWS words it
            for (String refused : new String[]{code, totp(device.seed(), step), "000000".equals(code) ? "111111"
                    : "000000"}) {
                StsException e = stsFails(() -> sts.getSessionToken(r -> r.serialNumber(device.serial())
                        .tokenCode(refused)), "AccessDenied", 403);
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(MFA_FAILED);
            }
            // a code of the wrong form is a validation error
            stsFails(() -> sts.getSessionToken(r -> r.serialNumber(device.serial()).tokenCode("12345")),
                    "ValidationError", 400);
            stsFails(() -> sts.getSessionToken(r -> r.serialNumber(device.serial()).tokenCode("12345x")),
                    "ValidationError", 400);
        }
        // another account's root cannot sign in with this device
        try (StsClient stranger = Clients.sts(replica, otherKeyId, otherSecret)) {
            StsException e = stsFails(() -> stranger.getSessionToken(r -> r.serialNumber(device.serial())
                    .tokenCode(totp(device.seed(), step + 2))), "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(MFA_FAILED);
        }
        // nor another user of the same account
        String[] otherKey = user(unique("mfa-gst-b"), null);
        try (StsClient bob = Clients.sts(replica, otherKey[0], otherKey[1])) {
            StsException e = stsFails(() -> bob.getSessionToken(r -> r.serialNumber(device.serial())
                    .tokenCode(totp(device.seed(), step + 2))), "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(MFA_FAILED);
        }
    }

    @Test
    void a_trust_policy_requiring_mfa_is_met_only_with_a_valid_code() throws Exception {
        String user = unique("mfa-ar");
        String role = unique("mfa-admin");
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole",\
                "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"""));
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + role;
        String[] key = user(user, allow("sts:AssumeRole", roleArn));
        long step = freshStep();
        Device device = enabledDevice(user, step);
        try (StsClient sts = Clients.sts(replica, key[0], key[1])) {
            stsFails(() -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("no-mfa")), "AccessDenied", 403);
            StsException wrong = stsFails(() -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("wrong")
                    .serialNumber(device.serial()).tokenCode(totp(device.seed(), step - 1))), "AccessDenied", 403);
            assertThat(wrong.awsErrorDetails().errorMessage()).isEqualTo(MFA_FAILED);
            Credentials c = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("with-mfa")
                    .serialNumber(device.serial()).tokenCode(totp(device.seed(), step + 1))).credentials();
            try (StsClient session = Sts.sts(replica, c)) {
                assertThat(session.getCallerIdentity().arn()).endsWith(":assumed-role/" + role + "/with-mfa");
            }
        }
    }

    @Test
    void the_read_model_holds_the_device_with_its_seed_sealed_and_agrees_with_the_log() throws Exception {
        String user = unique("mfa-rm");
        String[] key = user(user, null);
        long step = freshStep();
        VirtualMFADevice d = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(user + "-phone"))
                .virtualMFADevice();
        String seedText = d.base32StringSeed().asUtf8String();
        byte[] seed = base32(seedText);
        iam.enableMFADevice(r -> r.userName(user).serialNumber(d.serialNumber())
                .authenticationCode1(totp(seed, step - 1)).authenticationCode2(totp(seed, step)));
        try (StsClient sts = Clients.sts(replica, key[0], key[1])) {
            sts.getSessionToken(r -> r.serialNumber(d.serialNumber()).tokenCode(totp(seed, step + 1)));
        }
        String stream = "arn:aws:iam::" + ACCOUNT + ":mfa/" + (user + "-phone").toLowerCase();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            try (java.sql.Connection db = cluster.infra().postgres().connect(cluster.database());
                 var st = db.prepareStatement("SELECT state::text FROM iam_aggregates WHERE stream_id = ?")) {
                st.setString(1, stream);
                try (var rs = st.executeQuery()) {
                    assertThat(rs.next()).as("row of %s", stream).isTrue();
                    JsonNode state = json(rs.getString(1));
                    assertThat(state.path("lastUsedStep").asLong()).isEqualTo(step + 1);
                    assertThat(state.path("userName").asText()).isEqualTo(user);
                    assertThat(state.path("sealedSeed").asText()).isNotBlank().doesNotContain(seedText);
                    assertThat(rs.getString(1)).doesNotContain(seedText);
                }
            }
        });
        HttpResponse<String> check = HTTP.send(java.net.http.HttpRequest.newBuilder(replica.managementEndpoint()
                        .resolve("/opensts/admin/consistency-check")).header("Authorization", "Bearer "
                        + cluster.adminToken()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        assertThat(json(check.body()).path("consistent").asBoolean()).as(check.body()).isTrue();
    }

    /** The text of a QR code in a PNG, read with the JDK's image reader and ZXing's QR reader. */
    static String qrText(byte[] png) throws Exception {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
                new com.google.zxing.common.HybridBinarizer(new com.google.zxing.RGBLuminanceSource(image.getWidth(),
                        image.getHeight(), pixels)))).getText();
    }
}
