package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.testing.Await;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.trace.Strace;

/**
 * {@code socketlab check --batch} run inside the lab network (labnet enter, as the launcher does) against hostile
 * submissions written for this test (hostile.c, one act each), each followed by a correct echo server in the same
 * batch. Each hostile one fails its own row where it got what it must not (read the grader's home, wrote there or in
 * /tmp, reached a Unix socket outside); after the batch nothing it wrote is on the grader's disk, nothing it started
 * is running, the outside sockets were never connected to, and every correct server after it passed. Here the fork
 * bomb and kill(-1) run as nobody inside a pids cgroup, beside a sleeping process of nobody's that must survive;
 * RoomTest runs them as root too, where the room's own init ends a fork bomb at its process limit and kill(-1) reaches
 * only the room's pid namespace.
 */
class ContainmentTest {
    private Path base, home, outsideTmp;
    private final List<ServerSocketChannel> outside = new ArrayList<>();
    private final String marker = String.valueOf(800_000 + ProcessHandle.current().pid() % 90_000);

    @AfterEach
    void cleanUp() throws IOException {
        for (ServerSocketChannel s : outside) s.close();
        for (Path p : new Path[]{base, outsideTmp}) {
            if (p == null) continue;
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : walk.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(f);
            }
        }
    }

    @Test
    void hostileSubmissionsAreContainedAndTheNextOnePasses() throws Exception {
        prepare();
        Path batch = batch("read-home", "write-home", "connect-outside", "daemonize", "kill-parent-group", "fill-disk",
                "never-exit");
        Result r = check(batch, List.of(), List.of());
        assertRows(r, List.of("kill-parent-group"));
        assertNothingLeft();
    }

    @Test
    void aForkBombAndKillOfEverythingAsNobodyInAPidsCgroup() throws Exception {
        CiRules.requireOrSkip(ProcessHandle.current().info().user().orElse("").equals("root"),
                "root (to make a pids cgroup and to run the batch as nobody)");
        Path cgroups = Path.of("/sys/fs/cgroup/pids");
        CiRules.requireOrSkip(Files.isWritable(cgroups.resolve("cgroup.procs")), "a pids cgroup (cgroup v1 here)");
        Path group = cgroups.resolve("socketlab-containment-" + ProcessHandle.current().pid());
        Files.createDirectories(group);
        Process canary = null;
        try {
            Files.writeString(group.resolve("pids.max"), "400");
            prepare();
            Path batch = batch("fork-bomb", "kill-all");
            List<String> classPath = readableClassPath(base.resolve("cp"));
            // nobody's own process, beside the batch: kill(-1) inside must not reach it
            canary = new ProcessBuilder(inGroup(group, List.of(SETPRIV, "--reuid=65534", "--regid=65534",
                    "--clear-groups", "/bin/sleep", marker + "1"))).start();
            Await.until(Duration.ofSeconds(20), () -> sleepers(marker + "1") == 1,
                    () -> "nobody's sleeping process started");
            Result r = check(batch, inGroup(group, List.of(SETPRIV, "--reuid=65534", "--regid=65534",
                    "--clear-groups", "--inh-caps=-all")), classPath);
            // Both may fail their own rows (the bomb starves its own server): the point is what follows them.
            assertRows(r, List.of("fork-bomb", "kill-all"));
            assertEquals(1, sleepers(marker + "1"), "kill(-1) inside the check did not reach nobody's other process");
            assertNothingLeft();
        } finally {
            if (canary != null) {
                canary.descendants().forEach(ProcessHandle::destroyForcibly);
                canary.destroyForcibly();
                canary.waitFor(20, TimeUnit.SECONDS);
            }
            ProcessHandle.allProcesses().filter(p -> arguments(p).contains(marker + "1"))
                    .forEach(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(group);
        }
    }

    @Test
    void whenSocketLabIsKilledTheContainedProgramDiesToo() throws Exception {
        prepare();
        Path folder = Files.createDirectory(base.resolve("one"), OPEN);
        List<String> command = new ArrayList<>(List.of(Labnet.built().toString(), "enter", "--strict", "--"));
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"), "org.socketlab.Main", "check",
                "tcp-echo-server", "--lang", "en", "--", "/bin/sleep", marker));
        Process labnet = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(base.resolve("one.txt").toFile()).start();
        try {
            Await.until(Duration.ofSeconds(60), () -> sleepers(marker) == 1, () -> "the program started");
            // SIGKILL to SocketLab itself (no shutdown hook runs); labnet, its parent, stays.
            // labnet's one child is the namespace's first process, which became SocketLab (exec).
            ProcessHandle socketlab = labnet.children().findFirst().orElseThrow();
            assertTrue(socketlab.destroyForcibly());
            Await.until(Duration.ofSeconds(20), () -> sleepers(marker) == 0,
                    () -> "the contained program ended with the SocketLab that ran it");
        } finally {
            labnet.descendants().forEach(ProcessHandle::destroyForcibly);
            labnet.destroyForcibly();
            labnet.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static final String SETPRIV = "/usr/bin/setpriv";

    /** {@code command} started inside the cgroup {@code group}: a fixed script writes its pid there, then execs it. */
    private static List<String> inGroup(Path group, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                group.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The grader's home with a secret, two Unix sockets outside (in that home and in /tmp, as D-Bus and X11 are). */
    private void prepare() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path labnet = Labnet.built();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "/bin/true"));
        CiRules.requireOrSkip(probe.status() == 0, "user namespaces (labnet enter: " + probe.output().strip() + ")");
        assertTrue(Files.isExecutable(labnet));
        base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "containment-", OPEN);
        home = Files.createDirectory(base.resolve("home"), OPEN);
        Files.writeString(home.resolve("secret"), "the grader's secret\n");
        open(home.resolve("secret"));
        outsideTmp = Files.createTempDirectory(Path.of("/tmp"), "socketlab-outside-", OPEN);
        for (Path socket : List.of(home.resolve("bus"), outsideTmp.resolve("X0"))) {
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(socket));
            s.configureBlocking(false);
            outside.add(s);
            open(socket);
        }
    }

    private static final FileAttribute<?> OPEN = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx"));

    private static void open(Path p) {
        assertTrue(p.toFile().setReadable(true, false) && p.toFile().setWritable(true, false));
        if (Files.isDirectory(p)) assertTrue(p.toFile().setExecutable(true, false));
    }

    /** The batch: each hostile act, then a correct server (hostile.c with no act, built once and copied). */
    private Path batch(String... acts) throws Exception {
        Path batch = Files.createDirectory(base.resolve("batch"), OPEN);
        Path source = ReferencePrograms.source("hostile", "hostile.c", base);
        Path good = Files.createDirectory(base.resolve("good"), OPEN);
        compile(source, good, "none");
        int n = 0;
        for (String act : acts) {
            compile(source, Files.createDirectory(batch.resolve(String.format("%02d-%s", ++n, act)), OPEN), act);
            Path next = Files.createDirectory(batch.resolve(String.format("%02d-good", ++n)), OPEN);
            Files.copy(good.resolve("server"), next.resolve("server"), StandardCopyOption.COPY_ATTRIBUTES);
            open(next.resolve("server"));
        }
        return batch;
    }

    private static final List<String> ACTS = List.of("none", "read-home", "write-home", "connect-outside",
            "daemonize", "fork-bomb", "kill-all", "kill-parent-group", "fill-disk", "never-exit");

    private void compile(Path source, Path folder, String act) throws Exception {
        Path bin = folder.resolve("server");
        List<String> gcc = List.of(ReferencePrograms.gcc().toString(), "-O1", "-o", bin.toString(),
                "-DACT=" + ACTS.indexOf(act),
                define("SECRET", home.resolve("secret")), define("HOME_FILE", home.resolve("written")),
                define("TMP_FILE", outsideTmp.resolve("written")), define("SOCKET_1", home.resolve("bus")),
                define("SOCKET_2", outsideTmp.resolve("X0")), "-DMARKER=\"" + marker + "\"", source.toString());
        Process p = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc hostile.c (" + act + "): " + out);
        open(bin);
    }

    private static String define(String name, Path value) {
        return "-D" + name + "=\"" + value + "\"";
    }

    private record Result(int exit, Map<String, String[]> rows, String output) {
    }

    /**
     * socketlab check --batch in the lab network (as bin/socketlab starts it), with {@code prefix} before labnet. The
     * check is tcp-echo-server's plays and rules without its big client and short-send (hostile/check.json): what a
     * hostile act could take from the next submission is its sandbox, its port, its processes and its files, which
     * the echoing clients, the reset and the rules on its calls and sockets show; the 6 MiB echo through strace made
     * each run ten times longer and, on a loaded machine, ran into the 40 s time limit (ReferenceProgramsTest judges
     * short-send on every reference).
     */
    private Result check(Path batch, List<String> prefix, List<String> classPath) throws Exception {
        Path checkFile = ReferencePrograms.source("hostile", "check.json", base);
        open(checkFile);
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Labnet.built().toString(), "enter", "--strict", "--"));
        command.addAll(ChildJvm.command("-Duser.home=" + home, "-cp",
                classPath.isEmpty()
                        ? System.getProperty("java.class.path")
                        : String.join(File.pathSeparator, classPath),
                "org.socketlab.Main", "check", checkFile.toString(), "--batch", batch.toString(), "--lang", "en", "--",
                "server"));
        Path out = base.resolve("out.txt"), err = base.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", home.toString());
        Process socketlab = builder.start();
        try {
            assertTrue(socketlab.waitFor(600, TimeUnit.SECONDS), "the batch ended");
        } finally {
            socketlab.descendants().forEach(ProcessHandle::destroyForcibly);
            socketlab.destroyForcibly();
        }
        String said = Files.readString(out) + Files.readString(err);
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] cells = line.split(",", -1);
            if (cells.length > 1 && !cells[0].equals("submission")) rows.put(cells[0], cells);
        }
        assertFalse(said.contains("not in a room"), said);
        return new Result(socketlab.exitValue(), rows, said);
    }

    /**
     * Every submission has its row; every correct one passed; every hostile one passed too (it got nothing it must
     * not have, so it served) except {@code selfDefeating}, which end their own tracer; the grader's disk and sockets
     * saw nothing.
     */
    private void assertRows(Result r, List<String> selfDefeating) throws IOException {
        String all = r.output();
        try (Stream<Path> list = Files.list(base.resolve("batch"))) {
            for (Path s : list.sorted().toList()) {
                String name = s.getFileName().toString();
                String[] row = r.rows().get(name);
                assertTrue(row != null, "a row for " + name + ":\n" + all);
                if (selfDefeating.stream().noneMatch(name::endsWith))
                    assertEquals("true", row[1], name + " passed (contained, it got nothing, so it served):\n" + all);
            }
        }
        // A self-defeating act may still pass (kill(-1) no longer reaches its tracer, which is outside its room): the
        // exit code follows the rows.
        boolean anyFailed = r.rows().values().stream().anyMatch(row -> !row[1].equals("true"));
        assertEquals(anyFailed ? 1 : 0, r.exit(), all);
        assertFalse(Files.exists(home.resolve("written")), "nothing written in the grader's home");
        assertFalse(Files.exists(outsideTmp.resolve("written")), "nothing written in /tmp");
        for (ServerSocketChannel s : outside) assertNull(s.accept(), "no connection to a Unix socket outside");
        try (Stream<Path> left = Files.list(Path.of("/tmp"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("fill-")), "nothing filled /tmp");
        }
    }

    private void assertNothingLeft() {
        Await.until(Duration.ofSeconds(20), () -> sleepers(marker) == 0,
                () -> "nothing a submission started is left running");
        Await.until(Duration.ofSeconds(20),
                () -> ProcessHandle.allProcesses()
                        .noneMatch(p -> p.info().command().orElse("").startsWith(base.toString())),
                () -> "no submission is left running");
    }

    /** The sleep processes with {@code marker} as argument (strace's own command line names it too: not counted). */
    private static long sleepers(String marker) {
        return ProcessHandle.allProcesses().filter(p -> arguments(p).contains(marker)
                && p.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).count();
    }

    private static List<String> arguments(ProcessHandle p) {
        return p.info().arguments().map(List::of).orElse(List.of());
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
                try (var walk = Files.walk(from)) {
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
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) open(p);
        }
        return classPath;
    }
}
