package org.socketlab.kernel.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External programs (tcpdump, strace, setpriv, nft) come from the system's own folders; the PATH only after, never for root. */
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
        Path found = LoopbackCapture.findTrusted("true", dir.toString(), false).orElseThrow();
        assertTrue(found.startsWith("/usr") || found.startsWith("/bin") || found.startsWith("/sbin"), found.toString());
    }

    @Test
    void onlyOnThePathIsFoundForAUserButNeverForRoot() throws Exception {
        Path tool = fake("socketlab-test-only-tool");
        assertEquals(Optional.of(tool),
                LoopbackCapture.findTrusted(tool.getFileName().toString(), dir.toString(), false));
        assertEquals(Optional.empty(),
                LoopbackCapture.findTrusted(tool.getFileName().toString(), dir.toString(), true));
    }
}
