package org.socketlab.kernel;

import org.socketlab.syscall.SockAddr;

/**
 * One line of /proc/net/tcp, tcp6, udp or udp6: a socket as the kernel lists it.
 *
 * @param state        the kernel's state number (see {@link TcpStateTable}); UDP reports 7 unconnected, 1 connected
 * @param txQueue      bytes in the send queue (for a listener: its backlog)
 * @param rxQueue      bytes in the receive queue (for a listener: connections waiting for accept)
 * @param timerActive  which timer runs (3 = TIME_WAIT)
 * @param timerTicks   time until that timer fires, in USER_HZ ticks (1/100 s)
 * @param inode        the socket's inode; 0 once no descriptor refers to it (TIME_WAIT, orphaned FIN_WAIT_2)
 */
public record ProcNetEntry(Proto proto, SockAddr local, SockAddr remote, int state, long txQueue, long rxQueue,
                           int timerActive, long timerTicks, long inode) {

    public enum Proto { TCP, UDP }

    /** The local and remote ports as a key that survives close: how a TIME_WAIT entry is followed. */
    public String fourTuple() {
        return proto + " " + local.text() + " " + remote.text();
    }

    public boolean timeWaitTimer() {
        return timerActive == 3;
    }
}
