package org.socketlab.kernel.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.Os;

/** How tcpdump is found, called and understood when it refuses. */
class LoopbackCaptureTest {

    @Test
    void theCommandIsAnArgumentListThatCapturesLoopbackUnbufferedToStdout() {
        List<String> cmd = LoopbackCapture.command(Path.of("/usr/bin/tcpdump"), "lo");
        List<String> asRoot = LoopbackCapture.runningAsRoot() ? List.of("-Z", "root") : List.of(); // keeps the parent-death signal
        List<String> expected = new java.util.ArrayList<>(List.of("/usr/bin/tcpdump", "-i", "lo", "-U",
                "--immediate-mode", "--time-stamp-precision=nano", "-n", "-s", "256"));
        expected.addAll(asRoot);
        expected.addAll(List.of("-w", "-", "tcp", "or", "udp", "or", "icmp", "or", "icmp6"));
        assertEquals(expected, cmd);
        assertEquals(!"root".equals(System.getProperty("user.name")), asRoot.isEmpty(), "root is recognised as root");
        assertEquals(Optional.of("lo"), LoopbackCapture.loopbackDevice(Os.LINUX));
        assertEquals(Optional.of("lo0"), LoopbackCapture.loopbackDevice(Os.MACOS));
        assertTrue(LoopbackCapture.loopbackDevice(Os.WINDOWS).isEmpty());
    }

    @Test
    void tcpdumpIsLookedForAsAnExecutableFile(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        assertTrue(LoopbackCapture.findTcpdump(List.of(empty.toString())).isEmpty(),
                "nothing there: tcpdump not installed");
        Path fake = java.nio.file.Files.createFile(empty.resolve("tcpdump"));
        assertTrue(LoopbackCapture.findTcpdump(List.of(empty.toString())).isEmpty(), "not executable");
        assertTrue(fake.toFile().setExecutable(true));
        assertEquals(Optional.of(fake), LoopbackCapture.findTcpdump(List.of("", empty.toString())));
    }

    @Test
    void aPermissionRefusalBecomesOneClearReason() {
        // What tcpdump 4.99 prints when run as a user without capture rights.
        List<String> refused = List.of("tcpdump: lo: You don't have permission to perform this capture on that device",
                "(socket: Operation not permitted)");
        CaptureReason permission = LoopbackCapture.reasonFromStderr("lo", refused);
        assertEquals(CaptureReason.of(CaptureReason.NO_PERMISSION, "lo"), permission);
        assertEquals("no permission to capture on lo: run as root or join the pcap/wireshark group",
                permission.english());
        assertEquals("sin permiso para capturar en lo: ejecuta como root o entra en el grupo pcap o wireshark",
                permission.text(org.socketlab.i18n.Messages.of(org.socketlab.i18n.Lang.ES)));
        CaptureReason other = LoopbackCapture.reasonFromStderr("lo", List.of("tcpdump: lo: No such device exists"));
        assertEquals("tcpdump could not capture on lo, it said: lo: No such device exists", other.english());
        // tcpdump's own words stay as it printed them; the sentence around them is Spanish.
        assertEquals("tcpdump no pudo capturar en lo; dijo: lo: No such device exists",
                other.text(org.socketlab.i18n.Messages.of(org.socketlab.i18n.Lang.ES)));
    }
}
