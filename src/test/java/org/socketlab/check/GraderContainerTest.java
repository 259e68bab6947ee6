package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.testing.DebianRootfs;
import org.socketlab.testing.GraderContainer;

/**
 * Issue 74: {@code check} where the graders run it, in a real container engine: podman (runc, cgroupfs, file events,
 * the session's ulimits), a Debian 12 root file system made by mmdebstrap (strace, python3, the default JVM 17, gcc,
 * make; kept under target/), the app-image of {@code mvn package} mounted read-only at /opt/socketlab, no network. Two
 * seccomp profiles: a Docker-like one written from Docker's documented rules (no namespaces, no mounts, no keyrings),
 * and podman's own default (a user namespace, but not a room's own /proc under its masked one). As root, and as a
 * user of the container's own (Autolab's grader is not root). The recipes of docs/check.md are run as they are written
 * there. A lane of its own: {@code mvn -B test -Pcontainer}, after {@code mvn package}.
 */
@GraderContainer
class GraderContainerTest {
    private static final Path ROOTFS = Path.of("target", "grader-rootfs").toAbsolutePath();
    private static final Path APP_IMAGE = Path.of("target", "socketlab").toAbsolutePath();
    private static final String PACKAGES = "strace,python3,default-jre-headless,gcc,libc6-dev,make";
    private static final String FIXTURES = "/org/socketlab/check/container/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path rootfs, dockerLike, noPtrace, threadsC;

    @BeforeAll
    static void container() throws Exception {
        DebianRootfs.requireTools();
        CiRules.requireOrSkip(Files.isExecutable(APP_IMAGE.resolve("bin/socketlab")),
                "the app-image target/socketlab (mvn -B package -DskipTests)");
        rootfs = DebianRootfs.make(ROOTFS, PACKAGES);
        dockerLike = fixture("docker-like-seccomp.json", shared);
        // strace unusable: the Docker-like rules and ptrace refused too (a platform that forbids tracing)
        JsonNode profile = JSON.readTree(dockerLike.toFile());
        ((ArrayNode) profile.get("syscalls")).addObject()
                .put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1).putArray("names").add("ptrace");
        noPtrace = shared.resolve("no-ptrace-seccomp.json");
        JSON.writeValue(noPtrace.toFile(), profile);
        Path c = Files.createDirectories(shared.resolve("c"));
        threadsC = ReferencePrograms.compile("tcp-concurrent-server", "threads", c);
        open(shared);
    }

    /**
     * In podman with Docker's rules, as root: without --no-room nothing is judged (exit 2, no score); with it the
     * program runs as nobody and every thread's calls are judged, so a C pthread server, Python's ThreadingTCPServer
     * and a thread-per-client Java server on the container's own JVM (17) get their full score (exit 0).
     */
    @Test
    void dockerRulesAsRootGiveThreadedServersTheirFullScore() throws Exception {
        Path sub = submission("threaded");
        Files.copy(threadsC, sub.resolve("server"));
        open(ReferencePrograms.source("tcp-concurrent-server", "threading_server.py", sub));
        javaProgram(sub);
        Run notJudged = podman(dockerLike, List.of(), "socketlab", "check", "tcp-concurrent-server", "--format",
                "gradescope", "--lang", "en", "--", "/autograder/submission/server");
        assertEquals(2, notJudged.exit(), notJudged.all());
        assertFalse(JSON.readTree(notJudged.out()).has("score"), "no score for a run not made: " + notJudged.out());
        for (List<String> program : List.of(List.of("/autograder/submission/server"),
                List.of("/usr/bin/python3", "/autograder/submission/threading_server.py"),
                List.of("/usr/bin/java", "-cp", "/autograder/submission", "ThreadServer"))) {
            List<String> command = new ArrayList<>(List.of("socketlab", "check", "tcp-concurrent-server", "--no-room",
                    "--format", "gradescope", "--lang", "en", "--"));
            command.addAll(program);
            Run r = podman(dockerLike, List.of(), command.toArray(String[]::new));
            System.out.println("GraderContainerTest: Docker's rules, root, " + program + ": exit " + r.exit());
            assertEquals(0, r.exit(), program + ":\n" + r.all());
            assertFullScore(r.out(), program + ":\n" + r.all());
            assertTrue(r.err().startsWith("--no-room: not in a room. The program runs as nobody"), r.err());
        }
    }

    /**
     * In podman's own default profile, as root: the lab's namespaces are allowed but a room's /proc is not; without
     * --no-room the one line says so and nothing is judged (never "could not start" with a score); with it the pthread
     * server is judged, the first line saying what contains it.
     */
    @Test
    void podmansDefaultSaysWhyNoRoomAndJudgesWithoutOne() throws Exception {
        Path sub = submission("podman-default");
        Files.copy(threadsC, sub.resolve("server"));
        open(sub);
        Run refused = podman(null, List.of(), "socketlab", "check", "tcp-concurrent-server", "--format", "gradescope",
                "--lang", "en", "--", "/autograder/submission/server");
        assertEquals(2, refused.exit(), refused.all());
        assertTrue(refused.err().contains("no room can be made here") && refused.err().contains("/proc"),
                refused.err());
        assertFalse(JSON.readTree(refused.out()).has("score"), refused.out());
        Run judged = podman(null, List.of(), "socketlab", "check", "tcp-concurrent-server", "--no-room", "--format",
                "gradescope", "--lang", "en", "--", "/autograder/submission/server");
        assertEquals(0, judged.exit(), judged.all());
        assertFullScore(judged.out(), judged.all());
        assertTrue(judged.err().lines().findFirst().orElse("").startsWith("--no-room: not in a room"), judged.err());
    }

    /**
     * The audit's "results rewritten" and a read of the check's file, from inside the container with --no-room: as
     * root (the program runs as nobody) and as a user of the container's own (uid 1000, Autolab's kind of grader), the
     * attack finds both out of its reach, serves, and passes; the results file is as the platform left it.
     */
    @Test
    void withoutARoomTheSubmissionCannotRewriteTheResultsOrReadTheCheck() throws Exception {
        Path sub = submission("attack");
        gcc(fixture("grader-attack.c", shared), sub.resolve("server"));
        for (List<String> user : List.of(List.<String>of(), List.of("--user", "1000:1000"))) {
            String who = user.isEmpty() ? "root" : "uid 1000";
            Path results = Files.createDirectories(shared.resolve("results-" + (user.isEmpty() ? "root" : "user")));
            Files.writeString(results.resolve("results.json"), "{\"score\": 0}\n");
            Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(results.resolve("results.json"),
                    PosixFilePermissions.fromString("rw-r--r--"));
            Path source = Files.createDirectories(shared.resolve("source-" + (user.isEmpty() ? "root" : "user")));
            Files.writeString(source.resolve("check.json"), "the teacher's hidden cases\n");
            Files.setPosixFilePermissions(source.resolve("check.json"), PosixFilePermissions.fromString("rw-------"));
            List<String> options = new ArrayList<>(user);
            options.addAll(List.of("-v", results + ":/autograder/results", "-v", source + ":/autograder/source"));
            Run r = podman(dockerLike, options, "socketlab", "check", "tcp-echo-server", "--no-room", "--lang", "en",
                    "--", "/autograder/submission/server", "/autograder/results/results.json",
                    "/autograder/source/check.json");
            System.out.println("GraderContainerTest: the attack as " + who + ":\n" + r.all());
            assertEquals(0, r.exit(), who + ":\n" + r.all());
            assertFalse(r.all().contains("rewrote") || r.all().contains("wrote /") || r.all().contains("read /"),
                    who + ": " + r.all());
            assertTrue(r.all().contains(user.isEmpty() ? "uid 65534" : "uid 1000"), who + ": " + r.all());
            assertEquals("{\"score\": 0}\n", Files.readString(results.resolve("results.json")), who);
            assertFalse(Files.exists(results.resolve("results.json.forged")), who);
        }
    }

    /**
     * strace unusable in the container (ptrace refused): the exit is not 0 and no form gives the student 0: Gradescope
     * no score, PrairieLearn "gradable": false, Autolab no scores line.
     */
    @Test
    void aRunThatCannotBeTracedIsNeverAScore() throws Exception {
        Path sub = submission("untraced");
        Files.copy(threadsC, sub.resolve("server"));
        open(sub);
        for (String format : List.of("gradescope", "prairielearn", "autolab")) {
            Run r = podman(noPtrace, List.of(), "socketlab", "check", "tcp-concurrent-server", "--no-room", "--format",
                    format, "--lang", "en", "--", "/autograder/submission/server");
            System.out.println("GraderContainerTest: ptrace refused, " + format + ": exit " + r.exit());
            assertNotEquals(0, r.exit(), format + ": " + r.all());
            assertNotEquals(1, r.exit(), format + ": " + r.all());
            switch (format) {
                case "gradescope" -> assertFalse(JSON.readTree(r.out()).has("score"), r.out());
                case "prairielearn" -> assertFalse(JSON.readTree(r.out()).get("gradable").asBoolean(), r.out());
                default -> assertFalse(r.out().contains("\"scores\""), r.out());
            }
        }
    }

    /**
     * docs/check.md's three recipes, as they are written there (Gradescope's run_autograder, PrairieLearn's run,
     * Autolab's autograde Makefile), in the Docker-like container as root, for a correct echo server handed in as
     * server.c: each records the full score. Prints what one container run costs (start to results written).
     */
    @Test
    void theRecipesOfTheDocsGradeACorrectServer() throws Exception {
        String docs = Files.readString(Path.of("docs/check.md"));
        Path work = Files.createDirectories(shared.resolve("recipes"));
        Path server = ReferencePrograms.source("tcp-echo-server", "good.c", work);
        // Gradescope: /autograder/run_autograder, the submission in /autograder/submission
        Path gradescope = Files.createDirectories(work.resolve("gradescope"));
        Files.createDirectories(gradescope.resolve("submission"));
        Files.copy(server, gradescope.resolve("submission/server.c"));
        Files.writeString(gradescope.resolve("run_autograder"), block(docs, "sh", "# run_autograder"));
        open(gradescope);
        long start = System.nanoTime();
        Run g = podman(dockerLike, List.of("-v", gradescope + ":/autograder"), "sh", "/autograder/run_autograder");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, g.exit(), g.all());
        assertFullScore(Files.readString(gradescope.resolve("results/results.json")), g.all());
        System.out.printf(Locale.ROOT, "GraderContainerTest: one container run, Gradescope's recipe (container start"
                + " to results.json written): %.1f s (root, load %s)%n", seconds, load());
        // PrairieLearn: the entrypoint outside /grade, the student's files in /grade/student
        Path prairie = Files.createDirectories(work.resolve("prairielearn"));
        Files.createDirectories(prairie.resolve("grade/student"));
        Files.copy(server, prairie.resolve("grade/student/server.c"));
        Files.writeString(prairie.resolve("run"), block(docs, "sh", "# run: the question's entrypoint"));
        open(prairie);
        Run p = podman(dockerLike, List.of("-v", prairie.resolve("grade") + ":/grade", "-v",
                prairie.resolve("run") + ":/grade-socketlab/run:ro"), "sh", "/grade-socketlab/run");
        assertEquals(0, p.exit(), p.all());
        JsonNode pl = JSON.readTree(prairie.resolve("grade/results/results.json").toFile());
        assertTrue(pl.get("gradable").asBoolean(), pl.toString());
        assertEquals(1.0, pl.get("score").asDouble(), 1e-9, pl.toString());
        // Autolab: the Makefile's autograde target, with the handin and autograde.tar beside it
        Path autolab = Files.createDirectories(work.resolve("autolab"));
        Files.copy(server, autolab.resolve("server.c"));
        Files.writeString(autolab.resolve("Makefile"), block(docs, "make", "# autograde-Makefile"));
        exec(autolab, "tar", "cf", "autograde.tar", "--files-from", "/dev/null");
        open(autolab);
        Run a = podman(dockerLike, List.of("-v", autolab + ":/home/autograde", "-w", "/home/autograde"), "make",
                "autograde");
        assertEquals(0, a.exit(), a.all());
        String last = a.out().strip().lines().reduce((x, y) -> y).orElse("");
        JsonNode scores = JSON.readTree(last).get("scores");
        assertTrue(scores != null && scores.size() > 0, last);
        assertFalse(a.all().contains("✗"), "every rule passed:\n" + a.all());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Run(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** podman run of {@code command} in the Debian root file system, {@code seccomp} a profile or null (podman's). */
    private static Run podman(Path seccomp, List<String> options, String... command) throws Exception {
        List<String> podman = new ArrayList<>(DebianRootfs.PODMAN);
        podman.addAll(List.of("run", "--rm", "--network", "none", "--read-only"));
        podman.addAll(DebianRootfs.ULIMITS);
        podman.addAll(List.of("-e", "LANG=C.UTF-8", "-e",
                "PATH=/opt/socketlab/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "-v",
                APP_IMAGE + ":/opt/socketlab:ro"));
        if (seccomp != null) podman.addAll(List.of("--security-opt", "seccomp=" + seccomp));
        if (!options.contains("-v") || options.stream().noneMatch(o -> o.endsWith(":/autograder")))
            podman.addAll(List.of("-v", shared.resolve("submission") + ":/autograder/submission:ro"));
        podman.addAll(options);
        podman.addAll(List.of("--rootfs", rootfs.toString()));
        podman.addAll(List.of(command));
        Path out = Files.createTempFile(shared, "out", ".txt"), err = Files.createTempFile(shared, "err", ".txt");
        Process p = new ProcessBuilder(podman).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("podman did not end within 300 s: " + podman);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The submission folder the next run shows at /autograder/submission, emptied. */
    private static Path submission(String name) throws Exception {
        Path sub = shared.resolve("submission");
        exec(shared, "rm", "-rf", sub.toString());
        Files.createDirectories(sub);
        return sub;
    }

    /** ThreadServer.java compiled for Java 17 (the container's default JVM) into {@code folder}. */
    private static void javaProgram(Path folder) throws Exception {
        Path source = fixture("ThreadServer.java", shared);
        exec(shared, Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "--release", "17", "-d",
                folder.toString(), source.toString());
        open(folder);
    }

    private static void assertFullScore(String gradescopeJson, String said) throws IOException {
        JsonNode results = JSON.readTree(gradescopeJson);
        assertTrue(results.has("tests") && results.get("tests").size() > 0, said);
        double score = 0, max = 0;
        for (JsonNode t : results.get("tests")) {
            score += t.get("score").asDouble();
            max += t.get("max_score").asDouble();
        }
        assertTrue(max > 0 && score == max, "full score: " + score + " of " + max + "\n" + said);
    }

    /** The fenced block of {@code language} in {@code docs} whose text holds {@code marker}. */
    private static String block(String docs, String language, String marker) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(docs);
        while (m.find())
            if (m.group(1).contains(marker)) return m.group(1);
        throw new AssertionError("docs/check.md has no " + language + " block with " + marker);
    }

    private static Path fixture(String name, Path dir) throws IOException {
        try (var in = GraderContainerTest.class.getResourceAsStream(FIXTURES + name)) {
            assertTrue(in != null, name);
            Path to = dir.resolve(name);
            Files.write(to, in.readAllBytes());
            return to;
        }
    }

    private static void gcc(Path source, Path binary) throws Exception {
        exec(shared, ReferencePrograms.gcc().toString(), "-O1", "-o", binary.toString(), source.toString());
        open(binary.getParent());
    }

    private static void exec(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }

    /** Everything under {@code p} readable (and folders searchable) by every user: the container's nobody too. */
    private static void open(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.toList()) {
                assertTrue(f.toFile().setReadable(true, false));
                if (Files.isDirectory(f) || f.toFile().canExecute()) assertTrue(f.toFile().setExecutable(true, false));
            }
        }
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
