package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.Await;
import org.socketlab.testing.ChildJvm;

/**
 * What a submission runs with (untrusted code): limits set by prlimit, a session and process group of its own, an
 * empty private working folder removed afterwards; and at the time limit the whole tree is killed, even a grandchild
 * that left its parent. Real programs built with gcc report what they got.
 */
class SandboxTest {
    @TempDir
    Path dir;

    private static CheckFile client(int seconds) {
        return CheckLoader.parse("sandbox.json", """
                {"id": "sandbox", "title": {"es": "Caja", "en": "Box"},
                 "program": {"role": "client", "protocol": "udp", "args": ["127.0.0.1", "{port}"]},
                 "lab": [{"play": "server"}], "pattern": "...", "rules": [{"rule": "exit-zero"}],
                 "limits": {"seconds": %d, "cpu_seconds": 5, "open_files": 40, "memory_mb": 512}}
                """.formatted(seconds));
    }

    private static Map<String, String> fields(String output) {
        Map<String, String> f = new HashMap<>();
        for (Matcher m = Pattern.compile("([a-z]+)=(\\S*)").matcher(output); m.find();) f.put(m.group(1), m.group(2));
        return f;
    }

    @Test
    void theProgramRunsWithItsLimitsInAGroupAndAFolderOfItsOwn() throws Exception {
        List<String> command = List.of(ReferencePrograms.compile("sandbox", "limits", dir).toString());
        CheckRun.Result r = CheckRun.run(Libc.forThisMachine(), client(20), command, dir, ReferencePrograms.strace(),
                CheckRun.newJournal());
        Map<String, String> f = fields(r.output());
        assertEquals("40", f.get("nofile"), r.output());
        assertEquals("5", f.get("cpu"), r.output());
        // No address-space limit (a stock JVM could not start under one): its memory in total is CheckRun's to add up.
        assertEquals("18446744073709551615", f.get("as"), r.output());
        assertEquals("0", f.get("core"), r.output());
        assertEquals(f.get("pid"), f.get("pgid"), "a process group of its own: " + r.output());
        assertEquals(f.get("pid"), f.get("sid"), "a session of its own: " + r.output());
        // It starts in the folder it was run from, as in a terminal (issue 74: java EchoServer finds its class there);
        // run as root, it is nobody there and writes nothing into the grader's folder.
        assertEquals(dir.toRealPath().toString(), f.get("cwd"), r.output());
        if ("root".equals(System.getProperty("user.name")))
            assertEquals("0", f.get("writable"), "nobody cannot write into root's folder: " + r.output());
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(
                    "socketlab-check-" + ProcessHandle.current().pid() + "-")), "its private folder is removed");
        }
        assertTrue(r.passed(), "it exited with 0 by itself");
    }

    @Test
    void atTheTimeLimitTheWholeTreeIsKilled() throws Exception {
        List<String> command = List.of(ReferencePrograms.compile("sandbox", "fork-and-hang", dir).toString());
        long start = System.nanoTime();
        CheckRun.Result r = CheckRun.run(Libc.forThisMachine(), client(3), command, dir, ReferencePrograms.strace(),
                CheckRun.newJournal());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(r.timedOut(), r.output());
        assertNull(r.exitCode(), "SocketLab stopped it: no exit code of its own");
        assertTrue(seconds < 20, "ended soon after the 3 s limit: " + seconds + " s");
        Verdict exit = r.verdicts().getFirst();
        assertFalse(exit.passed());
        assertTrue(exit.reason(Messages.of(Lang.EN)).contains("did not end within the time limit (3 s)"),
                exit.reason(Messages.of(Lang.EN)));
        Map<String, String> f = fields(r.output());
        for (String who : List.of("parent", "grandchild")) {
            int pid = Integer.parseInt(f.getOrDefault(who, "0"));
            assertTrue(pid > 0, who + " printed its pid: " + r.output());
            Await.until(Duration.ofSeconds(5), () -> !running(pid),
                    () -> who + " " + pid + " was killed with the group");
        }
    }

    /** Whether a process is still running (a zombie waiting for its parent to reap it has ended). */
    private static boolean running(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    @Test
    void whenSocketLabIsKilledTheProgramItCheckedDiesToo() throws Exception {
        // A child SocketLab checks a "server" that only sleeps; it is killed with SIGKILL (no shutdown hook runs).
        String marker = String.valueOf(900_000 + ProcessHandle.current().pid() % 90_000);
        Process socketlab = new ProcessBuilder(ChildJvm.command("-cp", System.getProperty("java.class.path"),
                "org.socketlab.Main", "check", "tcp-echo-server", "--no-room", "--lang", "en", "--", "/bin/sleep",
                marker))
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            Await.until(Duration.ofSeconds(60), () -> sleeping(marker).findAny().isPresent(),
                    () -> "the program started");
        } finally {
            socketlab.destroyForcibly();
            socketlab.waitFor(30, TimeUnit.SECONDS);
        }
        Await.until(Duration.ofSeconds(20), () -> sleeping(marker).findAny().isEmpty(),
                () -> "the checked program ended with the SocketLab that ran it");
    }

    private static Stream<ProcessHandle> sleeping(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker))
                .orElse(false) && p.info().command().map(c -> c.endsWith("sleep")).orElse(false));
    }
}
