package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.check.ReferencePrograms;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * Issue 37 item 5: how long {@code socketlab check tcp-echo-server --batch DIR} takes for a class of 100 correct echo
 * servers ({@code good.c}) and 100 that read once per client ({@code one-read.c}), each submission contained as the
 * launcher runs it (labnet enter, the broker's contain request). Prints the wall time, submissions per minute, the
 * load average before and after, and where a submission's time went (the mean end of each phase,
 * {@code -Dsocketlab.check.phases=true}); checks every correct one passed and every broken one failed {@code echo}.
 * Not part of the test run. Properties: {@code -Dcheck.bench.count=N} submissions of each kind (default 100),
 * {@code -Dcheck.bench.jobs=N} (default: check's own, the number of cores), {@code -Dcheck.bench.user=nobody} to run
 * the batch as uid 65534 (root only; the class path is copied where nobody may read it, as for root),
 * {@code -Dcheck.bench.broken=N} one-read submissions (default: as many as correct ones), {@code -Dcheck.bench.hostile=N}
 * hostile ones besides (issue 54; up to 5, hostile.c's: a fork bomb and a forking CPU burner, each ended by its room
 * and failing; a daemon, a killer of every process it can name and a maker of user namespaces, each contained and
 * then serving, so passing): every correct one must still pass, and nothing of them runs after the batch. For example
 * {@code mvn -B -o test -Dtest=CheckBatchBenchmark -Dcheck.bench.count=5 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class CheckBatchBenchmark {
    private static final String CHECK = "tcp-echo-server";
    private static final FileAttribute<?> OPEN = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
    private Path base;

    @AfterEach
    void cleanUp() throws IOException {
        if (base == null) return;
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(p);
        }
    }

    @Test
    void printTheTimeOfAClass() throws Exception {
        int count = Integer.getInteger("check.bench.count", 100);
        int broken = Integer.getInteger("check.bench.broken", count);
        int hostile = Math.min(HOSTILE.size(), Integer.getInteger("check.bench.hostile", 0));
        String jobs = System.getProperty("check.bench.jobs");
        boolean nobody = System.getProperty("check.bench.user", "").equals("nobody");
        ReferencePrograms.strace();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "/bin/true"));
        CiRules.requireOrSkip(probe.status() == 0, "user namespaces (labnet enter: " + probe.output().strip() + ")");
        if (nobody)
            CiRules.requireOrSkip(ProcessHandle.current().info().user().orElse("").equals("root"),
                    "root (to run the batch as nobody)");
        base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "check-bench-", OPEN);
        Path batch = makeClass(Files.createDirectory(base.resolve("built"), OPEN), count, broken, hostile);
        // A copy (readable by nobody), which also leaves the batch alone while the build writes target/classes again.
        List<String> classPath = readableClassPath(base.resolve("cp"));
        List<String> command = new ArrayList<>();
        if (nobody)
            command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all"));
        command.addAll(List.of(Labnet.built().toString(), "enter", "--strict", "--"));
        command.addAll(ChildJvm.computing("-Dsocketlab.check.phases=true", "-cp",
                String.join(File.pathSeparator, classPath), "org.socketlab.Main", "check", CHECK, "--batch",
                batch.toString(), "--lang", "en"));
        if (jobs != null) command.addAll(List.of("--jobs", jobs));
        command.addAll(List.of("--", "server"));
        Path out = base.resolve("out.csv"), err = base.resolve("err.txt");
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(base.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        boolean ended;
        try {
            ended = p.waitFor(count * 2L * 60 + 300, TimeUnit.SECONDS);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
        String said = Files.readString(out) + Files.readString(err);
        assertTrue(ended, "the batch ended:\n" + said);
        assertTrue(!said.contains("not in a room"), said);

        Map<String, String[]> rows = new TreeMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] cells = line.split(",", -1);
            if (cells.length > 2 && !cells[0].equals("submission")) rows.put(cells[0], cells);
        }
        assertRows(rows, count + broken + hostile, said);
        assertTrue(ProcessHandle.allProcesses().noneMatch(q -> q.info().command().orElse("").startsWith(
                batch.toString())), "nothing of the batch runs after it");

        System.out.printf(Locale.ROOT, "check %s --batch%s as %s: %d correct + %d one-read + %d hostile submissions"
                + " in %.1f s (%.1f min, %.1f submissions per minute)%n", CHECK, jobs == null ? "" : " --jobs " + jobs,
                nobody ? "nobody (uid 65534)" : ProcessHandle.current().info().user().orElse("?"), count, broken,
                hostile, seconds, seconds / 60, (count + broken + hostile) * 60 / seconds);
        rows.forEach((name, row) -> {
            if (name.contains("-hostile-")) System.out.println(String.join(",", row));
        });
        System.out.println("load average before: " + loadBefore + "; after: " + loadAfter);
        for (String kind : List.of("good", "one-read"))
            System.out.println(kind + " (mean end of each phase, ms since its start): " + meanPhases(
                    Files.readAllLines(err), kind));
        System.out.println(Files.readAllLines(err).stream().filter(l -> !l.startsWith("socketlab.check.phases"))
                .reduce("", (a, b) -> a + b + "\n").strip());
    }

    /**
     * Every submission has its row: each correct one passed, each one-read one failed echo, each hostile one as
     * {@link #HOSTILE} says.
     */
    private static void assertRows(Map<String, String[]> rows, int submissions, String said) {
        assertEquals(submissions, rows.size(), said);
        for (var row : rows.entrySet()) {
            String name = row.getKey();
            if (name.contains("-hostile-")) {
                // ended by its room (killed: 137) where it is a bomb or a burner; the others served once contained
                boolean ended = name.endsWith("fork-bomb") || name.endsWith("cpu");
                assertEquals(ended ? "false" : "true", row.getValue()[1], name + ":\n" + said);
                continue;
            }
            boolean correct = name.endsWith("-good");
            assertEquals(correct ? "true" : "false", row.getValue()[1], name + ":\n" + said);
            if (!correct) assertTrue(List.of(row.getValue()[2].split(" ")).contains("echo"), name + ":\n" + said);
        }
    }

    /** The class: {@code count} correct, {@code broken} one-read and {@code hostile} hostile submissions. */
    private Path makeClass(Path built, int count, int broken, int hostile) throws IOException, InterruptedException {
        Path good = ReferencePrograms.compile(CHECK, "good", built);
        Path oneRead = ReferencePrograms.compile(CHECK, "one-read", built);
        Path batch = Files.createDirectory(base.resolve("class"), OPEN);
        for (int i = 1; i <= Math.max(count, broken); i++) {
            // Interleaved, as a class's names would be: the two kinds meet the same load.
            if (i <= count) submission(batch.resolve(String.format("student-%03d-good", i)), good);
            if (i <= broken) submission(batch.resolve(String.format("student-%03d-one-read", i)), oneRead);
        }
        for (int i = 0; i < hostile; i++) {
            // Spread among the others (a name sorts it into place), so that each meets correct neighbours.
            Path bin = hostile(HOSTILE.get(i), built);
            submission(batch.resolve(String.format("student-%03d-hostile-%s", 1 + (i + 1) * count / (hostile + 1),
                    HOSTILE.get(i))), bin);
        }
        return batch;
    }

    /** The mean of each phase's end over the submissions of one kind, from the lines {@code -Dsocketlab.check.phases}. */
    private static Map<String, Long> meanPhases(List<String> lines, String kind) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length != 3 || !f[0].equals("socketlab.check.phases") || !f[1].endsWith("-" + kind)) continue;
            String body = f[2].replaceAll("[{}]", "");
            for (String pair : body.split(", ")) {
                String[] kv = pair.split("=");
                if (kv.length != 2) continue;
                long[] s = sums.computeIfAbsent(kv[0], k -> new long[2]);
                s[0] += Long.parseLong(kv[1]);
                s[1]++;
            }
        }
        Map<String, Long> means = new LinkedHashMap<>();
        sums.forEach((k, s) -> means.put(k, s[0] / Math.max(1, s[1])));
        return means;
    }

    /** hostile.c's acts for {@code check.bench.hostile}, by its ACT numbers. */
    private static final List<String> HOSTILE = List.of("fork-bomb", "cpu", "daemon", "kill-others", "user-namespace");
    private static final Map<String, Integer> ACT = Map.of("fork-bomb", 5, "cpu", 18, "user-namespace", 19, "daemon",
            20, "kill-others", 21);

    /** hostile.c compiled with {@code act}; its places (none of which a room holds) are dummies under /nonexistent. */
    private static Path hostile(String act, Path dir) throws IOException, InterruptedException {
        Path source = ReferencePrograms.source("hostile", "hostile.c", dir), bin = dir.resolve("hostile-" + act);
        List<String> gcc = new ArrayList<>(List.of(ReferencePrograms.gcc().toString(), "-O1", "-o", bin.toString(),
                "-DACT=" + ACT.get(act), "-DMARKER=\"" + (900_000 + ProcessHandle.current().pid() % 90_000) + "\""));
        for (String place : List.of("SECRET", "HOME_FILE", "TMP_FILE", "SOCKET_1", "SOCKET_2"))
            gcc.add("-D" + place + "=\"/nonexistent/" + place + "\"");
        gcc.add(source.toString());
        Process p = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc hostile.c (" + act + "): " + out);
        return bin;
    }

    private static void submission(Path folder, Path program) throws IOException {
        Files.createDirectory(folder, OPEN);
        Path server = Files.copy(program, folder.resolve("server"));
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** This JVM's class path copied where nobody may read it (the Maven repository under /root is not). */
    private static List<String> readableClassPath(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> classPath = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) continue;
            Path to = dir.resolve("cp" + i++ + (Files.isDirectory(from) ? "" : ".jar"));
            if (Files.isDirectory(from)) {
                try (Stream<Path> walk = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path target = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(target);
                        else Files.copy(p, target);
                    }
                }
            } else {
                Files.copy(from, to);
            }
            classPath.add(to.toString());
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) p.toFile().setExecutable(true, false);
            }
        }
        return classPath;
    }
}
