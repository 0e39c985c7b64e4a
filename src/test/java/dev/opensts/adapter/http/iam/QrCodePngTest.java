package dev.opensts.adapter.http.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The QR code of CreateVirtualMFADevice reads back, with an image library and a QR reader, as its URI. */
class QrCodePngTest {

    static String read(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG ImageIO reads").isNotNull();
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(),
                pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }

    @Test
    void theImageReadsBackAsTheDevicesUri() throws Exception {
        String uri = QrCodePng.otpauthUri("123456789012", "alice-phone", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assertThat(uri).isEqualTo("otpauth://totp/open-sts:alice-phone@123456789012?secret="
                + "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=open-sts&algorithm=SHA1&digits=6&period=30");
        byte[] png = QrCodePng.of(uri);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(read(png)).isEqualTo(uri);
    }

    @Test
    void aNameWithCharactersOfItsOwnIsEncodedInTheLabel() throws Exception {
        String uri = QrCodePng.otpauthUri("123456789012", "a+b=c,d.e@f_g-h", "JBSWY3DPEHPK3PXP");
        assertThat(uri).startsWith("otpauth://totp/open-sts:a%2Bb%3Dc%2Cd.e@f_g-h@123456789012?secret=");
        assertThat(read(QrCodePng.of(uri))).isEqualTo(uri);
    }
}
