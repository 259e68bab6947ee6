package org.socketlab.trace;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.SockAddr;

/** /proc/net's addresses of a process's sockets (its fds' {@code socket:[N]} links are syscall/ProcFds'). */
final class ProcSockets {
    private ProcSockets() {
    }

    /** {@code 0100007F:1388} (the host's byte order, as the kernel prints it) as {@code 127.0.0.1:5000}. */
    static @Nullable String procAddress(String hex) {
        int colon = hex.indexOf(':');
        if (colon < 0) return null;
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        String h = hex.substring(0, colon);
        byte[] raw = HexFormat.of().parseHex(h);
        byte[] addr = new byte[raw.length];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < raw.length / 4; word++)
            for (int i = 0; i < 4; i++) addr[word * 4 + i] = raw[word * 4 + (little ? 3 - i : i)];
        SockAddr a = addr.length == 4 ? new SockAddr.Inet4(addr, port) : new SockAddr.Inet6(addr, port, 0);
        return a.text();
    }

    /** {@code 127.0.0.1:5000} or {@code [::1]:5000} as an address; numeric only (nothing is looked up); null if not one. */
    static @Nullable SockAddr address(String text) {
        try {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) return null;
            String host = text.substring(0, colon);
            int port = Integer.parseInt(text.substring(colon + 1));
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            // By its family: InetAddress.ofLiteral tries IPv4 first and throws inside for an IPv6 one, once per line
            // read of a traced program that serves IPv4-mapped clients.
            InetAddress a = host.indexOf(':') >= 0 ? Inet6Address.ofLiteral(host) : Inet4Address.ofLiteral(host);
            if (a instanceof Inet4Address) return new SockAddr.Inet4(a.getAddress(), port);
            if (a instanceof Inet6Address) return new SockAddr.Inet6(a.getAddress(), port, 0);
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * Every IP socket's addresses in /proc/net/{tcp,tcp6,udp,udp6}, by inode: local, then peer ({@code :0} where none).
     * Those tables walk the kernel's whole connection table (milliseconds).
     */
    static Map<Long, String[]> namesByInode() {
        Map<Long, String[]> byInode = new HashMap<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[0].endsWith(":")) continue;
                    byInode.put(Long.parseLong(f[9]), new String[]{procAddress(f[1]), procAddress(f[2])});
                }
            } catch (IOException | RuntimeException e) {
                // no such table on this kernel
            }
        }
        return byInode;
    }

    /** The peer a listener is looked up with: the wildcard of its family, port 0. */
    static SockAddr anyPeer(SockAddr local) {
        return local instanceof SockAddr.Inet6
                ? new SockAddr.Inet6(new byte[16], 0, 0)
                : new SockAddr.Inet4(new byte[4], 0);
    }

}
