package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.Descriptors;
import org.socketlab.testing.OpenFds;

/** Which network the launcher left this process in: the broker's end labnet handed over, or why there is none. */
class LabNetworkTest {
    private final Descriptors calls = new Descriptors();

    private static LabNetwork fromEnvironment(Map<String, String> env) {
        return LabNetwork.fromEnvironment(env, fd -> false);
    }

    @Test
    void anInheritedSocketIsTheBrokerAndIsNotPassedOnToWhatThisProgramStarts() throws Exception {
        // A socketpair of this test's own, inherited the way labnet hands one over: open, not close-on-exec.
        Descriptors.Pair pair = calls.streamPair();
        try {
            int fd = pair.first();
            assertTrue(calls.closeOnExec(fd, false));
            assertFalse(OpenFds.closeOnExec(fd), "inherited as labnet hands it over");
            LabNetwork lab = LabNetwork.fromEnvironment(Map.of(LabNetwork.BROKER_VARIABLE, fd + ":4242"),
                    calls::closeOnExec);
            assertEquals(LabNetwork.Kind.PRIVATE, lab.kind());
            assertEquals(new Broker(fd, 4242), lab.requireBroker());
            assertTrue(OpenFds.closeOnExec(fd), "marked close-on-exec");
        } finally {
            calls.close(pair.first());
            calls.close(pair.second());
        }
    }

    @Test
    void aBrokerNamedButNotHandedOverIsNoPrivateNetwork(@TempDir Path dir) throws Exception {
        // Not a socket (a file), not open, not a number, the old abstract-name form: no broker to ask.
        Path file = Files.createFile(dir.resolve("f"));
        try (var in = Files.newInputStream(file)) {
            for (String value : List.of("0:1", "2:1", "999:1", "socketlab-labnet-7-00ff", "3", "3:x", ":", "-1:1")) {
                LabNetwork lab = LabNetwork.fromEnvironment(Map.of(LabNetwork.BROKER_VARIABLE, value),
                        calls::closeOnExec);
                assertEquals(LabNetwork.Kind.UNAVAILABLE, lab.kind(), value);
                assertThrows(IllegalStateException.class, lab::requireBroker);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new LabNetwork(LabNetwork.Kind.PRIVATE, null, null, null));
    }

    @Test
    void aRefusedNamespaceSaysWhyWithTheRealFixInBothLanguages() {
        for (String why : List.of("apparmor", "max_user_namespaces", "unprivileged_userns_clone", "not_permitted",
                "seccomp", "failed", "something new")) {
            LabNetwork lab = fromEnvironment(Map.of(LabNetwork.ERROR_VARIABLE, why + ":Operation not permitted"));
            assertEquals(LabNetwork.Kind.UNAVAILABLE, lab.kind());
            CaptureReason reason = lab.unavailableReason("lo");
            for (Lang lang : Lang.values()) {
                String text = reason.text(Messages.of(lang));
                assertTrue(!text.contains("{") && !text.startsWith("capture.reason"), lang + ": " + text);
                assertTrue(text.contains("lo"), text);
            }
        }
        assertTrue(fromEnvironment(Map.of(LabNetwork.ERROR_VARIABLE, "apparmor:x")).unavailableReason("lo").english()
                .contains("kernel.apparmor_restrict_unprivileged_userns"));
        assertTrue(fromEnvironment(Map.of(LabNetwork.ERROR_VARIABLE, "seccomp:x")).unavailableReason("lo").english()
                .contains("seccomp"));
    }

    @Test
    void noVariablesIsThisComputersNetwork() {
        assertEquals(LabNetwork.Kind.HOST, fromEnvironment(Map.of()).kind());
    }

    @Test
    void programsTheStudentRunsDoNotSeeTheBroker() {
        Map<String, String> env = new HashMap<>(
                Map.of(LabNetwork.BROKER_VARIABLE, "7:9", LabNetwork.LEAVE_VARIABLE, "9", "HOME", "/home/student"));
        LabNetwork.withoutBroker(env);
        assertEquals(Map.of("HOME", "/home/student"), env);
    }
}
