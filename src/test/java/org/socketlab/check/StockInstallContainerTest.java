package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.testing.DebianRootfs;
import org.socketlab.testing.GraderContainer;

/**
 * Issue 77: the .deb as a new user installs it, on a clean Debian 12 made here (mmdebstrap, kept under target/; GTK is
 * there as on a desktop, and netcat-openbsd, nothing of SocketLab's Recommends), in podman: {@code apt-get install
 * ./socketlab_*.deb} from Debian's registry, then as a user of the container's own (not root): tcp-basics with the wire
 * captured, round-trip's SVG with the SYN drawn across the link's 50 ms on its ruler,
 * {@code trace -- nc -z 127.0.0.1 1}
 * with nc's calls, and {@code dpkg --purge} leaving none of the package's files and no process. Then with
 * {@code --no-install-recommends} (no tcpdump, no strace): the lab still captures, and trace says in one line that
 * strace is missing and the command that brings it. Each install is an overlay on the kept root file system, thrown
 * away with its container. The container lane ({@code mvn -B test -Pcontainer}, after {@code mvn package -Pdeb}).
 */
@GraderContainer
class StockInstallContainerTest {
    private static final Path ROOTFS = Path.of("target", "install-rootfs").toAbsolutePath();
    private static final Path INSTALLERS = Path.of("target", "installer").toAbsolutePath();
    /** What the clean machine has before the package: a desktop's GTK, and the nc that trace is tried with. */
    private static final String PACKAGES = "netcat-openbsd,libgtk-3-0";
    private static final String USER = "student";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path rootfs, deb;

    @BeforeAll
    static void machine() throws Exception {
        DebianRootfs.requireTools();
        List<Path> debs;
        try (Stream<Path> files = Files.exists(INSTALLERS) ? Files.list(INSTALLERS) : Stream.empty()) {
            debs = files.filter(p -> p.getFileName().toString().matches("socketlab_.*_amd64\\.deb")).toList();
        }
        CiRules.requireOrSkip(debs.size() == 1, "one .deb in target/installer (mvn -B package -DskipTests -Pdeb)");
        deb = debs.getFirst();
        rootfs = DebianRootfs.make(ROOTFS, PACKAGES);
    }

    /** The built package's own control fields, as apt reads them: Recommends brings tcpdump and strace. */
    @Test
    void theBuiltDebRecommendsTcpdumpAndStrace() throws Exception {
        Run fields = execute(List.of("dpkg-deb", "-f", deb.toString(), "Recommends", "Suggests"), 60);
        assertEquals(0, fields.exit(), fields.all());
        assertEquals("Recommends: tcpdump, strace", fields.out().strip(), fields.all());
    }

    /** The whole product from a stock install: Recommends pulled in, every feature used as a user, then purged. */
    @Test
    void aStockInstallCapturesDrawsToTimeTracesAndPurgesClean() throws Exception {
        try (Machine machine = Machine.start()) {
            Run installed = machine.install(false);
            assertEquals(0, installed.exit(), installed.all());
            for (String tool : List.of("tcpdump", "strace"))
                assertEquals(0, machine.root("dpkg-query", "-W", tool).exit(), tool + " came with the package");
            List<String> files = machine.packageFiles();
            assertTrue(files.contains("/usr/bin/socketlab") && files.contains("/usr/lib/socketlab/bin/socketlab"),
                    files.toString());

            Run basics = machine.user("socketlab", "run", "tcp-basics", "--lang", "en", "--journal", "basics.jsonl");
            System.out.println("StockInstallContainerTest: run tcp-basics:\n" + basics.all());
            assertEquals(0, basics.exit(), basics.all());
            assertTrue(basics.out().contains("Wire: captured"), basics.all());
            assertTrue(capturedSegments(machine.read("basics.jsonl")) > 0, "segments seen on the wire");

            Run roundTrip = machine.user("socketlab", "run", "round-trip", "--lang", "en", "--svg", "rt.svg",
                    "--journal", "rt.jsonl");
            assertEquals(0, roundTrip.exit(), roundTrip.all());
            double drawn = synDrawnMs(machine.read("rt.jsonl"), machine.read("rt.svg"));
            System.out.printf(Locale.ROOT, "StockInstallContainerTest: round-trip's SYN drawn across %.2f ms of the"
                    + " link's 50 (load %s)%n", drawn, load());
            assertEquals(50, drawn, 2.5, "the SYN drawn across the link's delay on the ruler, within 5 %");

            Run traced = machine.user("socketlab", "trace", "--lang", "en", "--journal", "nc.jsonl", "--", "nc", "-z",
                    "127.0.0.1", "1");
            System.out.println("StockInstallContainerTest: trace -- nc -z 127.0.0.1 1:\n" + traced.all());
            assertEquals(1, traced.exit(), "nc's own exit (connection refused): " + traced.all());
            List<String> calls = calls(machine.read("nc.jsonl"));
            assertTrue(calls.contains("socket") && calls.contains("connect"), "nc's calls journaled: " + calls);

            List<String> kept = machine.notDirectories(files);
            assertFalse(kept.isEmpty(), files.toString());
            Run purged = machine.root("dpkg", "--purge", "socketlab");
            assertEquals(0, purged.exit(), purged.all());
            assertEquals(List.of(), machine.existing(kept), "dpkg --purge left files of the package behind");
            assertEquals(List.of(), machine.existing(List.of("/usr/lib/socketlab")), "its folder is gone");
            String processes = machine.processes();
            assertFalse(processes.contains("socketlab") || processes.contains("labnet")
                    || processes.contains("tcpdump") || processes.contains("strace"), processes);
        }
    }

    /**
     * A minimal install ({@code --no-install-recommends}: no tcpdump, no strace). The lab's capture needs neither
     * (SocketLab's own reader, issue 77 item 2); trace says what is missing in one line, with the command.
     */
    @Test
    void aMinimalInstallStillCapturesTheLabAndSaysWhatStraceWouldBring() throws Exception {
        try (Machine machine = Machine.start()) {
            Run installed = machine.install(true);
            assertEquals(0, installed.exit(), installed.all());
            for (String tool : List.of("tcpdump", "strace"))
                assertFalse(machine.root("dpkg-query", "-W", "-f=${Status}", tool).out()
                        .contains("install ok installed"), tool + " is not installed");

            Run traced = machine.user("socketlab", "trace", "--lang", "en", "--", "nc", "-z", "127.0.0.1", "1");
            System.out.println("StockInstallContainerTest: trace without strace:\n" + traced.all());
            assertEquals(6, traced.exit(), traced.all());
            assertEquals(1, traced.err().lines().count(), "one line: " + traced.all());
            assertTrue(traced.err().startsWith("strace is not installed")
                    && traced.err().strip().endsWith("To add it: sudo apt install strace"), traced.err());

            // Needs the lab's own capture (issue 77 item 2): until then, tcp-basics' wire is not captured here.
            Run basics = machine.user("socketlab", "run", "tcp-basics", "--lang", "en", "--journal", "basics.jsonl");
            System.out.println("StockInstallContainerTest: tcp-basics without tcpdump:\n" + basics.all());
            assertEquals(0, basics.exit(), basics.all());
            assertTrue(basics.out().contains("Wire: captured"), basics.all());
            assertFalse(basics.all().contains("not captured"), basics.all());
            assertTrue(capturedSegments(machine.read("basics.jsonl")) > 0, "segments seen on the wire");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Run(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /**
     * One clean machine: a container on an overlay of the kept root file system (thrown away with it), on podman's own
     * network (Debian's registry), with a user of its own to run SocketLab as.
     */
    private record Machine(String name) implements AutoCloseable {
        static Machine start() throws Exception {
            Machine m = new Machine("socketlab-install-" + UUID.randomUUID().toString().substring(0, 8));
            List<String> run = new ArrayList<>(DebianRootfs.PODMAN);
            // /proc/sys writable, as on a desktop: podman makes it read-only, and labnet writes disable_ipv6 of the
            // wire's ends in the lab's own namespace there (else "SocketLab's wire cannot run here (packet socket:
            // Read-only file system)", checked 2026-11-29). podman's own network (Debian's registry); its root has no
            // CAP_NET_ADMIN.
            run.addAll(List.of("run", "-d", "--name", m.name, "--security-opt", "unmask=/proc/sys", "-e",
                    "LANG=C.UTF-8"));
            run.addAll(DebianRootfs.ULIMITS);
            run.addAll(List.of("--rootfs", rootfs + ":O", "sleep", "infinity"));
            Run started = execute(run, 120);
            if (started.exit() != 0) {
                m.close();
                throw new AssertionError("podman run: " + started.all());
            }
            Run user = m.root("useradd", "--create-home", "--shell", "/bin/sh", USER);
            assertEquals(0, user.exit(), user.all());
            return m;
        }

        /** apt-get install ./socketlab_*.deb from the package copied in, Recommends or not. */
        Run install(boolean noRecommends) throws Exception {
            Run copied = execute(with("cp", deb.toString(), name + ":/tmp/" + deb.getFileName()), 60);
            assertEquals(0, copied.exit(), copied.all());
            Run update = root("apt-get", "update", "-qq");
            assertEquals(0, update.exit(), update.all());
            List<String> apt = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install",
                    "-y", "-q"));
            if (noRecommends) apt.add("--no-install-recommends");
            apt.add("/tmp/" + deb.getFileName());
            long start = System.nanoTime();
            Run installed = root(apt.toArray(String[]::new));
            System.out.printf(Locale.ROOT, "StockInstallContainerTest: apt-get install%s took %.0f s%n",
                    noRecommends ? " --no-install-recommends" : "", (System.nanoTime() - start) / 1e9);
            return installed;
        }

        Run root(String... command) throws Exception {
            List<String> exec = with("exec", name);
            exec.addAll(List.of(command));
            return execute(exec, 600);
        }

        /** As the container's own user, in its home folder. */
        Run user(String... command) throws Exception {
            List<String> exec = with("exec", "--user", USER, "--workdir", "/home/" + USER, "-e", "HOME=/home/" + USER,
                    name);
            exec.addAll(List.of(command));
            return execute(exec, 300);
        }

        /** A file the user wrote in its home folder. */
        String read(String file) throws Exception {
            Run cat = root("cat", "/home/" + USER + "/" + file);
            assertEquals(0, cat.exit(), cat.all());
            return cat.out();
        }

        List<String> packageFiles() throws Exception {
            Run listed = root("dpkg", "-L", "socketlab");
            assertEquals(0, listed.exit(), listed.all());
            return listed.out().lines().filter(l -> l.startsWith("/") && !l.equals("/.")).toList();
        }

        List<String> notDirectories(List<String> paths) throws Exception {
            List<String> find = new ArrayList<>(List.of("find"));
            find.addAll(paths);
            find.addAll(List.of("-maxdepth", "0", "!", "-type", "d"));
            Run found = root(find.toArray(String[]::new));
            assertEquals(0, found.exit(), found.all());
            return found.out().lines().toList();
        }

        /** Those of {@code paths} that exist in the container (find prints them; a missing one is only an error). */
        List<String> existing(List<String> paths) throws Exception {
            List<String> find = new ArrayList<>(List.of("find"));
            find.addAll(paths);
            find.addAll(List.of("-maxdepth", "0"));
            return root(find.toArray(String[]::new)).out().lines().toList();
        }

        /** Every process of the container, as podman reads them (the container has no ps). */
        String processes() throws Exception {
            Run top = execute(with("top", name, "pid", "args"), 60);
            assertEquals(0, top.exit(), top.all());
            return top.out();
        }

        @Override
        public void close() {
            try {
                execute(with("rm", "-f", "-t", "0", name), 120);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while removing " + name, e);
            } catch (Exception e) {
                throw new IllegalStateException("podman rm " + name, e);
            }
        }
    }

    private static List<String> with(String... rest) {
        List<String> all = new ArrayList<>(DebianRootfs.PODMAN);
        all.addAll(List.of(rest));
        return all;
    }

    /** Runs a command (podman's, or a host tool's) with its outputs kept apart. */
    private static Run execute(List<String> command, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile(shared, "out", ".txt"), err = Files.createTempFile(shared, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("podman did not end within " + timeoutSeconds + " s: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Segments of the journal that were seen on the wire, not deduced from the calls. */
    private static long capturedSegments(String journal) throws Exception {
        long seen = 0;
        for (String line : journal.lines().toList()) {
            JsonNode e = JSON.readTree(line);
            if (e.path("type").asText().equals("segment") && !e.path("inferred").asBoolean(false)) seen++;
        }
        return seen;
    }

    /** The calls' names in a journal, in order. */
    private static List<String> calls(String journal) throws Exception {
        List<String> calls = new ArrayList<>();
        for (String line : journal.lines().toList()) {
            JsonNode e = JSON.readTree(line);
            if (e.path("type").asText().equals("call")) calls.add(e.path("call").asText());
        }
        return calls;
    }

    /** How many ms the SVG draws the first SYN across on its ruler's scale (the SYN found in the journal by seq). */
    private static double synDrawnMs(String journal, String svg) throws Exception {
        long syn = -1;
        for (String line : journal.lines().toList()) {
            JsonNode e = JSON.readTree(line);
            if (e.path("type").asText().equals("segment") && e.has("arrived_ns")
                    && e.path("flags").toString().equals("[\"SYN\"]")) {
                syn = e.path("seq").asLong();
                break;
            }
        }
        assertTrue(syn > 0, "a SYN that crossed the link, in the journal");
        double pxPerMs = number(svg, "class=\"ruler\" data-px-per-ms=\"([0-9.]+)\"");
        double left = number(svg, "data-event=\"" + syn + "\" data-left-y=\"([0-9.]+)\""),
                arrived = number(svg,
                        "data-event=\"" + syn + "\" data-left-y=\"[0-9.]+\" data-arrived-y=\"([0-9.]+)\"");
        return (arrived - left) / pxPerMs;
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "the SVG has " + regex);
        return Double.parseDouble(m.group(1));
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
