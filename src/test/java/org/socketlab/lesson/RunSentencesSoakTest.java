package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.testing.Labnet;
import org.socketlab.testing.Soak;

/**
 * The lessons that say things about their own run (issue 41 items 1 and 2), run for real in the private lab network,
 * in child JVMs ({@link RunSentenceRounds}): 20 rounds each beside two busy loops, and the loss lessons, timeouts and select paced as a
 * person presses, one step every 0.2 s and every 5 s. Every round must pass (its checks hold: it showed its point) and
 * every sentence it said must be the one its own saved journal gives. As this test's user and, as root, as nobody too.
 */
class RunSentencesSoakTest {
    static final List<String> TOLD = List.of("flow-control", "partial-io", "nagle", "reuseport", "lost-segment",
            "lost-syn", "fast-retransmit", "order-after-loss", "timeouts", "select");
    /** Paced as a person presses: the loss lessons, timeouts and select (their waits are the kernel's timers too). */
    static final List<String> PACED = List.of("lost-segment", "lost-syn", "fast-retransmit", "order-after-loss",
            "timeouts", "select");

    @TempDir
    static Path shared;
    private static Path labnet;
    private static List<String> classPath;

    @BeforeAll
    static void buildLabnet() throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (nftables: apt install nftables)");
        labnet = Labnet.built();
        Labnet.requireTcpdump();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
    }

    @Test
    @Soak
    void everySentenceIsItsOwnRunsInTwentyRoundsBesideTwoBusyLoops() throws Exception {
        List<Process> busy = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++)
                busy.add(new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start());
            rounds("busy", 20, 0, TOLD);
        } finally {
            for (Process p : busy) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void lossLessonsShowTheirPointPacedEveryFifthOfASecond() throws Exception {
        rounds("paced-200", 1, 200, PACED);
    }

    @Test
    @Soak
    void lossLessonsShowTheirPointPacedEveryFiveSeconds() throws Exception {
        // The children mostly wait out their 5 s steps: each lesson and user runs at once beside the others, so the
        // suite waits for the longest lesson, not for their sum.
        List<Child> children = new ArrayList<>();
        try {
            for (boolean nobody : users())
                for (String lesson : PACED)
                    children.add(start("paced-5000-" + lesson, nobody, 1, 5000, List.of(lesson)));
            for (Child c : children) c.assertPassed();
        } finally {
            for (Child c : children) c.process().destroyForcibly();
        }
    }

    private static void rounds(String name, int rounds, long paceMs, List<String> lessons) throws Exception {
        for (boolean nobody : users()) {
            Child child = start(name, nobody, rounds, paceMs, lessons);
            try {
                child.assertPassed();
            } finally {
                child.process().destroyForcibly();
            }
        }
    }

    private static List<Boolean> users() {
        return "root".equals(System.getProperty("user.name")) ? List.of(false, true) : List.of(false);
    }

    /** A child run of lessons, its output going to a file (children run side by side cannot share a pipe's reader). */
    private record Child(Process process, Path output, boolean nobody) {
        void assertPassed() throws Exception {
            assertTrue(process.waitFor(60, TimeUnit.MINUTES), "the child run ended");
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), (nobody ? "as nobody: " : "") + out);
        }
    }

    private static Child start(String name, boolean nobody, int rounds, long paceMs, List<String> lessons)
            throws Exception {
        Path dir = Files.createDirectories(shared.resolve(name + (nobody ? "-nobody" : "")));
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false)
                && dir.toFile().setReadable(true, false));
        List<String> command = new ArrayList<>();
        if (nobody) {
            command.addAll(ChildLessonRun.AS_NOBODY);
            command.add("--");
        }
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", java(),
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, classPath),
                RunSentenceRounds.class.getName(), dir.toString(), String.valueOf(rounds), String.valueOf(paceMs)));
        command.addAll(lessons);
        Path output = shared.resolve(name + (nobody ? "-nobody" : "") + ".out");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new Child(process, output, nobody);
    }

    private static String java() throws IOException {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
