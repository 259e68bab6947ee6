package org.socketlab.share;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The join URL as a QR code's modules, for the projector: byte mode (the URL's UTF-8 bytes as they are), error
 * correction M at least (a module or two lost to a projector's glare still reads), the smallest version that holds it
 * up to 10 (a URL of up to 213 bytes). Drawn by the window with a quiet zone of {@link #QUIET_ZONE} modules.
 */
public final class JoinQr {
    /** The white border a reader needs around the code, in modules (ISO/IEC 18004: 4). */
    public static final int QUIET_ZONE = 4;
    /** The largest version asked for: enough for any join URL. */
    static final int MAX_VERSION = 10;

    private final QrCode code;

    private JoinQr(QrCode code) {
        this.code = code;
    }

    /** The code of {@code text}; IllegalArgumentException when it is longer than version 10 holds at level M. */
    public static JoinQr of(String text) {
        try {
            return new JoinQr(QrCode.encodeSegments(List.of(QrSegment.makeBytes(text.getBytes(StandardCharsets.UTF_8))),
                    QrCode.Ecc.MEDIUM, QrCode.MIN_VERSION, MAX_VERSION, -1, true));
        } catch (io.nayuki.qrcodegen.DataTooLongException tooLong) {
            // a programming error: join URLs are short (the window's own address and port)
            throw new IllegalArgumentException(text.length() + ">" + MAX_VERSION, tooLong);
        }
    }

    /** Modules a side, without the quiet zone. */
    public int size() {
        return code.size;
    }

    public int version() {
        return code.version;
    }

    /** Whether the module at column {@code x}, row {@code y} is dark (outside the code: light, the quiet zone). */
    public boolean dark(int x, int y) {
        return code.getModule(x, y);
    }
}
