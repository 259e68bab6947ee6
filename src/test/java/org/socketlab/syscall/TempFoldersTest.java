package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit of 2026-11-26, N6 and L5: what a killed SocketLab left in /tmp goes at the next start, nothing else. */
class TempFoldersTest {

    @Test
    void foldersOfASocketLabThatNoLongerRunsAreRemovedAndNoOtherOne(@TempDir Path tmp) throws Exception {
        Process gone = new ProcessBuilder("/bin/true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        long dead = gone.pid();
        long self = ProcessHandle.current().pid();
        Path left = Files.createDirectories(tmp.resolve("socketlab-check-" + dead + "-123/inner"));
        Files.writeString(left.resolve("file"), "left by a killed SocketLab");
        Path trace = Files.createDirectory(tmp.resolve("socketlab-trace-" + dead + "-456"));
        Path mine = Files.createDirectory(tmp.resolve("socketlab-check-" + self + "-789"));
        Path alive = Files.createDirectory(tmp.resolve("socketlab-check-1-000"));
        Path older = Files.createDirectory(tmp.resolve("socketlab-check-4242424242"));
        Path other = Files.createDirectory(tmp.resolve("someone-else-" + dead + "-1"));
        assertEquals(2, TempFolders.sweep(tmp));
        assertFalse(Files.exists(left.getParent()));
        assertFalse(Files.exists(trace));
        for (Path kept : new Path[]{mine, alive, older, other}) assertTrue(Files.exists(kept), kept.toString());
    }

    @Test
    void aNewFolderIsNamedWithThisProcesssPid() throws Exception {
        Path made = TempFolders.create("check");
        try {
            assertTrue(
                    made.getFileName().toString().startsWith("socketlab-check-" + ProcessHandle.current().pid() + "-"));
        } finally {
            Files.delete(made);
        }
    }
}
