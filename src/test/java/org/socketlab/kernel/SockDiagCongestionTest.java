package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.SockAddr;

/**
 * A connection's tcp_info names its congestion control (issue 76): sock_diag's INET_DIAG_CONG, asked beside
 * INET_DIAG_INFO, gives the kernel's own name, the one this network namespace gives a new socket
 * ({@code net.ipv4.tcp_congestion_control}) when the program set none.
 */
class SockDiagCongestionTest {
    @Test
    void aRealConnectionsTcpInfoNamesTheAlgorithmTheKernelGaveIt() throws Exception {
        CiRules.requireOrSkip(Os.current() == Os.LINUX, "Linux's sock_diag");
        String expected = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket listener = new ServerSocket(0, 1, loopback);
                Socket client = new Socket(loopback, listener.getLocalPort());
                Socket accepted = listener.accept();
                SockDiag diag = new SockDiag(Libc.forThisMachine())) {
            SockAddr local = inet((InetSocketAddress) client.getLocalSocketAddress());
            SockAddr remote = inet((InetSocketAddress) client.getRemoteSocketAddress());
            Optional<SockDiag.TcpInfo> info = diag.tcpInfo(local, remote);
            assertTrue(info.isPresent(), "the kernel has the connection " + local.text() + " → " + remote.text());
            assertEquals(expected, info.get().congestion());
            assertTrue(accepted.isConnected());
        }
    }

    private static SockAddr inet(InetSocketAddress a) {
        return new SockAddr.Inet4(a.getAddress().getAddress(), a.getPort());
    }
}
