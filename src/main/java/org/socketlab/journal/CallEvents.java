package org.socketlab.journal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SysCall;

/**
 * The journal's events of the calls: one real system call and what the kernel answered ({@code call}), a call
 * waiting ({@code blocked}) and one given up ({@code cancelled}). Its records are {@link Payload}'s, named as {@code Payload.X} everywhere ({@link Payload} extends this
 * holder, and a member type is inherited).
 */
public interface CallEvents {
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
    record Call(String call, @Nullable Integer fd, Map<String, String> args, long result, @Nullable Integer errno,
            @Nullable String errnoName, byte @Nullable [] data, long blockedNs, @Nullable Elided elided, long enteredNs,
            @Nullable Long inode, List<Long> madeInodes, @Nullable Integer pid)
            implements
                Payload {
        public Call {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
            data = data == null ? null : data.clone();
            madeInodes = madeInodes == null ? List.of() : List.copyOf(madeInodes);
        }
        /** A call that does not say which sockets it named (old journals, hand-made events, traced programs). */
        public Call(String call, @Nullable Integer fd, Map<String, String> args, long result, @Nullable Integer errno,
                @Nullable String errnoName, byte @Nullable [] data, long blockedNs, @Nullable Elided elided,
                long enteredNs) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, null, List.of(), null);
        }
        /** A call that does not say which process made it (journals written before issue 38, hand-made events). */
        public Call(String call, @Nullable Integer fd, Map<String, String> args, long result, @Nullable Integer errno,
                @Nullable String errnoName, byte @Nullable [] data, long blockedNs, @Nullable Elided elided,
                long enteredNs, @Nullable Long inode,
                List<Long> madeInodes) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, inode, madeInodes, null);
        }
        /** This call saying which process made it. */
        public Call withPid(@Nullable Integer pid) {
            return new Call(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, inode,
                    madeInodes, pid);
        }
        /** This call saying which sockets it named: {@code inode} for its fd, {@code madeInodes} for those it made. */
        public Call withInodes(@Nullable Long inode, List<Long> madeInodes) {
            return new Call(call, fd, args, result, errno, errnoName, data, blockedNs, elided, enteredNs, inode,
                    madeInodes, pid);
        }
        /**
         * The inode of the socket this call names by {@code fd} (its own fd, or one it made); null when the journal does
         * not say (older journals: readers then fall back to the endpoint and fd).
         */
        public @Nullable Long inodeOf(int someFd) {
            List<Integer> made = madeFds();
            int i = made.indexOf(someFd);
            if (i >= 0 && i < madeInodes.size()) return madeInodes.get(i);
            return fd != null && fd == someFd ? inode : null;
        }
        /** A call whose entry time is not known (old journals, hand-made events). */
        public Call(String call, @Nullable Integer fd, Map<String, String> args, long result, @Nullable Integer errno,
                @Nullable String errnoName, byte @Nullable [] data, long blockedNs) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, null, 0);
        }
        public Call(String call, @Nullable Integer fd, Map<String, String> args, long result, @Nullable Integer errno,
                @Nullable String errnoName, byte @Nullable [] data, long blockedNs, @Nullable Elided elided) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, elided, 0);
        }
        public Call(String call, @Nullable Integer fd, Map<String, String> args, long result, @Nullable Integer errno,
                @Nullable String errnoName, byte @Nullable [] data, long blockedNs, long enteredNs) {
            this(call, fd, args, result, errno, errnoName, data, blockedNs, null, enteredNs);
        }
        @Override
        public byte @Nullable [] data() {
            return data == null ? null : data.clone();
        }
        @Override
        public String type() {
            return "call";
        }
        public boolean failed() {
            return result == -1;
        }
        /** The call this is; null for a traced program's call SocketLab has no constant for. */
        public @Nullable SysCall sysCall() {
            return SysCall.named(call);
        }
        /** Whether this is {@code c}. */
        public boolean is(SysCall c) {
            return c.is(call);
        }
        /** Whether the call failed with {@code e}. */
        public boolean failedWith(Errno e) {
            return e.is(errnoName);
        }
        /** Whether the call failed with an errno of that family ({@code c.failedWith(Errno::wouldBlock)}). */
        public boolean failedWith(Predicate<Errno> family) {
            Errno e = Errno.named(errnoName);
            return e != null && family.test(e);
        }
        /** Whether this is a call of that family ({@code c.is(SysCall::sendsData)}); a call SocketLab does not name is of none. */
        public boolean is(Predicate<SysCall> family) {
            SysCall c = sysCall();
            return c != null && family.test(c);
        }
        /**
         * The descriptors this call made: socket's and accept's result, socketpair's two ({@code sv}); else none.
         */
        public List<Integer> madeFds() {
            if (failed()) return List.of();
            return switch (sysCall()) {
                case SOCKET, ACCEPT, ACCEPT4 -> List.of((int) result);
                case SOCKETPAIR -> {
                    String sv = arg(CallArg.SV);
                    if (sv == null) yield List.of();
                    yield Arrays.stream(sv.replaceAll("[\\[\\] ]", "").split(",")).filter(x -> !x.isEmpty())
                            .map(Integer::valueOf).toList();
                }
                case null, default -> List.of();
            };
        }
        /** The argument {@code key} as the journal holds it; null when the call has none. */
        public @Nullable String arg(CallArg key) {
            return args.get(key.key);
        }
        /** The argument {@code key}, or {@code absent} when the call has none. */
        public String arg(CallArg key, String absent) {
            return args.getOrDefault(key.key, absent);
        }
        /** Whether the call has the argument {@code key}. */
        public boolean has(CallArg key) {
            return args.containsKey(key.key);
        }
        /**
         * The address the argument {@code key} holds ({@link CallArg#ADDR}, {@link CallArg#PEER}, {@link CallArg#FROM}),
         * read with {@link SockAddr#ofJournalText}; empty when there is none or it is no address (a traced call's
         * {@code ?}, {@code NULL}).
         */
        public Optional<SockAddr> address(CallArg key) {
            return SockAddr.ofJournalText(arg(key));
        }
        /**
         * The address argument {@code key} as the wire writes it: an IPv4-mapped IPv6 address
         * ({@code [::ffff:127.0.0.1]:80}) as IPv4 ({@link SockAddr#unmapped}); any other text as journaled; null for none.
         */
        public @Nullable String wireAddress(CallArg key) {
            String text = arg(key);
            if (text == null) return null;
            return address(key).filter(a -> a.unmapped() != a).map(a -> a.unmapped().text()).orElse(text);
        }
        /** The port the address argument {@code key} names; -1 when it names none. */
        public int port(CallArg key) {
            return address(key).map(a -> switch (a) {
                case SockAddr.Inet4 v4 -> v4.port();
                case SockAddr.Inet6 v6 -> v6.port();
                case SockAddr.Unix unix -> -1;
            }).orElse(-1);
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
        /** Whether {@code other} is this very call, whole or as the journal holds it (its payload cut, {@link #elided}). */
        public boolean sameCall(Call other) {
            return other == this || other.enteredNs == enteredNs && other.call.equals(call)
                    && other.elided(0).equals(elided(0));
        }
        @Override
        public boolean equals(@Nullable Object o) {
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
        /** The call that waits; null for one SocketLab has no constant for. */
        public @Nullable SysCall sysCall() {
            return SysCall.named(call);
        }
        /** Whether the call that waits is {@code c}. */
        public boolean is(SysCall c) {
            return c.is(call);
        }
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
    record Cancelled(String call, int fd, long waitedNs, @Nullable String errnoName,
            boolean processEnded) implements Payload {
        /** A call given up before it was made (or, in journals before issue 38, in SocketLab's poll loop). */
        public Cancelled(String call, int fd, long waitedNs) {
            this(call, fd, waitedNs, null);
        }
        /** A call given up by a reset (see above); its process goes on. */
        public Cancelled(String call, int fd, long waitedNs, @Nullable String errnoName) {
            this(call, fd, waitedNs, errnoName, false);
        }
        /**
         * A call that never returned because its process ended inside it (killed, or dead of SIGPIPE: journal format 2):
         * the {@link Payload.Process} event that follows says how it ended.
         */
        public static Cancelled processEnded(String call, int fd, long waitedNs) {
            return new Cancelled(call, fd, waitedNs, null, true);
        }
        @Override
        public String type() {
            return "cancelled";
        }
    }
}
