package org.socketlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.Await;
import org.socketlab.testing.ChildJvm;

/**
 * The real window (JavaFX's headless platform, in a JVM of its own) ended by SIGTERM, as a logout or {@code kill}
 * ends it, once its capture and endpoint processes run: it ends within seconds, and so does every process it started.
 * It took 30 s: the capture's exit hook waited for a close that nothing made.
 */
class WindowSignalTest {
    /** Far above what it takes (about a second), far below the 30 s it took. */
    private static final long EXIT_LIMIT_S = 10;

    @TempDir
    Path dir;

    @Test
    void sigtermEndsTheWindowAndEveryProcessItStartedAtOnce() throws Exception {
        // on this computer's network, the window's capture is tcpdump's
        CiRules.requireOrSkip(TrustedPrograms.find("tcpdump").isPresent(), "tcpdump (apt install tcpdump)");
        CiRules.requireOrSkip("root".equals(System.getProperty("user.name")),
                "root (the window captures this computer's loopback with tcpdump only as root)");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command("-Dglass.platform=Headless", "-Dprism.order=sw",
                "-cp", System.getProperty("java.class.path"), "org.socketlab.Main"))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(err.toFile());
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        pb.environment().put("SOCKETLAB_STARTUP_TRACE", "1");
        pb.environment().remove("DISPLAY");
        Process window = pb.start();
        try {
            // Its capture and endpoint processes start once the window is complete.
            Await.until(Duration.ofSeconds(60), () -> !window.isAlive() || capturing(window.descendants().toList()),
                    () -> "tcpdump and the two endpoint processes: " + names(window.descendants().toList()) + "\n"
                            + read(err));
            List<ProcessHandle> started = window.descendants().toList();
            assertTrue(window.isAlive(), () -> "the window ended by itself: " + read(err));
            assertTrue(capturing(started), () -> "tcpdump and the two endpoint processes: " + names(started));
            List<String> startedNames = names(started);
            long sent = System.nanoTime();
            window.destroy(); // SIGTERM
            assertTrue(window.waitFor(EXIT_LIMIT_S, TimeUnit.SECONDS),
                    () -> "still running " + EXIT_LIMIT_S + " s after SIGTERM: " + read(err));
            double took = (System.nanoTime() - sent) / 1e9;
            for (ProcessHandle p : started) p.onExit().get(5, TimeUnit.SECONDS);
            assertEquals(List.of(), started.stream().filter(ProcessHandle::isAlive).toList(), "left behind");
            System.out.printf("the window ended %.2f s after SIGTERM, and with it %s%n", took, startedNames);
        } finally {
            window.destroyForcibly();
        }
    }

    /** tcpdump and at least two more: the window's capture and its endpoint processes. */
    private static boolean capturing(List<ProcessHandle> started) {
        return started.size() >= 3
                && started.stream().anyMatch(p -> p.info().command().orElse("").endsWith("tcpdump"));
    }

    private static List<String> names(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.info().command().map(c -> new File(c).getName()).orElse("?")).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
