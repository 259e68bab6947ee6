package org.socketlab.check;

import java.time.Duration;

/**
 * How long SocketLab waits, in a check run, for the program under test and for its own lab sockets: each wait ends as
 * soon as what it waits for happens, and runs out only when the program never does it (a server that never listens,
 * never echoes, never closes, keeps its children). {@link #DEFAULT} is what every run uses; a test may pass shorter
 * ones where the verdict it checks does not depend on the length (a broken program waited out sooner is judged the
 * same). The program's own time limit is its check file's ({@link CheckFile.Limits#seconds()}).
 *
 * @param ready how long a server may take to listen (or bind) before it is judged as never ready
 * @param labSocket how long a lab socket waits to connect, for one echo, a greeting's end or a client's request
 * @param accept how long the reset play waits for the server to accept the connection it will cut
 * @param react how long the reset play waits for the server's next call after the reset
 * @param settle how long a server's run waits, after the plays, for its connections to close or its journal to
 *        go quiet
 * @param quiet how long the journal must not grow for a run to count as settled when the kernel cannot tell
 * @param children how long after the last client a forked child may take to end and be reaped
 */
record Waits(Duration ready, Duration labSocket, Duration accept, Duration react, Duration settle,
        Duration quiet, Duration children) {
    static final Waits DEFAULT = new Waits(Duration.ofSeconds(15), Duration.ofSeconds(4),
            Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofMillis(300),
            Duration.ofSeconds(2));

    /** {@link #labSocket()} in ms, as socket timeouts take it. */
    int labSocketMs() {
        return Math.toIntExact(labSocket.toMillis());
    }
}
