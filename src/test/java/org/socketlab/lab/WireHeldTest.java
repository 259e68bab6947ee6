package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.capture.WireFate;
import org.socketlab.testing.Labnet;

/**
 * The wire's HELD counts the IPv4 frames it holds, the ones its lines tell: an ARP (or IPv6) frame waiting behind a
 * delivered packet has no line that would tell when it left, so counting it left the lab waiting for a quiet link that
 * never came (each such step of the two-machine quizzes waited out the whole bound). The wire runs alone here, its two
 * sides socketpairs a small Python program hands it as descriptors 3 and 4.
 */
class WireHeldTest {
    /** Sends an IPv4 frame on side A, an ARP frame 10 ms later (both then wait 50 ms), and prints side B's count. */
    private static final String HARNESS = """
            import fcntl, os, socket, subprocess, sys, time
            a_lab, a_wire = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            b_lab, b_wire = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            way = ['50000', '0', '0', '1', '0', '0', '0', '1000']  # link-settings.h: burst and queue limit from 1
            high_a = fcntl.fcntl(a_wire.fileno(), fcntl.F_DUPFD, 20)
            high_b = fcntl.fcntl(b_wire.fileno(), fcntl.F_DUPFD, 20)
            def child():
                os.dup2(high_a, 3); os.dup2(high_b, 4)
            wire = subprocess.Popen([sys.argv[1]] + way + way + ['7'], stdout=subprocess.PIPE, stdin=subprocess.PIPE,
                                    preexec_fn=child, pass_fds=(3, 4, high_a, high_b))
            out = wire.stdout
            assert out.readline().strip() == b'wire ready'
            mac = b'\\x02' * 6 + b'\\x04' * 6
            ip = bytes([0x45, 0, 0, 40, 0, 7, 0, 0, 64, 6, 0, 0, 10, 77, 0, 1, 10, 77, 0, 2])
            ports = bytes([0x9c, 0x40, 0x13, 0x88])
            tcp = ports + (1000).to_bytes(4, 'big') + bytes(4) + bytes([0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0])
            a_lab.send(mac + b'\\x08\\x00' + ip + tcp)
            time.sleep(0.01)
            a_lab.send(mac + b'\\x08\\x06' + bytes(28))
            b_lab.settimeout(2); b_lab.recv(2048); b_lab.recv(2048)
            time.sleep(0.1)
            wire.kill()
            print(out.read().decode(), end='')
            """;

    @Test
    void anArpFrameWaitingBehindADeliveredPacketIsNotHeldForEver() throws Exception {
        Labnet.requireNative(Labnet.NATIVE);
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 (apt install python3)");
        Path script = Files.createTempFile("wire-held-", ".py");
        try {
            Files.writeString(script, HARNESS);
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(),
                    Labnet.NATIVE.resolve("socketlab-wire").toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the harness ended");
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), said);
            List<WireFate> fates = said.lines().map(WireFate::parse).flatMap(Optional::stream).toList();
            assertEquals(2, fates.size(), "one IPv4 packet, queued then delivered; the ARP frame has no line: " + said);
            assertEquals(WireFate.Fate.QUEUED, fates.get(0).fate(), said);
            assertEquals(1, fates.get(0).held(), said);
            assertEquals(WireFate.Fate.DELIVERED, fates.get(1).fate(), said);
            assertEquals(0, fates.get(1).held(), "no IPv4 packet is on the wire any more: " + said);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
