package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/** The options beyond SOL_SOCKET reach the kernel at their own level, and are journaled with it. */
class SocketOptionsTest {
    private final Lab lab = Lab.withoutCapture();
    private final Endpoint server = lab.server();

    @AfterEach
    void close() {
        lab.close();
    }

    private String setAndRead(int fd, SocketOption option, int value) {
        Payload.Call set = ok(server, new Request.SetSockOpt(fd, option, value));
        assertEquals(option.level().name(), set.args().get("level"));
        Payload.Call get = ok(server, new Request.GetSockOpt(fd, option));
        assertEquals(option.level().name(), get.args().get("level"));
        return get.args().get("value");
    }

    @Test
    void tcpOptionsAreSetAtIpprotoTcpAndReadBackFromTheKernel() {
        int tcp = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        assertEquals("0", ok(server, new Request.GetSockOpt(tcp, SocketOption.TCP_NODELAY)).args().get("value"),
                "Nagle is on by default");
        assertEquals("1", setAndRead(tcp, SocketOption.TCP_NODELAY, 1));
        assertEquals("7", setAndRead(tcp, SocketOption.TCP_KEEPIDLE, 7));
        assertEquals("3", setAndRead(tcp, SocketOption.TCP_KEEPINTVL, 3));
        assertEquals("4", setAndRead(tcp, SocketOption.TCP_KEEPCNT, 4));
        assertEquals("1", setAndRead(tcp, SocketOption.SO_KEEPALIVE, 1));
        assertEquals("1", setAndRead(tcp, SocketOption.SO_REUSEPORT, 1));
        // The kernel checks the value, not SocketLab: TCP_KEEPIDLE 0 is EINVAL, journaled as the kernel said it.
        fails(server, new Request.SetSockOpt(tcp, SocketOption.TCP_KEEPIDLE, 0), "EINVAL");
        // A TCP option on a UDP socket: the kernel refuses it.
        int udp = socket(server, Domain.AF_INET, SockType.SOCK_DGRAM);
        fails(server, new Request.SetSockOpt(udp, SocketOption.TCP_NODELAY, 1), "ENOPROTOOPT");
    }

    @Test
    void ipv6OnlyIsAnIpprotoIpv6OptionOfAnInet6SocketOnly() {
        int v6 = socket(server, Domain.AF_INET6, SockType.SOCK_STREAM);
        String byDefault = ok(server, new Request.GetSockOpt(v6, SocketOption.IPV6_V6ONLY)).args().get("value");
        assertEquals(readSysctl("/proc/sys/net/ipv6/bindv6only"), byDefault,
                "a new socket starts with net.ipv6.bindv6only");
        assertEquals("1", setAndRead(v6, SocketOption.IPV6_V6ONLY, 1));
        assertEquals("0", setAndRead(v6, SocketOption.IPV6_V6ONLY, 0));
        int v4 = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        Payload.Call c = call(server, new Request.GetSockOpt(v4, SocketOption.IPV6_V6ONLY));
        assertTrue(c.failed(), "an AF_INET socket has no IPV6_V6ONLY: " + CallFormat.line(c));
    }

    private static String readSysctl(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }
}
