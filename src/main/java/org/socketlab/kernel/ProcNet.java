package org.socketlab.kernel;

import org.socketlab.syscall.SockAddr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads Linux's socket tables in /proc/net. Addresses there are the raw 32-bit words in host byte order
 * (little-endian on x86 and arm64), ports are hexadecimal numbers.
 */
public final class ProcNet {
    private final Path root;

    public ProcNet() {
        this(Path.of("/proc/net"));
    }

    /** Reads from another folder (tests feed it recorded tables). */
    public ProcNet(Path root) {
        this.root = root;
    }

    /** Every TCP and UDP socket of this network namespace, IPv4 and IPv6. Missing tables count as empty. */
    public List<ProcNetEntry> readAll() {
        List<ProcNetEntry> all = new ArrayList<>();
        read("tcp", ProcNetEntry.Proto.TCP, false, all);
        read("tcp6", ProcNetEntry.Proto.TCP, true, all);
        read("udp", ProcNetEntry.Proto.UDP, false, all);
        read("udp6", ProcNetEntry.Proto.UDP, true, all);
        return all;
    }

    private void read(String file, ProcNetEntry.Proto proto, boolean v6, List<ProcNetEntry> out) {
        try {
            for (String line : Files.readAllLines(root.resolve(file))) {
                ProcNetEntry e = parseLine(line, proto, v6);
                if (e != null) out.add(e);
            }
        } catch (IOException e) {
            // not Linux, or no IPv6: nothing to report from this table
        }
    }

    /** Parses one table line; null for the header or a line that does not fit the format. */
    static ProcNetEntry parseLine(String line, ProcNetEntry.Proto proto, boolean v6) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":")) return null;
        try {
            SockAddr local = address(f[1], v6);
            SockAddr remote = address(f[2], v6);
            int state = Integer.parseInt(f[3], 16);
            String[] queues = f[4].split(":");
            String[] timer = f[5].split(":");
            return new ProcNetEntry(proto, local, remote, state,
                    Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16),
                    Integer.parseInt(timer[0], 16), Long.parseLong(timer[1], 16), Long.parseLong(f[9]));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static SockAddr address(String field, boolean v6) {
        int colon = field.indexOf(':');
        byte[] raw = HexFormat.of().parseHex(field.substring(0, colon));
        int port = Integer.parseInt(field.substring(colon + 1), 16);
        if (raw.length != (v6 ? 16 : 4)) throw new IllegalArgumentException("address length");
        byte[] network = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) // each 32-bit word was printed in little-endian order
            for (int i = 0; i < 4; i++) network[word + i] = raw[word + 3 - i];
        return v6 ? new SockAddr.Inet6(network, port, 0) : new SockAddr.Inet4(network, port);
    }

    /** The inode of the socket behind one of this process's descriptors, from the {@code socket:[N]} link; -1 if none. */
    public static long inodeOf(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
            if (target.startsWith("socket:[") && target.endsWith("]"))
                return Long.parseLong(target.substring(8, target.length() - 1));
        } catch (IOException | RuntimeException e) {
            // no /proc or no such fd
        }
        return -1;
    }
}
