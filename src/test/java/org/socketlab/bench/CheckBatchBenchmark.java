package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.check.ReferencePrograms;
import org.socketlab.cli.Cli;

/**
 * How long {@code socketlab check tcp-echo-server --batch DIR} takes for a class of 20 submissions: the reference
 * programs (good C, good Python, and the four broken C ones) repeated, one subfolder each, checked in one command.
 * Not part of the test run; {@code mvn -B test -Dtest=CheckBatchBenchmark} prints the figures.
 */
class CheckBatchBenchmark {
    private static final int SUBMISSIONS = 20;
    private static final String CHECK = "tcp-echo-server";
    private static final List<String> REFERENCES = List.of("good.c", "good.py", "leak.c", "closed-listener.c",
            "short-write.c", "crash-on-reset.c");

    @TempDir
    Path dir;

    @Test
    void printTheTimeOfABatchOf20() throws Exception {
        ReferencePrograms.strace();
        Path built = Files.createDirectories(dir.resolve("built"));
        List<Path> programs = new ArrayList<>();
        for (String ref : REFERENCES) {
            if (ref.endsWith(".py")) {
                // A submission is one executable named "server": the Python one starts its interpreter itself.
                Path script = ReferencePrograms.source(CHECK, ref, built);
                Path server = built.resolve("good-py-server");
                Files.writeString(server, "#!" + ReferencePrograms.python() + "\n" + Files.readString(script));
                Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
                programs.add(server);
            } else {
                programs.add(ReferencePrograms.compile(CHECK, ref.substring(0, ref.length() - 2), built));
            }
        }
        Path batch = Files.createDirectories(dir.resolve("class"));
        for (int i = 0; i < SUBMISSIONS; i++) {
            Path s = Files.createDirectories(batch.resolve(String.format("student-%02d", i + 1)));
            Files.copy(programs.get(i % programs.size()), s.resolve("server"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = Cli.run(new String[]{"check", CHECK, "--batch", batch.toString(), "--lang", "en", "--", "./server"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - start) / 1e9;
        String csv = out.toString(StandardCharsets.UTF_8);
        assertEquals(Cli.OK, exit, err.toString(StandardCharsets.UTF_8));
        List<String> rows = csv.lines().skip(1).toList();
        assertEquals(SUBMISSIONS, rows.size(), csv);
        long passed = rows.stream().filter(r -> r.split(",")[1].equals("true")).count();
        long expected = IntStream.range(0, SUBMISSIONS)
                .filter(i -> REFERENCES.get(i % REFERENCES.size()).startsWith("good")).count();
        assertEquals(expected, passed, csv);
        assertTrue(csv.contains("not-run") == false, csv);
        System.out.println(csv);
        System.out.println(err.toString(StandardCharsets.UTF_8).strip());
        System.out.printf("check %s --batch: %d submissions in %.1f s (%.2f s each)%n", CHECK, SUBMISSIONS, seconds,
                seconds / SUBMISSIONS);
    }
}
