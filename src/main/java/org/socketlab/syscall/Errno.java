package org.socketlab.syscall;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An errno the engine compares or names, by its symbolic name (the journal's {@code errno}, strace's, a lesson's): "is
 * this call still connecting" is answered by {@link #connectUnderway} and nowhere else. The journal keeps the name as
 * text, and {@link ErrnoTable} maps numbers to names on each OS, these and the many the engine only shows. The
 * {@code ERESTART*} names are strace's for a call a signal interrupted; no program sees them.
 */
public enum Errno {
    EPERM, ENOENT, EINTR, EBADF, EAGAIN, EWOULDBLOCK, EACCES, EINVAL, EPIPE, //
    EDESTADDRREQ, EMSGSIZE, ENOPROTOOPT, EOPNOTSUPP, EADDRINUSE, EADDRNOTAVAIL, //
    ECONNABORTED, ECONNRESET, EISCONN, ENOTCONN, ETIMEDOUT, ECONNREFUSED, EALREADY, EINPROGRESS, //
    EHOSTUNREACH, ENETUNREACH, //
    ERESTARTSYS, ERESTARTNOHAND, ERESTART_RESTARTBLOCK;

    private static final Map<String, Errno> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));
    private static final Set<Errno> WAIT_ENDED = Set.of(EAGAIN, EWOULDBLOCK, EINTR, ERESTARTSYS, ERESTARTNOHAND,
            ERESTART_RESTARTBLOCK, ETIMEDOUT);

    /** The errno a journal, strace or lesson name names; null for one the engine does not compare. */
    public static @Nullable Errno named(@Nullable String name) {
        return name == null ? null : BY_NAME.get(name);
    }

    /** Whether {@code name} (a journal's, strace's; null when the call succeeded) is this errno. */
    public boolean is(@Nullable String name) {
        return name().equals(name);
    }

    /** The call would have waited and did not: EAGAIN, or EWOULDBLOCK, its other name (the same number on Linux). */
    public boolean wouldBlock() {
        return this == EAGAIN || this == EWOULDBLOCK;
    }

    /** A non-blocking connect's answer while its handshake goes on: EINPROGRESS, then EALREADY. */
    public boolean connectUnderway() {
        return this == EINPROGRESS || this == EALREADY;
    }

    /** The peer is gone: ECONNRESET (it reset the connection), EPIPE (this side may not send any more). */
    public boolean connectionBroken() {
        return this == ECONNRESET || this == EPIPE;
    }

    /** A wait that ended with no data: its time ran out (a timeout, SO_RCVTIMEO) or a signal cut it short. */
    public boolean waitEnded() {
        return WAIT_ENDED.contains(this);
    }
}
