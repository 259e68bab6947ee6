package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.Os;

/** The per-OS TCP state numbers, checked as tables (Linux's are also checked live by the kernel observer tests). */
class TcpStateTableTest {

    @Test
    void linuxNumbersFromTcpStatesH() {
        assertEquals(TcpState.ESTABLISHED, TcpStateTable.map(Os.LINUX, 1).orElseThrow());
        assertEquals(TcpState.TIME_WAIT, TcpStateTable.map(Os.LINUX, 6).orElseThrow());
        assertEquals(TcpState.CLOSED, TcpStateTable.map(Os.LINUX, 7).orElseThrow());
        assertEquals(TcpState.LISTEN, TcpStateTable.map(Os.LINUX, 10).orElseThrow());
        assertEquals(TcpState.CLOSING, TcpStateTable.map(Os.LINUX, 11).orElseThrow());
        assertEquals(TcpState.SYN_RECEIVED, TcpStateTable.map(Os.LINUX, 12).orElseThrow(), "TCP_NEW_SYN_RECV");
        assertTrue(TcpStateTable.map(Os.LINUX, 0).isEmpty());
        assertTrue(TcpStateTable.tested(Os.LINUX));
    }

    @Test
    void macosNumbersFromTcpFsmH() {
        assertEquals(TcpState.CLOSED, TcpStateTable.map(Os.MACOS, 0).orElseThrow());
        assertEquals(TcpState.ESTABLISHED, TcpStateTable.map(Os.MACOS, 4).orElseThrow());
        assertEquals(TcpState.FIN_WAIT_2, TcpStateTable.map(Os.MACOS, 9).orElseThrow());
        assertEquals(TcpState.TIME_WAIT, TcpStateTable.map(Os.MACOS, 10).orElseThrow());
        assertFalse(TcpStateTable.tested(Os.MACOS), "untested on a Mac, and says so");
    }

    @Test
    void windowsNumbersFromMibTcpState() {
        assertEquals(TcpState.CLOSED, TcpStateTable.map(Os.WINDOWS, 1).orElseThrow());
        assertEquals(TcpState.LISTEN, TcpStateTable.map(Os.WINDOWS, 2).orElseThrow());
        assertEquals(TcpState.ESTABLISHED, TcpStateTable.map(Os.WINDOWS, 5).orElseThrow());
        assertEquals(TcpState.TIME_WAIT, TcpStateTable.map(Os.WINDOWS, 11).orElseThrow());
        assertEquals(TcpState.CLOSED, TcpStateTable.map(Os.WINDOWS, 12).orElseThrow(), "DELETE_TCB");
        assertFalse(TcpStateTable.tested(Os.WINDOWS));
    }

    @Test
    void everyTableNamesEveryRfcState() {
        for (Os os : new Os[]{Os.LINUX, Os.MACOS, Os.WINDOWS}) {
            Set<TcpState> seen = EnumSet.noneOf(TcpState.class);
            for (int n = 0; n < 32; n++) TcpStateTable.map(os, n).ifPresent(seen::add);
            assertEquals(EnumSet.allOf(TcpState.class), seen, os + " maps all eleven states");
        }
        assertTrue(TcpStateTable.map(Os.OTHER, 1).isEmpty());
    }
}
