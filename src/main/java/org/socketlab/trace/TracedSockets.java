package org.socketlab.trace;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.socketlab.kernel.SockDiag;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpStateTable;
import org.socketlab.lab.Journal;
import org.socketlab.lab.OutsideSocket;
import org.socketlab.lab.Payload;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.SockAddr;

/**
 * The traced program's sockets and what the kernel says of them. Their addresses come from strace's {@code -yy}
 * annotations ({@code 5<TCP:[127.0.0.1:5000->127.0.0.1:40112]>}), their inodes from {@code /proc/PID/fd} (links
 * only: no file is opened or read), their state and queues from sock_diag (TCP by address pair, AF_UNIX by inode),
 * journaled as {@code state} and {@code queue} events under the endpoint that uses them, as the lab does for its own.
 * A TCP connection whose fd is closed is followed until the kernel forgets it (FIN_WAIT_2, TIME_WAIT). Not
 * thread-safe on its own: {@link TraceSession} calls it under one lock.
 */
final class TracedSockets implements AutoCloseable {
    /** One socket of the program, by its inode once known. */
    private static final class Known {
        String endpoint;
        final int pid;
        int fd;
        long inode = -1;
        String kind;
        String local, peer;
        boolean listening, open = true;
        String state;
        long recvQ = -1, sendQ = -1;
        long closedAtNs;

        Known(String endpoint, int pid, int fd) {
            this.endpoint = endpoint;
            this.pid = pid;
            this.fd = fd;
        }

        boolean tcp() {
            return kind != null && kind.startsWith("TCP");
        }

        boolean udp() {
            return kind != null && kind.startsWith("UDP");
        }

        boolean unix() {
            return kind != null && kind.startsWith("UNIX");
        }
    }

    /** How long a forgotten socket still names its packets (they arrive a few ms late). */
    private static final long GONE_GRACE_NS = 3_000_000_000L;

    private static final long PROC_NAMES_EVERY_NS = 200_000_000L;
    private long procNamesAtNs;
    private final Journal journal;
    private final SockDiag diag;
    /** Open sockets by pid and fd. */
    private final Map<String, Known> open = new LinkedHashMap<>();
    /** Closed TCP connections still in the kernel, and recently forgotten sockets (for the capture). */
    private final List<Known> closed = new ArrayList<>();

    /** strace's pids as /proc names them here (the same, unless strace runs in a PID namespace of its own). */
    private IntUnaryOperator hostPids = IntUnaryOperator.identity();

    TracedSockets(Journal journal, SockDiag diag) {
        this.journal = journal;
        this.diag = diag;
    }

    void hostPids(IntUnaryOperator toHost) {
        this.hostPids = toHost;
    }

    /** strace printed this fd of {@code pid} in a call (or as its result): learn its kind and addresses. */
    void seen(int pid, String endpoint, StraceValues.Fd fd, String call, boolean succeeded) {
        if (fd == null || !fd.socket()) return;
        Known k = open.computeIfAbsent(key(pid, fd.number()), x -> new Known(endpoint, pid, fd.number()));
        if (fd.kind() != null) k.kind = fd.kind();
        if (fd.inode() > 0 && !fd.unix()) k.inode = fd.inode();
        if (fd.unix() && fd.inode() > 0) k.inode = fd.inode();
        if (fd.local() != null) k.local = fd.local();
        if (fd.peer() != null) k.peer = fd.peer();
        if (call.equals("listen") && succeeded) k.listening = true;
    }

    /** The call closed an fd of {@code pid}: the socket lives on in the kernel while its connection does. */
    void closed(int pid, int fd) {
        Known k = open.remove(key(pid, fd));
        if (k == null) return;
        // Another process (a forked child) may still hold it: the inode tells when it is really gone.
        k.open = false;
        k.closedAtNs = System.nanoTime();
        closed.add(k);
    }

    /** Every socket of a process that ended is closed by the kernel. */
    void processEnded(int pid) {
        for (Known k : List.copyOf(open.values())) if (k.pid == pid) closed(pid, k.fd);
    }

    /**
     * Whether a closed TCP connection is still followed (FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT...): its states go on after
     * the program ended (the ACK of its FIN may come after its exit), so the sampler keeps reading until none is left.
     */
    boolean following() {
        return closed.stream().anyMatch(k -> k.tcp() && k.state != null && !k.state.equals("CLOSED"));
    }

    /** The program's sockets as the lab's capture needs them, open and recently closed. */
    List<OutsideSocket> outside() {
        List<OutsideSocket> out = new ArrayList<>();
        long now = System.nanoTime();
        for (Known k : (Iterable<Known>) Stream.concat(open.values().stream(),
                closed.stream())::iterator) {
            if (!k.open && now - k.closedAtNs > GONE_GRACE_NS && !"TIME_WAIT".equals(k.state)
                    && !"FIN_WAIT_2".equals(k.state))
                continue;
            if (!(k.tcp() || k.udp()) || k.local == null) continue;
            SockAddr local = address(k.local), peer = k.peer == null ? null : address(k.peer);
            if (local == null) continue;
            out.add(new OutsideSocket(k.endpoint, k.tcp(), local, peer, k.listening && peer == null));
        }
        return out;
    }

    /** Reads the inodes from /proc and the kernel's state of every socket; journals what changed. */
    void sample() {
        sample(false);
    }

    /**
     * As {@link #sample()}; {@code withProcNames} also names sockets strace has not shown bound from /proc/net (at most
     * every {@value #PROC_NAMES_EVERY_NS} ns: those tables are long on a busy machine).
     */
    void sample(boolean withProcNames) {
        if (Os.current() != Os.LINUX) return;
        Map<Integer, Map<Integer, Long>> inodes = new HashMap<>();
        Set<Known> reused = new HashSet<>();
        for (Known k : open.values()) {
            Map<Integer, Long> fds = inodes.computeIfAbsent(k.pid, pid -> socketInodes(hostPids.applyAsInt(pid)));
            Long inode = fds.get(k.fd);
            if (inode == null) continue;
            // strace tells a call after it returned: the program may have closed this fd and opened another socket on
            // the same number already. The inode strace printed is this socket's own; another one there is not its.
            if (k.inode <= 0) k.inode = inode;
            else if (k.inode != inode) reused.add(k);
        }
        long now = System.nanoTime();
        if (withProcNames && now - procNamesAtNs > PROC_NAMES_EVERY_NS
                && open.values().stream().anyMatch(k -> (k.tcp() || k.udp()) && k.inode > 0 && k.local == null)) {
            procNamesAtNs = now;
            namesFromProc();
        }
        Set<Long> stillOpen = new HashSet<>();
        for (Map<Integer, Long> fds : inodes.values()) stillOpen.addAll(fds.values());
        // A socket a forked child holds too is one socket: its states are told once, by its first holder still open,
        // and once every holder closed it, by the last to close it.
        Set<String> told = new HashSet<>();
        for (Known k : open.values()) {
            if (reused.contains(k)) continue;
            String c = connection(k);
            if (c == null || told.add(c)) read(k);
        }
        Map<String, Known> lastHolder = new HashMap<>();
        for (Known k : closed)
            if (connection(k) != null)
                lastHolder.merge(connection(k), k, (a, b) -> b.closedAtNs >= a.closedAtNs ? b : a);
        for (var it = closed.iterator(); it.hasNext();) {
            Known k = it.next();
            if (k.inode > 0 && stillOpen.contains(k.inode)) continue; // a child still holds it
            String c = connection(k);
            boolean followed = c == null || !told.contains(c) && lastHolder.get(c) == k;
            if (!(followed && follow(k)) && System.nanoTime() - k.closedAtNs > GONE_GRACE_NS) it.remove();
        }
    }

    /** What names one socket for good: its TCP address pair (a child that ended before its inode was read has no inode), else its inode. */
    private static String connection(Known k) {
        if (k.tcp() && k.local != null && k.peer != null) return k.local + "->" + k.peer;
        return k.inode > 0 ? "inode " + k.inode : null;
    }

    private void read(Known k) {
        if (diag == null) return;
        if (k.unix()) {
            diag.lookupUnix(k.inode).ifPresent(a -> {
                setState(k, TcpStateTable.map(Os.LINUX, a.state()).orElse(TcpState.CLOSED).rfcName(), "unix_diag",
                        null);
                setQueues(k, a.recvQ(), a.sendQ());
            });
        } else if (k.tcp()) {
            SockAddr local = k.local == null ? null : address(k.local);
            if (local == null) return;
            SockAddr peer = k.peer == null ? anyPeer(local) : address(k.peer);
            if (peer == null) return;
            diag.lookupTcp(local, peer).ifPresent(a -> {
                TcpState s = TcpStateTable.map(Os.LINUX, a.state()).orElse(TcpState.CLOSED);
                setState(k, s.rfcName(), "sock_diag", s == TcpState.TIME_WAIT ? a.expiresMs() : null);
                setQueues(k, a.recvQ(), a.sendQ());
            });
        } else if (k.udp()) {
            setState(k, k.peer != null ? "CONNECTED" : k.local != null && !k.local.endsWith(":0") ? "BOUND" : "UNBOUND",
                    "getsockname", null);
        }
    }

    /** A closed connection: its state until the kernel forgets it; false once it is gone. */
    private boolean follow(Known k) {
        if (!k.tcp() || diag == null || k.local == null || k.peer == null) {
            if (k.state != null && !k.state.equals("CLOSED") && !k.udp())
                setState(k, "CLOSED", k.unix() ? "unix_diag" : "sock_diag", null);
            return false;
        }
        SockAddr local = address(k.local), peer = address(k.peer);
        var answer = local == null || peer == null
                ? Optional.<SockDiag.Answer>empty()
                : diag.lookupTcp(local, peer);
        if (answer.isEmpty()) {
            setState(k, "CLOSED", "sock_diag", null);
            return false;
        }
        TcpState s = TcpStateTable.map(Os.LINUX, answer.get().state()).orElse(TcpState.CLOSED);
        setState(k, s.rfcName(), "sock_diag", s == TcpState.TIME_WAIT ? answer.get().expiresMs() : null);
        // Its FIN waits in the send queue until acknowledged: the queue empties with FIN_WAIT_2, as the lab's own does.
        setQueues(k, answer.get().recvQ(), answer.get().sendQ());
        return s != TcpState.CLOSED;
    }

    private void setState(Known k, String to, String source, Long timeWaitMs) {
        String from = k.state == null ? (k.udp() ? "UNBOUND" : "CLOSED") : k.state;
        if (to.equals(from)) {
            k.state = to;
            return;
        }
        journal.append(k.endpoint, new Payload.State(k.fd, from, to, source, timeWaitMs, k.inode > 0 ? k.inode : null));
        k.state = to;
    }

    private void setQueues(Known k, long recvQ, long sendQ) {
        if (recvQ == k.recvQ && sendQ == k.sendQ) return;
        boolean first = k.recvQ < 0;
        k.recvQ = recvQ;
        k.sendQ = sendQ;
        if (first && recvQ == 0 && sendQ == 0) return; // empty queues are the default: nothing to say
        journal.append(k.endpoint, new Payload.Queue(k.fd, recvQ, sendQ, k.inode > 0 ? k.inode : null));
    }

    /**
     * Names the IP sockets strace has not shown bound or connected yet (a connect's fd is printed as it enters the
     * call, before the kernel picked a port) from /proc/net/{tcp,tcp6,udp,udp6}, by inode. Those tables walk the
     * kernel's whole connection table (milliseconds), so they are read only while such a socket exists.
     */
    private void namesFromProc() {
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
        for (Known k : open.values()) {
            String[] names = k.local == null && k.inode > 0 ? byInode.get(k.inode) : null;
            if (names == null || names[0] == null || names[0].endsWith(":0")) continue;
            k.local = names[0];
            if (names[1] != null && !names[1].endsWith(":0")) k.peer = names[1];
        }
    }

    /** {@code 0100007F:1388} (the host's byte order, as the kernel prints it) as {@code 127.0.0.1:5000}. */
    static String procAddress(String hex) {
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

    /** fd to socket inode of a process, from the {@code socket:[N]} links of /proc/PID/fd (nothing is opened). */
    static Map<Integer, Long> socketInodes(int pid) {
        Map<Integer, Long> out = new HashMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]"))
                        out.put(Integer.parseInt(fd.getFileName().toString()),
                                Long.parseLong(target.substring(8, target.length() - 1)));
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has ended
        }
        return out;
    }

    /** {@code 127.0.0.1:5000} or {@code [::1]:5000} as an address; numeric only (nothing is looked up); null if not one. */
    static SockAddr address(String text) {
        try {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) return null;
            String host = text.substring(0, colon);
            int port = Integer.parseInt(text.substring(colon + 1));
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            InetAddress a = InetAddress.ofLiteral(host);
            if (a instanceof Inet4Address) return new SockAddr.Inet4(a.getAddress(), port);
            if (a instanceof Inet6Address) return new SockAddr.Inet6(a.getAddress(), port, 0);
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The peer a listener is looked up with: the wildcard of its family, port 0. */
    private static SockAddr anyPeer(SockAddr local) {
        return local instanceof SockAddr.Inet6
                ? new SockAddr.Inet6(new byte[16], 0, 0)
                : new SockAddr.Inet4(new byte[4], 0);
    }

    private static String key(int pid, int fd) {
        return pid + "/" + fd;
    }

    @Override
    public void close() {
        if (diag != null) diag.close();
    }
}
