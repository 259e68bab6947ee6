package org.socketlab.kernel;

import java.util.Map;
import java.util.Optional;
import org.socketlab.syscall.Os;

/**
 * How each OS numbers TCP states, mapped to {@link TcpState} at this boundary.
 * Linux: include/net/tcp_states.h (tested here). macOS: netinet/tcp_fsm.h and Windows: MIB_TCP_STATE
 * (tcpmib.h) are written from the headers and untested on those systems.
 */
public final class TcpStateTable {
    private TcpStateTable() {
    }

    static final Map<Integer, TcpState> LINUX = Map.ofEntries(
            Map.entry(1, TcpState.ESTABLISHED), Map.entry(2, TcpState.SYN_SENT), Map.entry(3, TcpState.SYN_RECEIVED),
            Map.entry(4, TcpState.FIN_WAIT_1), Map.entry(5, TcpState.FIN_WAIT_2), Map.entry(6, TcpState.TIME_WAIT),
            Map.entry(7, TcpState.CLOSED), Map.entry(8, TcpState.CLOSE_WAIT), Map.entry(9, TcpState.LAST_ACK),
            Map.entry(10, TcpState.LISTEN), Map.entry(11, TcpState.CLOSING),
            Map.entry(12, TcpState.SYN_RECEIVED)); // TCP_NEW_SYN_RECV: a request socket, still SYN_RECEIVED

    static final Map<Integer, TcpState> MACOS = Map.ofEntries(
            Map.entry(0, TcpState.CLOSED), Map.entry(1, TcpState.LISTEN), Map.entry(2, TcpState.SYN_SENT),
            Map.entry(3, TcpState.SYN_RECEIVED), Map.entry(4, TcpState.ESTABLISHED), Map.entry(5, TcpState.CLOSE_WAIT),
            Map.entry(6, TcpState.FIN_WAIT_1), Map.entry(7, TcpState.CLOSING), Map.entry(8, TcpState.LAST_ACK),
            Map.entry(9, TcpState.FIN_WAIT_2), Map.entry(10, TcpState.TIME_WAIT));

    static final Map<Integer, TcpState> WINDOWS = Map.ofEntries(
            Map.entry(1, TcpState.CLOSED), Map.entry(2, TcpState.LISTEN), Map.entry(3, TcpState.SYN_SENT),
            Map.entry(4, TcpState.SYN_RECEIVED), Map.entry(5, TcpState.ESTABLISHED), Map.entry(6, TcpState.FIN_WAIT_1),
            Map.entry(7, TcpState.FIN_WAIT_2), Map.entry(8, TcpState.CLOSE_WAIT), Map.entry(9, TcpState.CLOSING),
            Map.entry(10, TcpState.LAST_ACK), Map.entry(11, TcpState.TIME_WAIT),
            Map.entry(12, TcpState.CLOSED)); // MIB_TCP_STATE_DELETE_TCB

    /** The state an OS's number stands for, if the table knows it. */
    public static Optional<TcpState> map(Os os, int number) {
        Map<Integer, TcpState> table = switch (os) {
            case LINUX -> LINUX;
            case MACOS -> MACOS;
            case WINDOWS -> WINDOWS;
            case OTHER -> Map.of();
        };
        return Optional.ofNullable(table.get(number));
    }

    /** Whether the mapping for this OS has been checked against a running kernel. */
    public static boolean tested(Os os) {
        return os == Os.LINUX;
    }
}
