package org.socketlab.story;

import org.socketlab.journal.Payload;
import org.socketlab.syscall.SysCall;

/**
 * An endpoint's descriptor as one map key ({@code client/3}): a socket's name while its fd is open, and the calls that
 * make a new one there.
 */
final class EndpointFd {

    private EndpointFd() {
    }

    static String key(String endpoint, int fd) {
        return endpoint + "/" + fd;
    }

    /** accept(), or accept4() as a traced program calls it (strace keeps the name the program called). */
    static boolean accepts(Payload.Call c) {
        return c.is(SysCall::accepts);
    }
}
