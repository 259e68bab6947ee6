package org.socketlab.kernel.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Which network the launcher left this process in, read from the environment labnet sets. */
class LabNetworkTest {

    @Test
    void theBrokerAndItsHelperMakeAPrivateNetwork(@TempDir Path dir) throws Exception {
        Path helper = Files.createFile(dir.resolve("labnet"));
        assertTrue(helper.toFile().setExecutable(true));
        LabNetwork lab = LabNetwork.fromEnvironment(
                Map.of(LabNetwork.BROKER_VARIABLE, "socketlab-labnet-7-00ff", LabNetwork.HELPER_VARIABLE,
                        helper.toString()));
        assertEquals(LabNetwork.Kind.PRIVATE, lab.kind());
        assertEquals(List.of(helper.toString(), "run", "--", "nft", "-f", "-"),
                lab.privileged("nft", List.of("-f", "-")));
        assertThrows(IllegalArgumentException.class, () -> lab.privileged("sh", List.of("-c", "id")),
                "only tcpdump and nft run with the lab network's rights");
    }

    @Test
    void aMissingHelperIsNotAPrivateNetwork(@TempDir Path dir) {
        LabNetwork lab = LabNetwork.fromEnvironment(Map.of(LabNetwork.BROKER_VARIABLE, "socketlab-labnet-7-00ff",
                LabNetwork.HELPER_VARIABLE, dir.resolve("gone").toString()));
        assertEquals(LabNetwork.Kind.HOST, lab.kind());
        assertThrows(IllegalStateException.class, () -> lab.privileged("tcpdump", List.of()));
    }

    @Test
    void aRefusedNamespaceSaysWhyWithTheRealFixInBothLanguages() {
        for (String why : List.of("apparmor", "max_user_namespaces", "unprivileged_userns_clone", "not_permitted",
                "failed", "something new")) {
            LabNetwork lab = LabNetwork
                    .fromEnvironment(Map.of(LabNetwork.ERROR_VARIABLE, why + ":Operation not permitted"));
            assertEquals(LabNetwork.Kind.UNAVAILABLE, lab.kind());
            CaptureReason reason = lab.unavailableReason("lo");
            for (Lang lang : Lang.values()) {
                String text = reason.text(Messages.of(lang));
                assertTrue(!text.contains("{") && !text.startsWith("capture.reason"), lang + ": " + text);
                assertTrue(text.contains("lo"), text);
            }
        }
        assertTrue(LabNetwork.fromEnvironment(Map.of(LabNetwork.ERROR_VARIABLE, "apparmor:x")).unavailableReason("lo")
                .english().contains("kernel.apparmor_restrict_unprivileged_userns"));
    }

    @Test
    void noVariablesIsThisComputersNetwork() {
        assertEquals(LabNetwork.Kind.HOST, LabNetwork.fromEnvironment(Map.of()).kind());
    }

    @Test
    void programsTheStudentRunsDoNotSeeTheBroker() {
        Map<String, String> env = new HashMap<>(
                Map.of(LabNetwork.BROKER_VARIABLE, "b", LabNetwork.HELPER_VARIABLE, "h", LabNetwork.LEAVE_VARIABLE, "9",
                        "HOME", "/home/student"));
        LabNetwork.withoutBroker(env);
        assertEquals(Map.of("HOME", "/home/student"), env);
    }
}
