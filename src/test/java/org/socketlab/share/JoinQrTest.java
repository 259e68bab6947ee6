package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The join URL's QR code reads back as the URL (zxing, as a phone's camera app), with its quiet zone, at level M. */
class JoinQrTest {
    /** The code drawn as a picture: {@code scale} px a module, the quiet zone around it, then read. */
    static String read(JoinQr qr, int scale) throws Exception {
        int side = (qr.size() + 2 * JoinQr.QUIET_ZONE) * scale;
        int[] pixels = new int[side * side];
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) {
                int mx = x / scale - JoinQr.QUIET_ZONE, my = y / scale - JoinQr.QUIET_ZONE;
                boolean dark = mx >= 0 && my >= 0 && mx < qr.size() && my < qr.size() && qr.dark(mx, my);
                pixels[y * side + x] = dark ? 0xFF000000 : 0xFFFFFFFF;
            }
        LuminanceSource source = new RGBLuminanceSource(side, side, pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE, DecodeHintType.CHARACTER_SET, "UTF-8")).getText();
    }

    @Test
    void aJoinUrlReadsBack() throws Exception {
        String url = "http://192.168.10.23:41877/?code=K7QF-29";
        JoinQr qr = JoinQr.of(url);
        assertEquals(url, read(qr, 4));
        assertTrue(qr.version() <= 4, "a short URL, a small code: version " + qr.version());
        assertEquals(17 + 4 * qr.version(), qr.size());
    }

    @Test
    void anIpv6UrlAndTheLongestItTakesReadBack() throws Exception {
        String v6 = "http://[fe80::1c2b:3dff:fe4e:5f60]:8080/";
        assertEquals(v6, read(JoinQr.of(v6), 3));
        String longest = "http://example.test/" + "x".repeat(193); // 213 bytes: version 10 at level M holds it
        JoinQr qr = JoinQr.of(longest);
        assertEquals(10, qr.version());
        assertEquals(longest, read(qr, 3));
        assertThrows(IllegalArgumentException.class, () -> JoinQr.of(longest + "xx"));
    }

    @Test
    void outsideTheCodeIsLight() {
        JoinQr qr = JoinQr.of("http://127.0.0.1:1/");
        assertEquals(false, qr.dark(-1, 0));
        assertEquals(false, qr.dark(qr.size(), qr.size()));
        assertEquals(true, qr.dark(0, 0), "a finder pattern's corner");
    }
}
