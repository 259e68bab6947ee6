package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.check.ReferencePrograms;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * Issue 54 item 2: what the room's own network costs the 6 MiB echo play of {@code tcp-echo-server} (its big play:
 * 6,291,456 bytes through a 16 KiB receive window, read once the server is quiet for 500 ms). In a room the check's
 * sockets are made by an endpoint in the room's network and handed to SocketLab (pidfd_getfd): the bytes go from
 * SocketLab's own calls to the kernel as before, never through the endpoint. Compared here with the same batch where
 * everything shares one network (SocketLab started without the lab's broker, {@code --no-room}: nothing contained).
 * Prints, for root and for uid 65534, the median and mean time of the big play (its phase end minus the previous
 * one's, {@code -Dsocketlab.check.phases=true}) and the room's difference in per cent; checks every row passed. Not
 * part of the test run: {@code mvn -B -o test -Dtest=RoomNetworkBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Droom.bench.count=N} submissions a batch, default 6, run one at a time).
 */
class RoomNetworkBenchmark {
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
    void printTheBigPlayInARoomAndInOneSharedNetwork() throws Exception {
        int count = Integer.getInteger("room.bench.count", 6);
        ReferencePrograms.strace();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "/bin/true"));
        CiRules.requireOrSkip(probe.status() == 0, "user namespaces (labnet enter: " + probe.output().strip() + ")");
        boolean root = ProcessHandle.current().info().user().orElse("").equals("root");
        base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "room-bench-", OPEN);
        Path built = Files.createDirectory(base.resolve("built"), OPEN);
        Path good = ReferencePrograms.compile(CHECK, "good", built);
        Path batch = Files.createDirectory(base.resolve("class"), OPEN);
        for (int i = 1; i <= count; i++) {
            Path folder = Files.createDirectory(batch.resolve(String.format("student-%02d", i)), OPEN);
            Path server = Files.copy(good, folder.resolve("server"));
            Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> classPath = readableClassPath(base.resolve("cp"));
        System.out.println("load average before: " + Files.readString(Path.of("/proc/loadavg")).strip());
        for (boolean nobody : root ? List.of(false, true) : List.of(false)) {
            String who = nobody ? "uid 65534" : ProcessHandle.current().info().user().orElse("?");
            List<Long> room = bigPlays(batch, classPath, nobody, true, count);
            List<Long> shared = bigPlays(batch, classPath, nobody, false, count);
            System.out.printf(Locale.ROOT, "6 MiB echo play as %s, %d servers one at a time: in rooms median %d ms"
                    + " (mean %d); in one shared network median %d ms (mean %d); the room's difference %+.1f %%%n",
                    who, count, median(room), mean(room), median(shared), mean(shared),
                    100.0 * (median(room) - median(shared)) / Math.max(1, median(shared)));
        }
        System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** Each submission's big play, in ms, from one batch run at --jobs 1, contained ({@code room}) or not. */
    private List<Long> bigPlays(Path batch, List<String> classPath, boolean nobody, boolean room, int count)
            throws Exception {
        List<String> command = new ArrayList<>();
        if (nobody)
            command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all"));
        command.addAll(List.of(Labnet.built().toString(), "enter", "--strict", "--"));
        if (!room) command.addAll(List.of("/usr/bin/env", "-u", "SOCKETLAB_LABNET"));
        command.addAll(ChildJvm.computing("-Dsocketlab.check.phases=true", "-cp",
                String.join(File.pathSeparator, classPath), "org.socketlab.Main", "check", CHECK, "--batch",
                batch.toString(), "--lang", "en", "--jobs", "1"));
        if (!room) command.add("--no-room");
        command.addAll(List.of("--", "server"));
        Path out = base.resolve("out.csv"), err = base.resolve("err.txt");
        Process p = new ProcessBuilder(command).directory(base.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            assertTrue(p.waitFor(count * 120L + 120, TimeUnit.SECONDS), "the batch ended");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String said = Files.readString(out) + Files.readString(err);
        assertEquals(room, !said.contains("--no-room"), said);
        List<Long> plays = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            String[] cells = line.split(",", -1);
            if (cells.length > 2 && !cells[0].equals("submission"))
                assertEquals("true", cells[1], cells[0] + ":\n" + said);
        }
        for (String line : Files.readAllLines(err)) {
            String[] f = line.split("\t");
            if (f.length != 3 || !f[0].equals("socketlab.check.phases")) continue;
            long play1 = -1, play2 = -1;
            for (String pair : f[2].replaceAll("[{}]", "").split(", ")) {
                String[] kv = pair.split("=");
                if (kv.length != 2) continue;
                if (kv[0].equals("play1")) play1 = Long.parseLong(kv[1]);
                if (kv[0].equals("play2")) play2 = Long.parseLong(kv[1]);
            }
            if (play1 >= 0 && play2 >= play1) plays.add(play2 - play1);
        }
        assertEquals(count, plays.size(), said);
        return plays;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum() / Math.max(1, values.size());
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
