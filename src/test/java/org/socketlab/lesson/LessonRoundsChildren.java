package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.socketlab.CiRules;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * Runs of lessons in child JVMs ({@link RunSentenceRounds}) in the private lab network, as this test's user and, as
 * root, as nobody too: what the soak tests of run sentences and paced lessons share.
 */
final class LessonRoundsChildren {
    static final List<String> TOLD = List.of("flow-control", "partial-io", "nagle", "reuseport", "lost-segment",
            "lost-syn", "fast-retransmit", "order-after-loss", "timeouts", "select");
    /** Paced as a person presses: the loss lessons, timeouts and select (their waits are the kernel's timers too). */
    static final List<String> PACED = List.of("lost-segment", "lost-syn", "lost-fin", "fast-retransmit",
            "order-after-loss", "timeouts", "select");

    private final Path shared, labnet;
    private final List<String> classPath;

    /** Builds labnet and a class path nobody can read, in {@code shared} (a test class's own temporary folder). */
    LessonRoundsChildren(Path shared) throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (nftables: apt install nftables)");
        this.shared = shared;
        labnet = Labnet.built();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
    }

    /**
     * The rounds as each user, the users' children side by side: each checks all it did alone, and the suite waits
     * for the longer one, not for their sum (they mostly wait out the kernel's timers).
     */
    void rounds(String name, int rounds, long paceMs, List<String> lessons) throws Exception {
        rounds(name, rounds, paceMs, lessons, UnaryOperator.identity());
    }

    /** {@link #rounds}, each child's command given to {@code around} first (to pin it to a CPU, say). */
    void rounds(String name, int rounds, long paceMs, List<String> lessons, UnaryOperator<List<String>> around)
            throws Exception {
        List<Child> started = new ArrayList<>();
        try {
            for (boolean nobody : users()) started.add(start(name, nobody, rounds, paceMs, lessons, around));
            for (Child child : started) child.assertPassed();
        } finally {
            for (Child child : started) child.process().destroyForcibly();
        }
    }

    static List<Boolean> users() {
        return "root".equals(System.getProperty("user.name")) ? List.of(false, true) : List.of(false);
    }

    /** A child run of lessons, its output going to a file (children run side by side cannot share a pipe's reader). */
    record Child(Process process, Path output, boolean nobody) {
        void assertPassed() throws Exception {
            assertTrue(process.waitFor(60, TimeUnit.MINUTES), "the child run ended");
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), (nobody ? "as nobody: " : "") + out);
        }
    }

    Child start(String name, boolean nobody, int rounds, long paceMs, List<String> lessons) throws Exception {
        return start(name, nobody, rounds, paceMs, lessons, UnaryOperator.identity());
    }

    private Child start(String name, boolean nobody, int rounds, long paceMs, List<String> lessons,
            UnaryOperator<List<String>> around) throws Exception {
        Path dir = Files.createDirectories(shared.resolve(name + (nobody ? "-nobody" : "")));
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false)
                && dir.toFile().setReadable(true, false));
        List<String> command = new ArrayList<>();
        if (nobody) {
            command.addAll(ChildLessonRun.AS_NOBODY);
            command.add("--");
        }
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--"));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath),
                RunSentenceRounds.class.getName(), dir.toString(), String.valueOf(rounds), String.valueOf(paceMs)));
        command.addAll(lessons);
        Path output = shared.resolve(name + (nobody ? "-nobody" : "") + ".out");
        Process process = new ProcessBuilder(around.apply(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new Child(process, output, nobody);
    }
}
