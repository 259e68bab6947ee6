package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.TrustedPrograms;

/** How tcpdump is found, called and understood when it refuses. */
class LoopbackCaptureTest {

    @Test
    void theCommandIsAnArgumentListThatCapturesLoopbackUnbufferedToStdout() {
        List<String> cmd = LoopbackCapture.command(Path.of("/usr/bin/tcpdump"), "lo");
        List<String> asRoot = TrustedPrograms.runningAsRoot() ? List.of("-Z", "root") : List.of(); // keeps the parent-death signal
        List<String> expected = new ArrayList<>(List.of("/usr/bin/tcpdump", "-i", "lo", "-p", "-U",
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
    void tcpdumpIsLookedForAsAnExecutableFile(@TempDir Path empty) throws Exception {
        assertTrue(TrustedPrograms.findIn("tcpdump", List.of(empty.toString())).isEmpty(),
                "nothing there: tcpdump not installed");
        Path fake = Files.createFile(empty.resolve("tcpdump"));
        assertTrue(TrustedPrograms.findIn("tcpdump", List.of(empty.toString())).isEmpty(), "not executable");
        assertTrue(fake.toFile().setExecutable(true));
        assertEquals(Optional.of(fake), TrustedPrograms.findIn("tcpdump", List.of("", empty.toString())));
    }

    @Test
    void aPermissionRefusalBecomesOneClearReason() {
        // What tcpdump 4.99 prints when run as a user without capture rights.
        List<String> refused = List.of("tcpdump: lo: You don't have permission to perform this capture on that device",
                "(socket: Operation not permitted)");
        CaptureReason permission = LoopbackCapture.reasonFromStderr(LabNetwork.host(), "lo", refused, 1);
        assertEquals(CaptureReason.of(CaptureReason.NO_PERMISSION, "lo"), permission);
        // no "join the wireshark group": Debian's tcpdump has no file capabilities, so that group changes nothing
        assertFalse(permission.english().contains("group"), permission.english());
        assertTrue(permission.english().contains("only root") && permission.english().contains("private lab network"),
                permission.english());
        assertTrue(permission.text(Messages.of(Lang.ES)).contains("red de laboratorio privada"));
        // the private network was wanted and refused: the reason is the refusal, with its fix
        LabNetwork refusedNetwork = LabNetwork.fromEnvironment(
                Map.of(LabNetwork.ERROR_VARIABLE, "max_user_namespaces:Operation not permitted"), fd -> false);
        CaptureReason why = LoopbackCapture.reasonFromStderr(refusedNetwork, "lo", refused, 1);
        assertEquals(CaptureReason.of("lab_network_max_user_namespaces", "lo", "Operation not permitted"), why);
        assertTrue(why.english().contains("sudo sysctl user.max_user_namespaces="), why.english());
        assertTrue(why.text(Messages.of(Lang.ES)).contains("sudo sysctl user.max_user_namespaces="));
        CaptureReason other = LoopbackCapture.reasonFromStderr(LabNetwork.host(), "lo",
                List.of("tcpdump: lo: No such device exists"), 1);
        assertEquals("could not capture on lo: lo: No such device exists", other.english());
        // tcpdump's own words stay as it printed them; the sentence around them is Spanish.
        assertEquals("no se pudo capturar en lo: lo: No such device exists",
                other.text(Messages.of(Lang.ES)));
    }

    @Test
    void aSilentTcpdumpIsExplainedByTheRefusedLabNetworkElseByHowItEnded() {
        LabNetwork refusedNetwork = LabNetwork.fromEnvironment(
                Map.of(LabNetwork.ERROR_VARIABLE, "max_user_namespaces:No space left on device"), fd -> false);
        assertEquals(CaptureReason.of("lab_network_max_user_namespaces", "lo", "No space left on device"),
                LoopbackCapture.reasonFromStderr(refusedNetwork, "lo", List.of(), 1));
        // on the host (or in a private network) nothing explains it but how it ended: 137 is SIGKILL's
        CaptureReason silent = LoopbackCapture.reasonFromStderr(LabNetwork.host(), "lo", List.of(), 137);
        assertEquals("could not capture on lo: - (exit 137)", silent.english());
        // labnet's own capture in a private lab network says its failing step the same way
        CaptureReason own = LoopbackCapture.reasonFromStderr(LabNetwork.host(), "nflog:19",
                List.of("labnet: binding the log group: Device or resource busy"), 1);
        assertEquals("could not capture on nflog:19: binding the log group: Device or resource busy", own.english());
    }

    @Test
    void theDropsTcpdumpCountsAreSummed() {
        assertEquals(7, LoopbackCapture.droppedIn(List.of("25 packets captured", "36 packets received by filter",
                "4 packets dropped by kernel", "3 packets dropped by interface")));
        assertEquals(0, LoopbackCapture.droppedIn(List.of("0 packets dropped by kernel")));
        assertEquals(1, LoopbackCapture.droppedIn(List.of("1 packet dropped by kernel")));
    }
}
