package org.socketlab.lab;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.socketlab.i18n.Messages;

/** What a journal event says. The JSON {@code type} of each kind is given by {@link #type()}. */
public sealed interface Payload {

    String type();

    /**
     * One real system call and what the kernel answered. The event's own time is the moment the call returned;
     * {@code enteredNs} is the moment it was made (on the journal's clock), so a view can show what the kernel did
     * in between.
     *
     * @param fd        the socket it acted on; null for {@code socket()}
     * @param args      human-readable argument values in call order ({@code "AF_INET"}, {@code "127.0.0.1:5000"})
     * @param result    what the call returned: new fd, byte count, 0 or -1
     * @param errno     the errno captured at the call, null when it succeeded
     * @param data      the bytes sent or received by payload calls, else null
     * @param blockedNs time spent waiting before the call could complete
     * @param elided    null when {@code data} holds every byte; else the whole payload's length and digest, of which
     *                  {@code data} holds only the first bytes (the journal file has them all)
     * @param enteredNs when the call was made: its wait began or it entered the kernel (journal clock); 0 when not
     *                  recorded (journals written before it was)
     * @param inode     the kernel's inode of the socket {@code fd} named when the call was made (what names it for good:
     *                  the fd number is reused, and every process has an fd 3); null when not known (no fd, a journal
     *                  written before calls carried it, a traced program's call)
     * @param madeInodes the inodes of the sockets the call made, one for each of {@link #madeFds()} in that order
     *                  (socket's, accept's new connection, socketpair's two); empty when not known
     * @param pid       the process that made the call: its endpoint's own (every endpoint is a process, issue 38; a
     *                  threaded server's thread gives its process's); null when not known (journals written before
     *                  it, traced programs, whose endpoint name carries theirs)
     */
    record Call(String call, Integer fd, Map<String, String> args, long result, Integer errno, String errnoName,
            byte[] data, long blockedNs, Elided elided, long enteredNs, Long inode, List<Long> madeInodes, Integer pid)
            implements
                Payload {
        public Call {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
            data = data == null ? null : data.clone();
            madeInodes = madeInodes == null ? List.of() : List.copyOf(madeInodes);
        }
        /** A call that does not say which sockets it named (old journals, hand-made events, traced programs). */
        public Call(String call, Integer fd, Map<String, String> args, long result, Integer errno, String errnoName,
                byte[] data, long blockedNs, Elided elided, long enteredNs) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, null, List.of(), null);
        }
        /** A call that does not say which process made it (journals written before issue 38, hand-made events). */
        public Call(String call, Integer fd, Map<String, String> args, long result, Integer errno, String errnoName,
                byte[] data, long blockedNs, Elided elided, long enteredNs, Long inode, List<Long> madeInodes) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, inode, madeInodes, null);
        }
        /** This call saying which process made it. */
        public Call withPid(Integer pid) {
            return new Call(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, inode,
                    madeInodes, pid);
        }
        /** This call saying which sockets it named: {@code inode} for its fd, {@code madeInodes} for those it made. */
        public Call withInodes(Long inode, List<Long> madeInodes) {
            return new Call(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, inode,
                    madeInodes, pid);
        }
        /**
         * The inode of the socket this call names by {@code fd} (its own fd, or one it made); null when the journal does
         * not say (older journals: readers then fall back to the endpoint and fd).
         */
        public Long inodeOf(int someFd) {
            List<Integer> made = madeFds();
            int i = made.indexOf(someFd);
            if (i >= 0 && i < madeInodes.size()) return madeInodes.get(i);
            return fd != null && fd == someFd ? inode : null;
        }
        /** A call whose entry time is not known (old journals, hand-made events). */
        public Call(String call, Integer fd, Map<String, String> args, long result, Integer errno, String errnoName,
                byte[] data, long blockedNs) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, null, 0);
        }
        public Call(String call, Integer fd, Map<String, String> args, long result, Integer errno, String errnoName,
                byte[] data, long blockedNs, Elided elided) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, elided, 0);
        }
        public Call(String call, Integer fd, Map<String, String> args, long result, Integer errno, String errnoName,
                byte[] data, long blockedNs, long enteredNs) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, null, enteredNs);
        }
        @Override
        public byte[] data() {
            return data == null ? null : data.clone();
        }
        @Override
        public String type() {
            return "call";
        }
        public boolean failed() {
            return result == -1;
        }
        /**
         * The descriptors this call made: socket's and accept's result, socketpair's two ({@code sv}); else none.
         */
        public List<Integer> madeFds() {
            if (failed()) return List.of();
            return switch (call) {
                case "socket", "accept", "accept4" -> List.of((int) result);
                case "socketpair" -> {
                    String sv = args.get("sv");
                    if (sv == null) yield List.of();
                    yield Arrays.stream(sv.replaceAll("[\\[\\] ]", "").split(",")).filter(x -> !x.isEmpty())
                            .map(Integer::valueOf).toList();
                }
                default -> List.of();
            };
        }
        public boolean entryKnown() {
            return enteredNs != 0;
        }
        /** How many payload bytes this event holds in memory (no copy). */
        public int heldBytes() {
            return data == null ? 0 : data.length;
        }
        /** How many bytes the call moved, whether or not they are all held. */
        public long dataLength() {
            return elided != null ? elided.length() : heldBytes();
        }
        /** This call holding only the first {@code keep} payload bytes, with the whole payload's length and SHA-256. */
        public Call elided(int keep) {
            if (data == null) return this;
            Elided whole = elided != null ? elided : new Elided(data.length, Elided.sha256(data));
            return new Call(call, fd, args, result, errno, errnoName, Arrays.copyOf(data, Math.min(keep, data.length)),
                    blockedNs, whole, enteredNs, inode, madeInodes, pid);
        }
        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && c.call.equals(call) && Objects.equals(c.fd, fd) && c.args.equals(args)
                    && c.result == result && Objects.equals(c.errno, errno) && Objects.equals(c.errnoName, errnoName)
                    && Arrays.equals(c.data, data) && c.blockedNs == blockedNs && Objects.equals(c.elided, elided)
                    && c.enteredNs == enteredNs && Objects.equals(c.inode, inode) && c.madeInodes.equals(madeInodes)
                    && Objects.equals(c.pid, pid);
        }
        @Override
        public int hashCode() {
            return Objects.hash(call, fd, args, result, errno) * 31 + Arrays.hashCode(data);
        }
    }

    /**
     * A payload held in memory only in part (a long session's journal stays bounded): its whole {@code length} and
     * its SHA-256 in lowercase hex, so the bytes in the journal file can be checked against it.
     */
    record Elided(long length, String sha256) {
        public static String sha256(byte[] data) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }

    /** A blocking call is waiting: nothing has been returned yet. Closed by the {@link Call} or a {@link Cancelled}. */
    record Blocked(String call, int fd) implements Payload {
        @Override
        public String type() {
            return "blocked";
        }
    }

    /**
     * A call given up by a reset: before it was made ({@code errnoName} null), or interrupted in the kernel by the reset's
     * signal ({@code errnoName} "EINTR": the one real call returned -1 EINTR to its process after {@code waitedNs};
     * strace prints it {@code = ? ERESTARTSYS}). In journals before issue 38, a wait given up in SocketLab's poll loop.
     * {@code processEnded}: not given up by a reset, but cut short by the end of the process that made it.
     */
    record Cancelled(String call, int fd, long waitedNs, String errnoName, boolean processEnded) implements Payload {
        /** A call given up before it was made (or, in journals before issue 38, in SocketLab's poll loop). */
        public Cancelled(String call, int fd, long waitedNs) {
            this(call, fd, waitedNs, null);
        }
        /** A call given up by a reset (see above); its process goes on. */
        public Cancelled(String call, int fd, long waitedNs, String errnoName) {
            this(call, fd, waitedNs, errnoName, false);
        }
        /**
         * A call that never returned because its process ended inside it (killed, or dead of SIGPIPE: journal format 2):
         * the {@link Process} event that follows says how it ended.
         */
        public static Cancelled processEnded(String call, int fd, long waitedNs) {
            return new Cancelled(call, fd, waitedNs, null, true);
        }
        @Override
        public String type() {
            return "cancelled";
        }
    }

    /**
     * An endpoint's process (journal format 2, issue 38): it {@link #STARTED} (its {@code pid} and what it is, the
     * {@code role}: {@code client}, {@code server}, {@code added-client}), SocketLab sent it a {@link #SIGNAL} with
     * kill(2) ({@code signal} and its name), or it {@link #EXITED}: with {@code code} when it called exit, or killed by
     * {@code signal} (the other null). Issue 39: it was {@link #FORKED} from {@code parentPid} (its own lifeline from
     * then on), inheriting the descriptors {@code inherited} (fd to socket inode: the same sockets as its parent's); an
     * ended child of another endpoint's process is a {@link #ZOMBIE} ({@code ps} state Z, read from {@code /proc})
     * until its parent's waitpid {@link #REAPED} it. Journals before issue 39 have neither field (null, empty).
     */
    record Process(String event, int pid, String role, Integer code, Integer signal, String signalName,
            Integer parentPid, Map<Integer, Long> inherited, String host, String address) implements Payload {
        public static final String STARTED = "started", SIGNAL = "signal", EXITED = "exited", FORKED = "forked",
                ZOMBIE = "zombie", REAPED = "reaped";
        public static final String CLIENT = "client", SERVER = "server", ADDED_CLIENT = "added-client";

        public Process {
            inherited = inherited == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(inherited));
        }
        public Process(String event, int pid, String role, Integer code, Integer signal, String signalName) {
            this(event, pid, role, code, signal, signalName, null, null);
        }
        public Process(String event, int pid, String role, Integer code, Integer signal, String signalName,
                Integer parentPid, Map<Integer, Long> inherited) {
            this(event, pid, role, code, signal, signalName, parentPid, inherited, null, null);
        }
        /**
         * The same start on a host of a lab with two machines (issue 40): the host's name and its address on the link,
         * shown on the endpoint's lifelines; both null with one machine.
         */
        public Process on(String host, String address) {
            return new Process(event, pid, role, code, signal, signalName, parentPid, inherited, host, address);
        }
        public static Process started(int pid, String role) {
            return new Process(STARTED, pid, role, null, null, null);
        }
        public static Process signalled(int pid, int signal, String signalName) {
            return new Process(SIGNAL, pid, null, null, signal, signalName);
        }
        public static Process exited(int pid, int code) {
            return new Process(EXITED, pid, null, code, null, null);
        }
        public static Process killedBy(int pid, int signal, String signalName) {
            return new Process(EXITED, pid, null, null, signal, signalName);
        }
        /** The child {@code pid} of a fork() in {@code parentPid}, with the parent's descriptors (fd to inode). */
        public static Process forked(int pid, int parentPid, String role, Map<Integer, Long> inherited) {
            return new Process(FORKED, pid, role, null, null, null, parentPid, inherited);
        }
        /** The ended child {@code pid} waits for its parent {@code parentPid}'s waitpid (ps state Z). */
        public static Process zombie(int pid, int parentPid) {
            return new Process(ZOMBIE, pid, null, null, null, null, parentPid, null);
        }
        /** Its parent's waitpid took the ended child's status: it is gone from the process table. */
        public static Process reaped(int pid, int parentPid, Integer code, Integer signal, String signalName) {
            return new Process(REAPED, pid, null, code, signal, signalName, parentPid, null);
        }
        /** The role of an endpoint by its name: the server, the client, or a client added later ({@code client-2}). */
        public static String roleOf(String endpoint) {
            if (endpoint.startsWith("server")) return SERVER;
            return endpoint.equals("client") ? CLIENT : ADDED_CLIENT;
        }
        /**
         * Whether this is SocketLab's kill with a signal no lab process catches (SIGKILL, SIGTERM), so its end follows;
         * a process may live through another (a handler, SIG_IGN, SIGCHLD: issue 39), whose end, if any, is its own
         * {@link #EXITED}.
         */
        public boolean endingSignal() {
            return SIGNAL.equals(event) && ("SIGKILL".equals(signalName) || "SIGTERM".equals(signalName));
        }
        /** Whether it ended by a signal rather than by exit. */
        public boolean killed() {
            return EXITED.equals(event) && signal != null;
        }
        @Override
        public String type() {
            return "process";
        }
    }

    /**
     * The kernel's state of a socket changed ({@code source}: tcp_info, sock_diag, unix_diag, getsockname). TCP uses the
     * RFC 9293 names; UDP uses UNBOUND, BOUND and CONNECTED; AF_UNIX uses the names the kernel keeps for it (LISTEN,
     * ESTABLISHED, CLOSED). {@code timeWaitMs} is the time the kernel still keeps a connection that has just entered
     * TIME_WAIT, else null. The fd may already be closed: the connection outlives it, and a new socket may have taken
     * the number; {@code inode} (the kernel's socket inode, as in {@code /proc/self/fd} and {@code ss -e}) names the
     * socket for good. Null in journals written before it existed.
     */
    record State(int fd, String from, String to, String source, Long timeWaitMs, Long inode) implements Payload {
        public State(int fd, String from, String to, String source, Long timeWaitMs) {
            this(fd, from, to, source, timeWaitMs, null);
        }
        public State(int fd, String from, String to, String source) {
            this(fd, from, to, source, null, null);
        }
        @Override
        public String type() {
            return "state";
        }
    }

    /**
     * Bytes waiting in a socket's queues; for a listener, {@code recvQ} is the accept-queue length. {@code inode} as in
     * {@link State}.
     */
    record Queue(int fd, long recvQ, long sendQ, Long inode) implements Payload {
        public Queue(int fd, long recvQ, long sendQ) {
            this(fd, recvQ, sendQ, null);
        }
        @Override
        public String type() {
            return "queue";
        }
    }

    /**
     * A segment between two endpoints, either seen on the wire ({@code captured}) or deduced ({@code inferred}).
     * Captured TCP segments carry the real 32-bit {@code seqNo} and {@code ackNo} (the latter only with ACK) and the
     * unscaled {@code window} field; inferred ones leave them null. A captured segment also carries the addresses it
     * had on the wire ({@code src}, {@code dst}: {@code 127.0.0.1:40112}; for ICMP the hosts with port 0), the exact
     * 4-tuple that made it the lab's, and {@code wireNs}, when it crossed the wire: the kernel's capture stamp moved
     * onto the journal's monotonic clock; inferred ones leave them null. A captured segment also keeps {@code packet},
     * its bytes as captured from the IP header on (headers and the first payload bytes, at most the snap length), and
     * {@code wallNs}, the capture's own stamp (CLOCK_REALTIME, ns since the epoch): what a pcap file needs.
     * {@code lost} (captured only): a rule of the lab network dropped it in the receiver's input: it was seen leaving
     * and never arrived (known exactly: the rule logged that very packet, see {@code lab/NetworkConditions}).
     */
    record Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
            String origin, Integer window, String src, String dst, Long wireNs, byte[] packet, Long wallNs,
            boolean lost) implements Payload {
        public static final String CAPTURED = "captured", INFERRED = "inferred";
        /** At most this many bytes of a captured packet are kept: the capture's snap length (256) always fits. */
        public static final int MAX_PACKET = 512;
        public Segment {
            flags = List.copyOf(flags);
            if (packet != null && packet.length > MAX_PACKET) packet = Arrays.copyOf(packet, MAX_PACKET);
            packet = packet == null ? null : packet.clone();
        }
        /** A segment that arrived (or an inferred one). */
        public Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
                String origin, Integer window, String src, String dst, Long wireNs, byte[] packet, Long wallNs) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, packet, wallNs, false);
        }
        /** This segment, marked lost: dropped by a rule of the lab network before its receiver got it. */
        public Segment asLost() {
            return new Segment(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, packet,
                    wallNs, true);
        }
        /** A segment without its captured bytes (inferred, or journals written before they were kept). */
        public Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
                String origin, Integer window, String src, String dst, Long wireNs) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, null, null);
        }
        @Override
        public byte[] packet() {
            return packet == null ? null : packet.clone();
        }
        @Override
        public boolean equals(Object o) {
            return o instanceof Segment s && s.from.equals(from) && s.to.equals(to) && s.proto.equals(proto)
                    && s.flags.equals(flags) && Objects.equals(s.seqNo, seqNo) && Objects.equals(s.ackNo, ackNo)
                    && s.len == len && s.origin.equals(origin) && Objects.equals(s.window, window)
                    && Objects.equals(s.src, src) && Objects.equals(s.dst, dst) && Objects.equals(s.wireNs, wireNs)
                    && Arrays.equals(s.packet, packet) && Objects.equals(s.wallNs, wallNs) && s.lost == lost;
        }
        @Override
        public int hashCode() {
            return Objects.hash(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, wallNs)
                    * 31 + Arrays.hashCode(packet);
        }
        public Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
                String origin, Integer window, String src, String dst) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, null);
        }
        public Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
                String origin, Integer window) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, null, null, null);
        }
        public Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
                String origin) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, null, null, null, null);
        }
        public boolean captured() {
            return CAPTURED.equals(origin);
        }
        @Override
        public String type() {
            return "segment";
        }
    }

    /**
     * Capture of the wire: {@code started}, {@code stopped} or {@code unavailable}, with a one-line reason in
     * English ("tcpdump not installed"), kept readable in the file, and its stable {@code reasonCode} (message key
     * {@code capture.reason.CODE}) with the {@code reasonArgs} its text needs, which readers show in their language.
     * Journals older than the code have only the English reason. Without capture only inferred segments are journaled.
     */
    record Capture(String status, String reason, String reasonCode, List<String> reasonArgs) implements Payload {
        public static final String STARTED = "started", STOPPED = "stopped", UNAVAILABLE = "unavailable";
        public Capture {
            reasonArgs = reasonArgs == null ? List.of() : List.copyOf(reasonArgs);
        }
        /** A reason without a code: an old journal's. */
        public Capture(String status, String reason) {
            this(status, reason, null, List.of());
        }
        @Override
        public String type() {
            return "capture";
        }

        /** The reason in the reader's language; an old journal's English reason as it was written. */
        public String reasonText(Messages m) {
            String key = "capture.reason." + reasonCode;
            if (reasonCode == null || !m.has(key)) return reason == null ? "" : reason;
            return reasonArgs.isEmpty() ? m.get(key) : m.get(key, reasonArgs.toArray());
        }
    }

    /**
     * Lesson narration, per language code; with the step's slide for presenter mode (a short title and one sentence,
     * per language code) when the lesson gives one, else empty maps. A note written by predict mode also carries
     * {@code quiz}: what the student answered and what the kernel did ({@link Quiz.Answer}), or the lesson's score
     * ({@link Quiz.Score}); its text says the same in words, so every view that shows notes shows the verdicts. Null on
     * every other note.
     */
    record Note(Map<String, String> text, Map<String, String> slideTitle, Map<String, String> slideText, Quiz quiz)
            implements
                Payload {
        public Note {
            text = Map.copyOf(text);
            slideTitle = Map.copyOf(slideTitle);
            slideText = Map.copyOf(slideText);
        }
        public Note(Map<String, String> text) {
            this(text, Map.of(), Map.of(), null);
        }

        /** A text of a note in the language {@code lang}, else in any language it has; empty when none. */
        public static String in(Map<String, String> byLang, String lang) {
            String text = byLang.get(lang);
            return text != null ? text : byLang.values().stream().findFirst().orElse("");
        }
        public Note(Map<String, String> text, Quiz quiz) {
            this(text, Map.of(), Map.of(), quiz);
        }
        public Note(Map<String, String> text, Map<String, String> slideTitle, Map<String, String> slideText) {
            this(text, slideTitle, slideText, null);
        }
        public boolean hasSlide() {
            return !slideTitle.isEmpty();
        }
        @Override
        public String type() {
            return "note";
        }
    }

    /** The structured part of a predict-mode note (docs/architecture.md, journal format, {@code note.quiz}). */
    sealed interface Quiz {
        String lesson();

        /**
         * A question put before step {@code step} ran (the {@code index}-th of that step's, 1-based), journaled before
         * its answer is awaited: the journal shows each prediction was made before the call.
         */
        record Asked(String lesson, int step, int index, String topic) implements Quiz {
        }

        /**
         * One question answered before a step ran, held against the kernel's result.
         *
         * @param chosen   the option the student chose (1-based)
         * @param right    the options the kernel's result made right (1-based); empty when the kernel did what no option
         *                 said, and the question does not count
         * @param kernel   what the kernel did, as the journal says it ({@code -1 ECONNREFUSED}, {@code blocked},
         *                 {@code ESTABLISHED}, {@code SYN RST})
         * @param expected what the lesson file expected, in the same words; differs from {@code kernel} when the kernel
         *                 surprised the lesson (the kernel wins)
         */
        record Answer(String lesson, int step, String topic, int chosen, List<Integer> right, String kernel,
                String expected)
                implements
                    Quiz {
            public Answer {
                right = List.copyOf(right);
            }
            public boolean counts() {
                return !right.isEmpty();
            }
            public boolean correct() {
                return right.contains(chosen);
            }
            /** {@code right}, {@code wrong} or {@code void}, as the file writes it. */
            public String verdict() {
                return !counts() ? "void" : correct() ? "right" : "wrong";
            }
        }

        /**
         * The score of one lesson played in predict mode: {@code right} of {@code asked} counted questions;
         * {@code complete} is false when the quiz ended before the lesson did (no more answers, or a step failed).
         */
        record Score(String lesson, int right, int asked, boolean complete) implements Quiz {
        }
    }
}
