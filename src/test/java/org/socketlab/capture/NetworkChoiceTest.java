package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's choice of network, kept where the launcher reads it; leaving the lab network goes through labnet. */
class NetworkChoiceTest {
    @TempDir
    Path dir;

    private Path executable(String name) throws Exception {
        Path p = Files.createFile(dir.resolve(name));
        assertTrue(p.toFile().setExecutable(true));
        return p;
    }

    @Test
    void choosingThisComputersNetworkIsKeptAndAskedOfLabnet() throws Exception {
        Path launcher = executable("socketlab");
        NetworkChoice inLab = new NetworkChoice(LabNetwork.inside(new Broker(1000, 1)), launcher,
                Files.createFile(dir.resolve("leave-pipe")), dir.resolve("config/socketlab/network"));
        assertTrue(inLab.canSwitch());
        assertFalse(inLab.switchTo(true), "already in the lab network: nothing to do");
        assertTrue(inLab.switchTo(false));
        assertEquals("host\n", Files.readString(dir.resolve("config/socketlab/network")), "the launcher reads this");
        assertEquals("host\n", Files.readString(dir.resolve("leave-pipe")), "labnet starts it again on the host");
    }

    @Test
    void withoutTheLauncherNothingCanBeChanged() {
        NetworkChoice dev = NetworkChoice.fromEnvironment(Map.of("HOME", dir.toString()), LabNetwork.host());
        assertEquals(LabNetwork.Kind.HOST, dev.network().kind());
        assertFalse(dev.canSwitch(), "started by mvn exec:exec or a test: no launcher to start again");
        assertEquals(dir.resolve(".config/socketlab/network"), dev.preference());
    }

    @Test
    void theLeavePipeAndConfigFolderComeFromTheEnvironment() throws Exception {
        Path launcher = executable("socketlab");
        NetworkChoice choice = NetworkChoice.fromEnvironment(Map.of(NetworkChoice.LAUNCHER_VARIABLE,
                launcher.toString(), NetworkChoice.LEAVE_VARIABLE, "9", "XDG_CONFIG_HOME", dir.toString()),
                LabNetwork.host());
        assertEquals(Path.of("/proc/self/fd/9"), choice.leave());
        assertEquals(dir.resolve("socketlab/network"), choice.preference());
        assertTrue(choice.canSwitch(), "on the host, the launcher can start it in the lab network");
        assertEquals(null, NetworkChoice
                .fromEnvironment(Map.of(NetworkChoice.LEAVE_VARIABLE, "9; rm"), LabNetwork.host()).leave());
    }

    /**
     * The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored, as the window's layout (WindowPrefs) and the
     * launcher ignore it; a relative HOME names no folder either. Before, the choice was kept in ./socketlab/network of
     * whatever folder the window was started from, while the layout went to ~/.config.
     */
    @Test
    void aRelativeConfigFolderOrHomeIsIgnored() {
        NetworkChoice relative = NetworkChoice.fromEnvironment(Map.of("XDG_CONFIG_HOME", "conf", "HOME",
                dir.toString()), LabNetwork.host());
        assertEquals(dir.resolve(".config/socketlab/network"), relative.preference());
        assertEquals(null, NetworkChoice.fromEnvironment(Map.of("XDG_CONFIG_HOME", "conf", "HOME", "home"),
                LabNetwork.host()).preference());
    }
}
