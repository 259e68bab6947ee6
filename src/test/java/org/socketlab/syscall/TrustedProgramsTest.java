package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External programs (tcpdump, strace, setpriv, setsid, prlimit, kill, mkfifo) come from the system's own folders; the
 * PATH only after them, and never for root.
 */
class TrustedProgramsTest {
    @TempDir
    Path dir;

    private Path fake(String name) throws Exception {
        Path p = Files.createFile(dir.resolve(name));
        assertTrue(p.toFile().setExecutable(true));
        return p;
    }

    @Test
    void aSystemFolderWinsOverAnEarlierPathEntry() throws Exception {
        fake("true"); // a writable folder first on the PATH must not decide which `true` runs
        for (boolean root : new boolean[]{false, true}) {
            Path found = TrustedPrograms.find("true", dir.toString(), root).orElseThrow();
            assertTrue(TrustedPrograms.SYSTEM_FOLDERS.contains(found.getParent().toString()), found.toString());
        }
    }

    @Test
    void onlyOnThePathIsFoundForAUserButNeverForRoot() throws Exception {
        Path tool = fake("socketlab-test-only-tool");
        String name = tool.getFileName().toString();
        assertEquals(Optional.of(tool), TrustedPrograms.find(name, "/nonexistent:" + dir, false));
        assertEquals(Optional.empty(), TrustedPrograms.find(name, dir.toString(), true));
    }

    @Test
    void aNameWithASlashOrANonExecutableFileIsNeverFound() throws Exception {
        Path plain = Files.createFile(dir.resolve("plain"));
        assertTrue(plain.toFile().setExecutable(false));
        assertEquals(Optional.empty(), TrustedPrograms.findIn("plain", List.of(dir.toString())));
        assertEquals(Optional.empty(), TrustedPrograms.find("../bin/true", dir.toString(), false));
        assertEquals(Optional.empty(), TrustedPrograms.findIn("plain", List.of("", " ")));
    }

    @Test
    void rootIsTheEffectiveUserOfThisProcess() throws Exception {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(Integer.valueOf(0).equals(uid), TrustedPrograms.runningAsRoot());
    }
}
