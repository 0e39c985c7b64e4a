package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.MfaDevices;
import dev.opensts.iam.MfaDeviceState;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The virtual MFA device actions: Query input to the use case's request, its result to the output shape.
 * CreateVirtualMFADevice answers Base32StringSeed (a blob: the base32 text's bytes, base64 on the wire as AWS sends
 * it) and QRCodePNG, the QR code of the device's otpauth:// URI ({@link QrCodePng}).
 */
final class MfaDevicesApi {
    private static final String SERIAL = "SerialNumber";

    private final MfaDevices devices;

    MfaDevicesApi(MfaDevices devices) {
        this.devices = devices;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateVirtualMFADevice", (c, in, rid) -> devices.create(c, new MfaDevices.NewDevice(
                in.string("VirtualMFADeviceName"), in.string("Path"), Inputs.tags(in)), rid).map(created -> {
                    var m = new LinkedHashMap<String, Object>();
                    m.put(SERIAL, created.device().serialNumber());
                    m.put("Base32StringSeed", created.base32Seed().getBytes(StandardCharsets.US_ASCII));
                    m.put("QRCodePNG", QrCodePng.of(QrCodePng.otpauthUri(created.device().accountId(),
                            created.device().deviceName(), created.base32Seed())));
                    if (!created.device().tags().isEmpty()) {
                        m.put("Tags", Shapes.tags(created.device().tags()));
                    }
                    return Map.of("VirtualMFADevice", m);
                }));
        actions.put("EnableMFADevice", (c, in, rid) -> devices.enable(c, in.string("UserName"), in.string(SERIAL),
                in.string("AuthenticationCode1"), in.string("AuthenticationCode2"), rid).map(Inputs::none));
        actions.put("ResyncMFADevice", (c, in, rid) -> devices.resync(c, in.string("UserName"), in.string(SERIAL),
                in.string("AuthenticationCode1"), in.string("AuthenticationCode2"), rid).map(Inputs::none));
        actions.put("DeactivateMFADevice", (c, in, rid) -> devices.deactivate(c, in.string("UserName"),
                in.string(SERIAL), rid).map(Inputs::none));
        actions.put("DeleteVirtualMFADevice", (c, in, rid) -> devices.delete(c, in.string(SERIAL), rid)
                .map(Inputs::none));
        actions.put("ListMFADevices", (c, in, rid) -> devices.forUser(c, in.string("UserName"))
                .map(list -> Page.of(list, MfaDevicesApi::key, MfaDevicesApi::mfaDevice, in.string("Marker"),
                        in.integer("MaxItems"), "MFADevices")));
        actions.put("ListVirtualMFADevices", (c, in, rid) -> devices.list(c, in.string("AssignmentStatus"))
                .map(list -> Page.of(list, l -> key(l.device()), MfaDevicesApi::virtual, in.string("Marker"),
                        in.integer("MaxItems"), "VirtualMFADevices")));
        actions.put("TagMFADevice", (c, in, rid) -> devices.tag(c, in.string(SERIAL), Inputs.tags(in), rid)
                .map(Inputs::none));
        actions.put("UntagMFADevice", (c, in, rid) -> devices.untag(c, in.string(SERIAL), in.strings("TagKeys"),
                rid).map(Inputs::none));
        actions.put("ListMFADeviceTags", (c, in, rid) -> devices.tags(c, in.string(SERIAL))
                .map(tags -> Page.of(tags, t -> t.key().toLowerCase(Locale.ROOT), Shapes::tag, in.string("Marker"),
                        in.integer("MaxItems"), "Tags")));
    }

    private static String key(MfaDeviceState d) {
        return d.deviceName().toLowerCase(Locale.ROOT);
    }

    /** The MFADevice shape of ListMFADevices. */
    private static Object mfaDevice(MfaDeviceState d) {
        var m = new LinkedHashMap<String, Object>();
        m.put("UserName", d.userName());
        m.put(SERIAL, d.serialNumber());
        m.put("EnableDate", d.enableDate());
        return m;
    }

    /** The VirtualMFADevice shape of ListVirtualMFADevices: never the seed. */
    private static Object virtual(MfaDevices.Listed l) {
        MfaDeviceState d = l.device();
        var m = new LinkedHashMap<String, Object>();
        m.put(SERIAL, d.serialNumber());
        if (l.user() != null) {
            m.put("User", Shapes.user(l.user()));
            m.put("EnableDate", d.enableDate());
        }
        if (!d.tags().isEmpty()) {
            m.put("Tags", Shapes.tags(d.tags()));
        }
        return m;
    }
}
