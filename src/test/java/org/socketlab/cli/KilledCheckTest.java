package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.Await;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.trace.Strace;

/**
 * Audit 2026-11-28, L5: {@code kill -9} of SocketLab while {@code check} (in the lab network, contained) or
 * {@code trace} runs a program leaves no {@code socketlab-check-PID-*} or {@code socketlab-trace-PID-*} folder in its
 * temporary folder: a contained run's working folder is the room's own once its program runs, and strace's FIFO is
 * needed by name only until both its ends are open. Each child JVM has a temporary folder of its own under target/.
 */
class KilledCheckTest {
    /** A unique sleep (its seconds an argument no other process has), found in /proc by it. */
    private final String marker = (600 + ProcessHandle.current().pid() % 1000) + ".25";

    @Test
    void aKilledContainedCheckLeavesNoWorkingFolder() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "/bin/true"));
        CiRules.requireOrSkip(probe.status() == 0, "user namespaces (labnet enter: " + probe.output().strip() + ")");
        Path tmp = temporaryFolder("killed-check-");
        List<String> command = new ArrayList<>(List.of(Labnet.built().toString(), "enter", "--strict", "--"));
        command.addAll(ChildJvm.command("-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "org.socketlab.Main", "check", "tcp-echo-server", "--lang", "en", "--", sleep(), marker));
        killMidRun(command, tmp, "check", true);
    }

    @Test
    void aKilledTraceLeavesNoFifoFolder() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path tmp = temporaryFolder("killed-trace-");
        killMidRun(ChildJvm.command("-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "org.socketlab.Main", "trace", "--lang", "en", "--", sleep(), marker), tmp, "trace", false);
    }

    /**
     * Starts {@code command}, waits until its program (the sleep) runs and SocketLab's {@code kind} folder is gone
     * while both still run, kills SocketLab's JVM with SIGKILL, and finds no folder of its left in {@code tmp}.
     */
    private void killMidRun(List<String> command, Path tmp, String kind, boolean contained) throws Exception {
        Path output = tmp.resolve("output.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            Await.until(Duration.ofSeconds(90), () -> program().isPresent(),
                    () -> "the program under " + kind + " runs: " + read(output));
            ProcessHandle jvm = Stream.concat(Stream.of(p.toHandle()), p.descendants())
                    .filter(h -> h.info().command().orElse("").endsWith("/java")).findFirst()
                    .orElseThrow(() -> new AssertionError("SocketLab's JVM among " + command));
            String prefix = "socketlab-" + kind + "-" + jvm.pid() + "-";
            if (contained) {
                // The program's working folder is the room's own, at the path the host's folder had.
                String cwd = Files.readSymbolicLink(Path.of("/proc", String.valueOf(program().orElseThrow().pid()),
                        "cwd")).toString();
                assertTrue(cwd.startsWith(tmp.resolve(prefix).toString()), cwd + " (" + prefix + ")");
            }
            Await.until(Duration.ofSeconds(10), () -> ours(tmp, prefix).isEmpty(),
                    () -> "the " + prefix + "* folder is removed while the program runs: " + ours(tmp, prefix));
            assertTrue(jvm.isAlive() && program().isPresent(), "still running when killed: " + read(output));
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(jvm.onExit().get(10, TimeUnit.SECONDS) != null && !jvm.isAlive());
            if (contained) {
                Await.until(Duration.ofSeconds(20), () -> program().isEmpty(), () -> "the room ended with SocketLab");
            }
            assertEquals(List.of(), ours(tmp, prefix), "nothing left after kill -9: " + read(output));
        } finally {
            program().ifPresent(ProcessHandle::destroyForcibly); // trace's program outlives a killed SocketLab (R5)
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path temporaryFolder(String name) throws IOException {
        return Files.createTempDirectory(Path.of("target").toAbsolutePath(), name);
    }

    private static String sleep() {
        return TrustedPrograms.find("sleep").orElseThrow().toString();
    }

    /** The sleep this test started (as its first argument says), wherever it runs. */
    private Optional<ProcessHandle> program() {
        return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("sleep")
                && h.info().arguments().map(a -> a.length > 0 && a[0].equals(marker)).orElse(false)).findFirst();
    }

    private static List<String> ours(Path tmp, String prefix) {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
