package dev.opensts.adapter.http.iam;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * CreateVirtualMFADevice's QRCodePNG: the QR code of the device's {@code otpauth://} URI as a PNG image, what
 * {@code aws iam create-virtual-mfa-device --bootstrap-method QRCodePNG --outfile ...} writes. ZXing draws the code
 * (4 modules of quiet zone, error correction M); the PNG around its modules, which needs no image library, is
 * written here: one grey channel of one bit a pixel, 4 pixels a module, no filter, DEFLATE.
 */
final class QrCodePng {
    private static final int PIXELS_PER_MODULE = 4;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private QrCodePng() {
    }

    /**
     * The key URI an authenticator app reads: the device's name and account as its label, the seed, and the
     * parameters open-sts checks codes with (docs/api.md).
     */
    static String otpauthUri(String accountId, String deviceName, String base32Seed) {
        String label = encode("open-sts:" + deviceName + "@" + accountId);
        return "otpauth://totp/" + label + "?secret=" + base32Seed
                + "&issuer=open-sts&algorithm=SHA1&digits=6&period=30";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":")
                .replace("%40", "@");
    }

    static byte[] of(String text) {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 4,
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("no QR code holds " + text.length() + " characters", e);
        }
        int width = modules.getWidth() * PIXELS_PER_MODULE;
        int height = modules.getHeight() * PIXELS_PER_MODULE;
        int rowBytes = (width + 7) / 8;
        byte[] raw = new byte[height * (rowBytes + 1)]; // each row: filter type 0, then its pixels
        for (int y = 0; y < height; y++) {
            int row = y * (rowBytes + 1);
            for (int x = 0; x < width; x++) {
                if (!modules.get(x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE)) { // a light pixel is a 1 bit
                    raw[row + 1 + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
        }
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // 1 bit, grey
        var png = new ByteArrayOutputStream();
        png.writeBytes(SIGNATURE);
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", deflate(raw));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            var out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(t);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
