package org.socketlab.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SockDiag;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpStateTable;
import org.socketlab.kernel.TcpTransitions;
import org.socketlab.lab.OutsideSocket;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.ProcChildren;
import org.socketlab.syscall.ProcFds;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SysCall;

/**
 * The traced program's sockets and what the kernel says of them. Their addresses come from strace's {@code -yy}
 * annotations ({@code 5<TCP:[127.0.0.1:5000->127.0.0.1:40112]>}), their inodes from {@code /proc/PID/fd} (links
 * only: no file is opened or read), their state and queues from sock_diag (TCP by address pair, AF_UNIX by inode),
 * journaled as {@code state} and {@code queue} events under the endpoint that uses them, as the lab does for its own.
 * A TCP connection whose fd is closed is followed until the kernel forgets it (FIN_WAIT_2, TIME_WAIT). Not
 * thread-safe on its own: {@link TraceSession} calls it under one lock.
 */
final class TracedSockets implements AutoCloseable {
    /** How long a forgotten socket still names its packets (they arrive a few ms late). */
    private static final long GONE_GRACE_NS = 3_000_000_000L;

    private static final long PROC_NAMES_EVERY_NS = 200_000_000L;
    private long procNamesAtNs;
    /** The program's processes when last listed (strace's own child and its descendants). */
    private List<Long> livePids = List.of();
    /** Record order: counts the calls and forks that made or moved a holder. */
    private long order;
    private final Journal journal;
    /** The kernel's sockets by address or inode: null where there is no sock_diag (not Linux). */
    private final @Nullable SockDiag diag;
    /** Open sockets by pid and fd. */
    private final Map<String, Known> open = new LinkedHashMap<>();
    /** Closed TCP connections still in the kernel, and recently forgotten sockets (for the capture). */
    private final List<Known> closed = new ArrayList<>();
    /**
     * Sockets the kernel has forgotten, as the capture needs them: a packet is attributed when the capture is read to
     * its end (a program stopped by a signal, a client that sleeps after its server closed), long after the socket
     * went. Oldest dropped beyond {@value #MAX_FORGOTTEN}.
     */
    private final ArrayDeque<OutsideSocket> forgotten = new ArrayDeque<>();
    private static final int MAX_FORGOTTEN = 4096;
    private final FdHistory history = new FdHistory();
    /**
     * Whose table of descriptors each pid uses, when not its own: a thread's (or a clone's with CLONE_FILES) is its
     * creator's, so one thread may close what another made. strace names each call by its thread's id.
     */
    private final Map<Integer, Integer> filesOf = new HashMap<>();
    private final UntoldChildren untold = new UntoldChildren();

    /** strace's pids as /proc names them here (the same, unless strace runs in a PID namespace of its own). */
    private IntUnaryOperator hostPids = IntUnaryOperator.identity();

    TracedSockets(Journal journal, @Nullable SockDiag diag) {
        this.journal = journal;
        this.diag = diag;
    }

    /**
     * The program's sockets are in another network (a checked program's room): they are looked up only there, through
     * {@code netlinkSocket} (a sock_diag socket of it, owned by this from now on).
     */
    void lookUpOnlyIn(int netlinkSocket) {
        if (diag != null) diag.onlyIn(netlinkSocket);
    }

    void hostPids(IntUnaryOperator toHost) {
        this.hostPids = toHost;
    }

    /** strace printed this fd of {@code pid} in a call (or as its result): learn its kind and addresses. */
    void seen(int pid, String endpoint, StraceValues.@Nullable Fd fd, String call, boolean succeeded) {
        if (fd == null || !fd.socket()) return;
        Known k = open.computeIfAbsent(key(pid, fd.number()), x -> held(new Known(endpoint, pid, fd.number())));
        k.acted = ++order;
        k.copied = false;
        if (fd.kind() != null) k.kind = fd.kind();
        if (fd.inode() > 0 && !fd.unix()) k.inode = fd.inode();
        if (fd.unix() && fd.inode() > 0) k.inode = fd.inode();
        if (fd.local() != null) k.local = fd.local();
        if (fd.peer() != null) k.peer = fd.peer();
        if (SysCall.LISTEN.is(call) && succeeded) k.listening = true;
    }

    private Known held(Known k) {
        k.since = ++order;
        return k;
    }

    /**
     * {@code child} was forked from {@code parent} (fork, vfork, or clone without CLONE_FILES): it holds the same
     * sockets at the same numbers, by inode, and takes their lanes from then on (the newer holder of a socket both
     * last acted on; a parent that keeps acting on it takes it back). Returns the inherited fds and their inodes
     * (null when not known yet).
     */
    Map<Integer, Long> forked(int parent, int child, String childEndpoint) {
        untold.told(child, hostPids.applyAsInt(child));
        Map<Integer, Long> inherited = new TreeMap<>();
        for (Known k : List.copyOf(open.values())) {
            if (files(k.pid) != files(parent)) continue; // its own, or made by another of its threads
            Known c = held(new Known(childEndpoint, child, k.fd));
            c.inode = k.inode;
            c.kind = k.kind;
            c.local = k.local;
            c.peer = k.peer;
            c.listening = k.listening;
            c.state = k.state;
            c.recvQ = k.recvQ;
            c.sendQ = k.sendQ;
            c.acted = k.acted;
            c.copied = true;
            open.put(key(child, k.fd), c);
            inherited.put(k.fd, k.inode > 0 ? k.inode : null);
        }
        return inherited;
    }

    /**
     * {@code pid} ran a new program (execve returned): the copies it inherited and never used that /proc no longer shows
     * were closed on exec, without a close() of their own. Only while it runs: the record lags behind the process, and
     * an ended one's fds are closed by its end, in the record's order.
     */
    void execed(int pid) {
        if (Os.current() != Os.LINUX) return;
        int host = hostPids.applyAsInt(pid);
        Map<Integer, Long> now = ProcFds.sockets(host).orElse(Map.of());
        if (!Files.isDirectory(Path.of("/proc", String.valueOf(host), "fd"))) return;
        open.values().removeIf(
                k -> k.pid == pid && k.copied && (k.inode <= 0 || !Long.valueOf(k.inode).equals(now.get(k.fd))));
    }

    /**
     * The inode of the socket {@code pid} has at {@code fd}, as the journal's call events carry it (the lab's own calls
     * do too, see journal/SocketIdentities): the one strace printed or an earlier look found, else a TCP connection's by
     * the address pair strace printed, else what a sample of /proc/PID/fd saw there when the call returned, else its
     * {@code socket:[N]} link read now (one link, nothing opened); null when none tells (the process has ended).
     */
    @Nullable
    Long inodeOf(int pid, int fd, long returnedNs) {
        Known k = open.get(key(pid, fd));
        if (k != null && k.inode <= 0) k.inode = k.connectionInode(diag);
        if (k != null && k.inode > 0) return k.inode;
        Long inode = history.at(files(pid), fd, returnedNs);
        if (inode == null && !history.knows(files(pid), fd)) {
            long linked = ProcFds.socketInode(hostPids.applyAsInt(files(pid)), fd);
            if (linked > 0) inode = linked;
        }
        if (k != null && inode != null) k.inode = inode;
        return inode;
    }

    /** {@code child} (a thread, or a clone with CLONE_FILES) uses the table of descriptors of {@code parent}. */
    void sharesFiles(int parent, int child) {
        untold.told(child, hostPids.applyAsInt(child)); // a clone with CLONE_FILES is a child process too
        filesOf.put(child, files(parent));
    }

    /** {@code pid} (as strace names it) as this machine's /proc names it. */
    int hostPid(int pid) {
        return hostPids.applyAsInt(pid);
    }

    /** The pid whose table of descriptors {@code pid} uses: its own, or its creator's. */
    private int files(int pid) {
        return filesOf.getOrDefault(pid, pid);
    }

    /**
     * Reads which socket each fd of these processes (the program's, found from its process tree, ahead of strace's
     * record) holds now, so a call read late still gets the inode it used.
     */
    void sampleFds(List<Long> pids) {
        livePids = pids;
        if (Os.current() != Os.LINUX) return;
        long now = journal.now();
        for (long pid : pids) history.remember((int) pid, ProcFds.sockets((int) pid).orElse(Map.of()), now);
    }

    /** Whether the program had a process other than {@code pid} when its processes were last listed. */
    private boolean otherProcesses(int pid) {
        if (livePids.stream().anyMatch(p -> p != pid)) return true;
        // A child forked since that listing (read now: this is asked only when a lane's fd is already gone).
        return !ProcChildren.of(hostPids.applyAsInt(pid)).isEmpty();
    }

    /** The call closed an fd of {@code pid}: the socket lives on in the kernel while its connection does. */
    void closed(int pid, int fd) {
        // Every thread sharing its table of descriptors held it at that number: closed for all of them.
        for (Known k : List.copyOf(open.values())) {
            if (k.fd != fd || files(k.pid) != files(pid)) continue;
            open.remove(key(k.pid, fd));
            // Another process (a forked child) may still hold it: the inode tells when it is really gone.
            k.open = false;
            k.closedAtNs = System.nanoTime();
            closed.add(k);
        }
    }

    /** Every socket of a process that ended is closed by the kernel. */
    void processEnded(int pid) {
        untold.ended(pid);
        for (Known k : List.copyOf(open.values())) if (files(k.pid) == pid) closed(k.pid, k.fd);
    }

    /**
     * Whether a closed TCP connection is still followed (FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT...): its states go on after
     * the program ended (the ACK of its FIN may come after its exit), so the sampler keeps reading until none is left.
     */
    boolean following() {
        return closed.stream().anyMatch(k -> k.tcp() && k.state != null && k.state != TcpState.CLOSED);
    }

    /**
     * Whether a closed connection still waits for its peer's segment (FIN_WAIT_1, CLOSING, LAST_ACK, the states the
     * ACK of its FIN leaves: its FIN is not acknowledged yet; the peer's kernel may delay that ACK): the wire is not
     * over while one does.
     */
    boolean awaitingPeer() {
        return closed.stream().anyMatch(k -> k.tcp() && k.state instanceof TcpState s
                && TcpTransitions.leaves(s, TcpTransitions.Cause.RECEIVE_ACK_OF_FIN));
    }

    /** The program's sockets as the lab's capture needs them: open, closed, and forgotten by the kernel. */
    List<OutsideSocket> outside() {
        List<OutsideSocket> out = new ArrayList<>();
        Map<String, Known> lanes = SocketLanes.of(open.values(), closed);
        for (Known k : (Iterable<Known>) Stream.concat(open.values().stream(), closed.stream())::iterator) {
            String c = Known.connection(k);
            if (c != null && lanes.get(c) != k) continue; // one socket, one lane: its other holders' copies say nothing
            OutsideSocket o = forCapture(k);
            if (o != null) out.add(o);
        }
        // The kernel forgot them; their packets may still be waiting to be attributed. Never a listener: a later
        // program's SYN to that port is not this one's.
        out.addAll(forgotten);
        return out;
    }

    private static @Nullable OutsideSocket forCapture(Known k) {
        if (!(k.tcp() || k.udp()) || k.local == null) return null;
        SockAddr local = ProcSockets.address(k.local), peer = k.peer == null ? null : ProcSockets.address(k.peer);
        if (local == null) return null;
        return new OutsideSocket(k.endpoint, k.tcp(), local, peer, k.listening && peer == null);
    }

    private void forget(Known k) {
        OutsideSocket o = forCapture(k);
        if (o == null || o.listening() || o.peer() == null && o.tcp()) return;
        forgotten.remove(o);
        forgotten.addLast(o);
        while (forgotten.size() > MAX_FORGOTTEN) forgotten.removeFirst();
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
        long sampledNs = journal.now();
        for (Known k : open.values()) {
            Map<Integer, Long> fds = inodes.computeIfAbsent(k.pid, pid -> {
                Map<Integer, Long> read = ProcFds.sockets(hostPids.applyAsInt(files(pid))).orElse(Map.of());
                history.remember(files(pid), read, sampledNs);
                return read;
            });
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
        // A socket a forked child holds too is one socket: its states are told once, on its lane (the holder that
        // acted on it last, and once every holder closed it, the last to close it), and every copy learns them.
        Map<String, Known> lanes = SocketLanes.of(open.values(), closed);
        Map<String, List<Known>> holders = SocketLanes.holders(open.values(), closed); // once: read per socket below
        Set<String> told = new HashSet<>();
        for (Known k : open.values()) {
            if (reused.contains(k)) continue;
            String c = Known.connection(k);
            if (c == null) read(k, () -> true);
            // While the program has other processes, only while its lane holds it, before and after the kernel answers:
            // strace's record lags, and a state read for a holder that has closed it (a fork and a close not told yet)
            // may be another process's. A lone process's closed socket is read as before (its FIN in the queue). Not
            // while its holder has a child whose fork is not told yet: the socket is that child's too, and its lane.
            else
                if (lanes.get(c) == k && (inodes.getOrDefault(k.pid, Map.of()).containsKey(k.fd)
                        || !otherProcesses(k.pid)) && told.add(c)) {
                            read(k, () -> (!otherProcesses(k.pid)
                                    || ProcFds.socketInode(hostPids.applyAsInt(files(k.pid)), k.fd) == k.inode)
                                    && !untold.any(hostPids.applyAsInt(files(k.pid)), System.nanoTime()));
                            SocketLanes.share(k, holders.getOrDefault(c, List.of()));
                        }
        }
        for (var it = closed.iterator(); it.hasNext();) {
            Known k = it.next();
            if (k.inode > 0 && stillOpen.contains(k.inode)) continue; // a child still holds it
            String c = Known.connection(k);
            boolean followed = c == null || !told.contains(c) && lanes.get(c) == k;
            boolean still = followed && follow(k);
            if (followed && c != null) SocketLanes.share(k, holders.getOrDefault(c, List.of()));
            if (!still && System.nanoTime() - k.closedAtNs > GONE_GRACE_NS) {
                forget(k);
                it.remove();
            }
        }
    }

    /**
     * Journals what the kernel now says of {@code k}, if that is news and {@code stillItsHolder} (asked only then: it
     * reads /proc) says the reading is its holder's.
     */
    private void read(Known k, BooleanSupplier stillItsHolder) {
        if (diag == null) return;
        if (k.unix()) {
            diag.lookupUnix(k.inode).filter(a -> news(k, a) && stillItsHolder.getAsBoolean()).ifPresent(a -> {
                setState(k, TcpStateTable.map(Os.LINUX, a.state()).orElse(TcpState.CLOSED), "unix_diag", null);
                setQueues(k, a.recvQ(), a.sendQ());
            });
        } else if (k.tcp()) {
            SockAddr local = k.local == null ? null : ProcSockets.address(k.local);
            if (local == null) return;
            SockAddr peer = k.peer == null ? ProcSockets.anyPeer(local) : ProcSockets.address(k.peer);
            if (peer == null) return;
            diag.lookupTcp(local, peer).filter(a -> news(k, a) && stillItsHolder.getAsBoolean()).ifPresent(a -> {
                TcpState s = TcpStateTable.map(Os.LINUX, a.state()).orElse(TcpState.CLOSED);
                setState(k, s, "sock_diag", s == TcpState.TIME_WAIT ? a.expiresMs() : null);
                setQueues(k, a.recvQ(), a.sendQ());
            });
        } else if (k.udp()) {
            setState(k, k.peer != null
                    ? DgramState.CONNECTED
                    : k.local != null && !k.local.endsWith(":0") ? DgramState.BOUND : DgramState.UNBOUND,
                    SysCall.GETSOCKNAME.journalName, null);
        }
    }

    /** Whether the kernel's answer changes {@code k}'s state or queues (else reading it journals nothing). */
    private static boolean news(Known k, SockDiag.Answer a) {
        SocketState now = TcpStateTable.map(Os.LINUX, a.state()).orElse(TcpState.CLOSED);
        return now != (k.state == null ? TcpState.CLOSED : k.state) || a.recvQ() != k.recvQ || a.sendQ() != k.sendQ;
    }

    /** A closed connection: its state until the kernel forgets it; false once it is gone. */
    private boolean follow(Known k) {
        if (!k.tcp() || diag == null || k.local == null || k.peer == null) {
            if (k.state != null && k.state != TcpState.CLOSED && !k.udp())
                setState(k, TcpState.CLOSED, k.unix() ? "unix_diag" : "sock_diag", null);
            return false;
        }
        SockAddr local = ProcSockets.address(k.local), peer = ProcSockets.address(k.peer);
        var answer = local == null || peer == null
                ? Optional.<SockDiag.Answer>empty()
                : diag.lookupTcp(local, peer);
        if (answer.isEmpty()) {
            setState(k, TcpState.CLOSED, "sock_diag", null);
            return false;
        }
        TcpState s = TcpStateTable.map(Os.LINUX, answer.get().state()).orElse(TcpState.CLOSED);
        setState(k, s, "sock_diag", s == TcpState.TIME_WAIT ? answer.get().expiresMs() : null);
        // Its FIN waits in the send queue until acknowledged: the queue empties with FIN_WAIT_2, as the lab's own does.
        setQueues(k, answer.get().recvQ(), answer.get().sendQ());
        return s != TcpState.CLOSED;
    }

    private void setState(Known k, SocketState to, String source, @Nullable Long timeWaitMs) {
        SocketState from = k.state == null ? (k.udp() ? DgramState.UNBOUND : TcpState.CLOSED) : k.state;
        if (to == from) {
            k.state = to;
            return;
        }
        journal.append(k.endpoint, new Payload.State(k.fd, from.journalName(), to.journalName(), source, timeWaitMs,
                k.inode > 0 ? k.inode : null));
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
        Map<Long, String[]> byInode = ProcSockets.namesByInode();
        for (Known k : open.values()) {
            String[] names = k.local == null && k.inode > 0 ? byInode.get(k.inode) : null;
            if (names == null || names[0] == null || names[0].endsWith(":0")) continue;
            k.local = names[0];
            if (names[1] != null && !names[1].endsWith(":0")) k.peer = names[1];
        }
    }

    private static String key(int pid, int fd) {
        return pid + "/" + fd;
    }

    @Override
    public void close() {
        if (diag != null) diag.close();
    }
}
