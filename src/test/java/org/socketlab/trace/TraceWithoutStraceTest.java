package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.syscall.MissingTool;
import org.socketlab.testing.ChildJvm;

/**
 * Issue 77: {@code socketlab trace} where strace is not installed (each system folder's strace made a device node in a
 * private mount namespace of the test's own, so root) says so in one line, with what it takes away and the one command
 * that brings it, runs nothing and exits 6.
 */
class TraceWithoutStraceTest {
    /** A fixed script, the command its arguments: every system folder's strace hidden in this mount namespace only. */
    private static final String HIDE_STRACE = "for t in /usr/sbin/strace /usr/bin/strace /sbin/strace /bin/strace"
            + " /usr/local/sbin/strace /usr/local/bin/strace; do if [ -e \"$t\" ]; then mount --bind /dev/null \"$t\""
            + " || exit 99; fi; done; exec \"$@\"";

    @TempDir
    Path dir;

    @Test
    void traceWithoutStraceSaysSoInOneLineWithTheCommand() throws Exception {
        CiRules.requireOrSkip("root".equals(System.getProperty("user.name")),
                "root (a mount namespace of its own hides strace)");
        Path ran = dir.resolve("ran");
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "-m", "/bin/sh", "-c", HIDE_STRACE,
                "hide"));
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"), "org.socketlab.Main", "trace",
                "--lang", "en", "--", "/usr/bin/touch", ran.toString()));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "trace ended");
        assertEquals(6, p.exitValue(), out + err);
        assertEquals("", out);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("strace is not installed") && err.strip().endsWith(
                MissingTool.STRACE.installCommand()), err);
        assertTrue(!Files.exists(ran), "nothing was run");
    }
}
