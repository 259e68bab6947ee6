package org.socketlab.export;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Pixels as a PNG file (8-bit RGBA, no interlace, filter "none" on every row): enough for a diagram's picture, and it
 * keeps AWT's ImageIO (java.desktop) out of the program, which the toolkit's own snapshot does not need.
 */
public final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {
    }

    /** {@code argb}: {@code width * height} pixels, row by row, each 0xAARRGGBB. */
    public static byte[] encode(int[] argb, int width, int height) throws IOException {
        if (width < 1 || height < 1 || argb.length != (long) width * height)
            throw new IllegalArgumentException(width + "x" + height + " for " + argb.length + " pixels");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_SPEED),
                1 << 16)) {
            byte[] row = new byte[1 + width * 4];
            for (int y = 0; y < height; y++) {
                row[0] = 0; // filter: none
                for (int x = 0; x < width; x++) {
                    int p = argb[y * width + x], at = 1 + x * 4;
                    row[at] = (byte) (p >>> 16);
                    row[at + 1] = (byte) (p >>> 8);
                    row[at + 2] = (byte) p;
                    row[at + 3] = (byte) (p >>> 24);
                }
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(SIGNATURE);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[]{8, 6, 0, 0, 0}); // 8 bits, RGBA, deflate, adaptive filters, no interlace
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", compressed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
