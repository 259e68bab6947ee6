package org.socketlab.lesson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A test's reader of the pcapng files SocketLab writes (little-endian, nanosecond stamps): interfaces and packets. */
final class PcapngRecords {
    /** One enhanced packet block: its interface, its stamp (ns since the epoch) and its captured bytes. */
    record Record(int iface, long epochNanos, byte[] bytes) {
    }

    private PcapngRecords() {
    }

    static List<Record> read(Path file) throws IOException {
        List<Record> records = new ArrayList<>();
        for (ByteBuffer b : blocks(file, 6)) {
            int iface = b.getInt(8);
            long ns = (long) b.getInt(12) << 32 | b.getInt(16) & 0xffffffffL;
            int captured = b.getInt(20);
            records.add(new Record(iface, ns, Arrays.copyOfRange(b.array(), b.arrayOffset() + 28,
                    b.arrayOffset() + 28 + captured)));
        }
        return records;
    }

    /** The interfaces' names (option if_name), in order. */
    static List<String> interfaces(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        for (ByteBuffer b : blocks(file, 1)) {
            for (int at = 16; at + 4 <= b.limit() - 4;) {
                int code = b.getShort(at) & 0xffff, length = b.getShort(at + 2) & 0xffff;
                if (code == 0) break;
                if (code == 2)
                    names.add(new String(b.array(), b.arrayOffset() + at + 4, length, StandardCharsets.UTF_8));
                at += 4 + (length + 3) / 4 * 4;
            }
        }
        return names;
    }

    /** The blocks of one type, each a buffer from its type field to its trailing length. */
    private static List<ByteBuffer> blocks(Path file, int type) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (all.getInt(0) != 0x0A0D0D0A || all.getInt(8) != 0x1A2B3C4D) throw new IOException("not pcapng (LE)");
        List<ByteBuffer> found = new ArrayList<>();
        for (int at = 0; at + 12 <= all.limit();) {
            int t = all.getInt(at), length = all.getInt(at + 4);
            if (length < 12 || at + length > all.limit()) throw new IOException("a broken block at " + at);
            if (t == type) found.add(all.slice(at, length).order(ByteOrder.LITTLE_ENDIAN));
            at += length;
        }
        return found;
    }
}
