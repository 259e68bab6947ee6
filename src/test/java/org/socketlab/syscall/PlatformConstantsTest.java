package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The per-OS numbers, spot-checked against the values in each OS's headers. */
class PlatformConstantsTest {

    @Test
    void linuxMatchesItsHeaders() {
        var c = PlatformConstants.LINUX;
        assertEquals(Os.LINUX, c.os());
        assertEquals(List.of(1, 2, 10), List.of(c.afUnix(), c.afInet(), c.afInet6()));
        assertEquals(List.of(1, 2), List.of(c.sockStream(), c.sockDgram()));
        assertEquals(1, c.solSocket());
        assertEquals(List.of(2, 4, 7, 8, 13),
                List.of(c.soReuseAddr(), c.soError(), c.soSndBuf(), c.soRcvBuf(), c.soLinger()));
        assertEquals(6, c.ipprotoTcp());
        assertEquals(11, c.tcpInfo());
        assertEquals(List.of(0, 1, 2), List.of(c.shutRd(), c.shutWr(), c.shutRdWr()));
        assertEquals(List.of(3, 4, 04000), List.of(c.fGetFl(), c.fSetFl(), c.oNonBlock()));
        assertEquals(List.of((short) 1, (short) 4, (short) 8, (short) 0x10, (short) 0x20),
                List.of(c.pollIn(), c.pollOut(), c.pollErr(), c.pollHup(), c.pollNval()));
        assertEquals(List.of(2, 0x40), List.of(c.msgPeek(), c.msgDontWait()));
        assertFalse(c.sockaddrHasLength());
        assertEquals(108, c.sunPathLength());
    }

    @Test
    void macosMatchesItsHeaders() {
        var c = PlatformConstants.MACOS;
        assertEquals(Os.MACOS, c.os());
        assertEquals(List.of(1, 2, 30), List.of(c.afUnix(), c.afInet(), c.afInet6()));
        assertEquals(List.of(1, 2), List.of(c.sockStream(), c.sockDgram()));
        assertEquals(0xffff, c.solSocket());
        assertEquals(List.of(0x4, 0x1007, 0x1001, 0x1002, 0x80),
                List.of(c.soReuseAddr(), c.soError(), c.soSndBuf(), c.soRcvBuf(), c.soLinger()));
        assertEquals(6, c.ipprotoTcp());
        assertEquals(0x106, c.tcpInfo(), "TCP_CONNECTION_INFO");
        assertEquals(List.of(0, 1, 2), List.of(c.shutRd(), c.shutWr(), c.shutRdWr()));
        assertEquals(List.of(3, 4, 0x4), List.of(c.fGetFl(), c.fSetFl(), c.oNonBlock()));
        assertEquals(List.of((short) 1, (short) 4, (short) 8, (short) 0x10, (short) 0x20),
                List.of(c.pollIn(), c.pollOut(), c.pollErr(), c.pollHup(), c.pollNval()));
        assertEquals(List.of(2, 0x80), List.of(c.msgPeek(), c.msgDontWait()));
        assertTrue(c.sockaddrHasLength(), "BSD sockaddr starts with sin_len");
        assertEquals(104, c.sunPathLength());
    }

    @Test
    void windowsMatchesWinsock() {
        var c = PlatformConstants.WINDOWS;
        assertEquals(Os.WINDOWS, c.os());
        assertEquals(List.of(1, 2, 23), List.of(c.afUnix(), c.afInet(), c.afInet6()));
        assertEquals(List.of(1, 2), List.of(c.sockStream(), c.sockDgram()));
        assertEquals(0xffff, c.solSocket());
        assertEquals(List.of(0x4, 0x1007, 0x1001, 0x1002, 0x80),
                List.of(c.soReuseAddr(), c.soError(), c.soSndBuf(), c.soRcvBuf(), c.soLinger()));
        assertEquals(6, c.ipprotoTcp());
        assertEquals(List.of(0, 1, 2), List.of(c.shutRd(), c.shutWr(), c.shutRdWr()), "SD_RECEIVE, SD_SEND, SD_BOTH");
        // WSAPoll: POLLIN = POLLRDNORM | POLLRDBAND, POLLOUT = POLLWRNORM.
        assertEquals(List.of((short) 0x300, (short) 0x10, (short) 0x1, (short) 0x2, (short) 0x4),
                List.of(c.pollIn(), c.pollOut(), c.pollErr(), c.pollHup(), c.pollNval()));
        assertEquals(2, c.msgPeek());
        assertFalse(c.sockaddrHasLength());
        assertEquals(108, c.sunPathLength(), "afunix.h UNIX_PATH_MAX");
    }

    @Test
    void ipv6FamilyDiffersPerOs() {
        assertEquals(10, PlatformConstants.LINUX.afInet6());
        assertEquals(30, PlatformConstants.MACOS.afInet6());
        assertEquals(23, PlatformConstants.WINDOWS.afInet6());
    }

    @ParameterizedTest
    @EnumSource(value = Os.class, names = {"LINUX", "MACOS", "WINDOWS"})
    void numbersThatMustDifferDoDiffer(Os os) {
        var c = PlatformConstants.of(os);
        assertSame(os, c.os());
        assertDistinct("address families", c.afUnix(), c.afInet(), c.afInet6());
        assertDistinct("socket types", c.sockStream(), c.sockDgram());
        assertDistinct("SOL_SOCKET options", c.soReuseAddr(), c.soError(), c.soSndBuf(), c.soRcvBuf(), c.soLinger());
        assertDistinct("shutdown modes", c.shutRd(), c.shutWr(), c.shutRdWr());
        assertDistinct("recv flags", c.msgPeek(), c.msgDontWait());
        short[] poll = {c.pollIn(), c.pollOut(), c.pollErr(), c.pollHup(), c.pollNval()};
        for (int i = 0; i < poll.length; i++) {
            assertTrue(poll[i] != 0, "poll flag " + i + " is 0");
            for (int j = i + 1; j < poll.length; j++) {
                assertEquals(0, poll[i] & poll[j], "poll flags " + i + " and " + j + " share bits");
            }
        }
        if (os != Os.WINDOWS) { // Winsock has no fcntl: ioctlsocket(FIONBIO) instead
            assertDistinct("fcntl commands", c.fGetFl(), c.fSetFl());
            assertEquals(1, Integer.bitCount(c.oNonBlock()), "O_NONBLOCK is one bit");
        }
    }

    @Test
    void ofReturnsTheTables() {
        assertSame(PlatformConstants.LINUX, PlatformConstants.of(Os.LINUX));
        assertSame(PlatformConstants.MACOS, PlatformConstants.of(Os.MACOS));
        assertSame(PlatformConstants.WINDOWS, PlatformConstants.of(Os.WINDOWS));
    }

    private static void assertDistinct(String what, int... values) {
        Set<Integer> seen = new HashSet<>();
        for (int v : values) assertTrue(seen.add(v), what + " repeat the value " + v);
    }
    @Test
    void optionsBeyondSolSocketHaveTheirLevelAndEachOsNumber() {
        assertEquals(SocketOption.Level.IPPROTO_TCP, SocketOption.TCP_NODELAY.level());
        assertEquals(SocketOption.Level.IPPROTO_IPV6, SocketOption.IPV6_V6ONLY.level());
        assertEquals(SocketOption.Level.SOL_SOCKET, SocketOption.SO_REUSEPORT.level());
        assertEquals(List.of(15, 9, 1, 4, 5, 6, 26), values(PlatformConstants.LINUX));
        assertEquals(41, SocketOption.Level.IPPROTO_IPV6.value(PlatformConstants.LINUX));
        // macOS: TCP_KEEPALIVE (0x10) is its TCP_KEEPIDLE; netinet6/in6.h IPV6_V6ONLY 27.
        assertEquals(List.of(0x200, 0x8, 0x1, 0x10, 0x101, 0x102, 27), values(PlatformConstants.MACOS));
        // Winsock has no SO_REUSEPORT; ws2ipdef.h TCP_KEEPALIVE 3, TCP_KEEPINTVL 17, TCP_KEEPCNT 16.
        assertEquals(List.of(-1, 0x8, 0x1, 3, 17, 16, 27), values(PlatformConstants.WINDOWS));
    }

    private static List<Integer> values(PlatformConstants c) {
        return Stream
                .of(SocketOption.SO_REUSEPORT, SocketOption.SO_KEEPALIVE, SocketOption.TCP_NODELAY,
                        SocketOption.TCP_KEEPIDLE, SocketOption.TCP_KEEPINTVL, SocketOption.TCP_KEEPCNT,
                        SocketOption.IPV6_V6ONLY)
                .map(o -> o.value(c)).toList();
    }
}
