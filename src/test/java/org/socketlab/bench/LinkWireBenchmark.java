package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.LinkWireProbe;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * How well SocketLab's wire between the lab's two hosts keeps time (issue 76), measured at the far host as the review of
 * 2026-11-28 did, never from the wire's own log: LinkWireProbe sends paced UDP from the first host to the second
 * through the wire at 10 ms each way, at 1, 10 and 100 Mbit/s; packaging/bench/wirestamp.c (compiled here into
 * target/bench) holds a packet socket in each host's network namespace and takes the kernel's timestamp of each datagram
 * as it leaves the first host and as it arrives at the second. The added delay's error is arrival − departure − 10 ms;
 * printed per rate as median, p99 and max, with the datagrams lost, for each user (this one and, as root, nobody:
 * uid 65534) and each load: as the machine is ("quiet" only when the load average is below 1) and beside one busy loop
 * per core (nproc processes spinning, each in a session of its own as a browser's or an IDE's, started and killed
 * here). The load average before and after each run is printed, and what the kernel gave the wire (its policy, its
 * slice). The goal at 10 Mbit/s: quiet median ≤ 0.5 ms and p99 ≤ 2 ms; beside the busy loops median ≤ 1 ms and
 * p99 ≤ 10 ms. Not a timed test (it prints, it asserts only that it measured): needs root (the instrument enters the
 * lab's namespaces) and gcc; {@code mvn -B test -Dtest=LinkWireBenchmark}. docs/performance.md has the figures.
 */
class LinkWireBenchmark {
    private static final String NOBODY = "nobody (uid 65534)";

    @Test
    void theWiresAddedDelayAtTheFarHost() throws Exception {
        assertEquals("root", System.getProperty("user.name"),
                "the benchmark's instrument enters the lab's network namespaces: run it as root");
        Path stamp = compileInstrument();
        // Everything the probe needs, where nobody may read it: labnet, this build's classes and the test classes.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "socketlab-bench-wire-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            Path labnet = copyLab(dir);
            List<String> classPath = List.of(dir.resolve("classes").toString(), dir.resolve("test-classes").toString());
            System.out.printf("%nLinkWireBenchmark, %s, %d cores, delay %d ms each way, %d s a rate%n",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                    LinkWireProbe.DELAY_US / 1000, LinkWireProbe.SECONDS);
            for (boolean busy : new boolean[]{false, true}) {
                List<Process> spinners = new ArrayList<>();
                try {
                    if (busy)
                        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++)
                            spinners.add(new ProcessBuilder(stamp.toString(), "spin").start());
                    if (busy) Thread.sleep(5000); // the loops under way, the load average rising
                    for (String who : List.of("root", NOBODY)) {
                        List<String> command = new ArrayList<>();
                        if (who.equals(NOBODY))
                            command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                    "--clear-groups", "--"));
                        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--"));
                        command.addAll(ChildJvm.computing("-cp", String.join(File.pathSeparator, classPath),
                                "org.socketlab.capture.LinkWireProbe"));
                        measure(command, dir, stamp, who, busy ? spinners.size() + " busy loops" : "as it is");
                    }
                } finally {
                    for (Process p : spinners) p.destroyForcibly();
                    for (Process p : spinners) p.waitFor();
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** One run of the probe as `who`, stamped by the instrument; prints its figures. */
    private static void measure(List<String> command, Path dir, Path stamp, String who, String beside)
            throws Exception {
        String loadBefore = load();
        Process probe = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader said = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
        String hosts = said.readLine();
        assertTrue(hosts != null && hosts.startsWith("hosts "), "the probe said " + hosts);
        String[] pids = hosts.split(" ");
        String wireGot = scheduling(pids[3]);
        long[] waitedBefore = runDelay(pids[3]);
        Process instrument = new ProcessBuilder(stamp.toString(), "stamp", pids[1], pids[2],
                String.valueOf(LinkWireProbe.PORT)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader stamped = new BufferedReader(
                new InputStreamReader(instrument.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("ready", stamped.readLine());
        OutputStream go = probe.getOutputStream();
        go.write("go\n".getBytes(StandardCharsets.US_ASCII));
        go.flush();
        List<String> sent = new ArrayList<>();
        for (String line; (line = said.readLine()) != null && !line.equals("done");) sent.add(line);
        long[] waited = runDelay(pids[3]);
        waited[0] -= waitedBefore[0];
        waited[1] -= waitedBefore[1];
        instrument.getOutputStream().close();
        List<String> stamps = stamped.lines().toList();
        assertTrue(instrument.waitFor(30, TimeUnit.SECONDS));
        go.close(); // the probe removes the hosts once the instrument has all
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, probe.exitValue());
        System.out.printf("%nas %s, beside %s; load %s before, %s after; the wire got %s and waited for a CPU %.3f ms"
                + " on average each time it ran (%d times); instrument's %s%n", who, beside, loadBefore, load(),
                wireGot, waited[0] / 1e6 / Math.max(1, waited[1]), waited[1], stamps.getLast());
        for (int phase = 0; phase < LinkWireProbe.MBIT.length; phase++) {
            String[] s = sent.get(phase).split(" ");
            List<Double> errors = new ArrayList<>();
            int lost = 0;
            for (String line : stamps) {
                String[] w = line.split(" ");
                if (!w[0].equals("s") || Integer.parseInt(w[1]) != phase) continue;
                long left = Long.parseLong(w[3]), arrived = Long.parseLong(w[4]);
                if (arrived == 0) lost++;
                else errors.add((arrived - left - LinkWireProbe.DELAY_US * 1000L) / 1e6);
            }
            double[] e = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertTrue(e.length > 0, "no datagram of phase " + phase + " was stamped at both hosts");
            System.out.printf("  %3d Mbit/s: %s sent, %d stamped leaving, %d never arrived; added delay's error median"
                    + " %.3f ms, p99 %.3f ms, max %.3f ms, min %.3f ms; wire CPU %s %% of a core%n",
                    LinkWireProbe.MBIT[phase], s[2], e.length + lost, lost, e[e.length / 2],
                    e[(int) Math.min(e.length - 1, Math.ceil(e.length * 0.99) - 1)], e[e.length - 1], e[0], s[3]);
        }
    }

    /** The wire's scheduling policy and EEVDF slice as the kernel tells them (/proc/PID/sched, root reads it). */
    private static String scheduling(String pid) throws Exception {
        String policy = "?", slice = "?";
        for (String line : Files.readAllLines(Path.of("/proc", pid, "sched"))) {
            String[] w = line.split(":");
            if (w.length != 2) continue;
            if (w[0].strip().equals("policy")) policy = switch (w[1].strip()) {
                case "0" -> "SCHED_OTHER";
                case "1" -> "SCHED_FIFO";
                case "2" -> "SCHED_RR";
                default -> w[1].strip();
            };
            if (w[0].strip().equals("se.slice")) slice = w[1].strip() + " ns";
        }
        Path group = Path.of("/proc", pid, "autogroup");
        String session = Files.isReadable(group) ? ", " + Files.readString(group).strip() : "";
        return policy + " (slice " + slice + session + ")";
    }

    /** The wire's time waiting on a run queue (ns) and how many times it ran, from /proc/PID/schedstat. */
    private static long[] runDelay(String pid) throws Exception {
        String[] w = Files.readString(Path.of("/proc", pid, "schedstat")).strip().split(" ");
        return new long[]{Long.parseLong(w[1]), Long.parseLong(w[2])};
    }

    private static String load() throws Exception {
        String[] w = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return w[0] + " " + w[1] + " " + w[2];
    }

    /** packaging/bench/wirestamp.c compiled into target/bench. */
    private static Path compileInstrument() throws Exception {
        Path out = Path.of("target/bench/wirestamp");
        Files.createDirectories(out.getParent());
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", out.toString(),
                "packaging/bench/wirestamp.c").redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, gcc.exitValue(), "gcc: " + said);
        return out.toAbsolutePath();
    }

    /** labnet, its programs and this build's classes, copied into dir where nobody may read them; labnet's copy. */
    private static Path copyLab(Path dir) throws Exception {
        Labnet.requireNative(Labnet.NATIVE);
        for (String program : List.of("labnet", "socketlab-endpoint", "socketlab-wire"))
            Files.copy(Labnet.NATIVE.resolve(program), dir.resolve(program));
        for (String classes : List.of("target/classes", "target/test-classes"))
            copy(Path.of(classes), dir.resolve(Path.of(classes).getFileName()));
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                assertTrue(p.toFile().setReadable(true, false));
                boolean program = dir.equals(p.getParent()) && Files.isRegularFile(p);
                if (Files.isDirectory(p) || program) assertTrue(p.toFile().setExecutable(true, false));
            }
        }
        return dir.resolve("labnet");
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
