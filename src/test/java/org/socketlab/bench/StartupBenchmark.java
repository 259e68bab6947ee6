package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.socketlab.testing.ChildJvm;

/**
 * Time from launch to a painted window, on a real X display, for the installed SocketLab (per phase), Wireshark and a
 * bare JavaFX app, launched in turn 5 times each ({@code -Dbench.launches=N} for more) after one unmeasured warm-up launch; prints every
 * figure and the medians. Not part of the test run:
 * <pre>
 *   mvn -B package -DskipTests -Pdeb &amp;&amp; dpkg -i target/installer/socketlab_*_amd64.deb   # or only the app-image
 *   apt-get install wireshark-qt gcc libx11-dev libxdamage-dev xvfb
 *   mvn -B test -Dtest=StartupBenchmark [-Dbench.socketlab=/usr/bin/socketlab] [-Dbench.display=:17]
 *       [-Dbench.socketlabBefore=OTHER/bin/socketlab]   # an earlier build, launched in turn with the others
 * </pre>
 * The clock runs from fork (packaging/bench/firstframe.c, which looks for the window every 2 ms, then reads its pixels
 * each time the X server reports a drawing in it) to the moment the program's window is mapped, and to the moment its
 * pixels are no longer one flat colour (painted). SocketLab's own
 * phases come from its SOCKETLAB_STARTUP_TRACE lines: JVM up to main(), JavaFX toolkit started, window built, shown,
 * first frame laid out, and complete (AfterFirstFrame.whenBuilt): what the window builds just after its first frame (the
 * call buttons, then their arguments and the front tabs' content) laid out as well. Without DISPLAY the benchmark
 * starts its own Xvfb (1920x1080x24, no window manager).
 * <p>
 * On a machine shared with other busy sessions, Linux's autogroup scheduling gives each session an equal share of the
 * CPUs whatever its nice value, so a launch would measure the neighbours. As root the benchmark therefore runs each
 * program, and its own Xvfb, in a session of its own with autogroup nice {@code -Dbench.autogroupNice} (default -20,
 * "" to turn off): the figure of a machine that is the program's own. The load average is printed either way.
 */
class StartupBenchmark {
    private static final int LAUNCHES = Integer.getInteger("bench.launches", 5);
    private static final Path BENCH = Path.of("target/bench");
    private static final String AUTOGROUP_NICE = System.getProperty("bench.autogroupNice",
            "root".equals(System.getProperty("user.name")) ? "-20" : "");

    /** {@code lastDrawn}: when the program last drew in its window in the 2.5 s after its first paint (NaN: not asked). */
    record Launch(double mapped, double painted, double lastDrawn, Map<String, Double> phases) {
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    @Test
    void timeToFirstWindow() throws Exception {
        Files.createDirectories(BENCH);
        Path firstframe = BENCH.resolve("firstframe");
        run(List.of(tool("gcc"), "-O2", "-o", firstframe.toString(), "packaging/bench/firstframe.c", "-lX11",
                "-lXdamage"), 120);
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null) {
            display = System.getProperty("bench.display", ":17");
            xvfb = new ProcessBuilder(tool("setsid"), tool("Xvfb"), display, "-screen", "0", "1920x1080x24",
                    "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(BENCH.resolve("xvfb.log").toFile()).start();
            waitForDisplay(firstframe, display);
            // Another X server already on that display answers too: this one then ends at once, and every window
            // would be measured on a screen of another size (the toolbar's window never counted as painted there).
            if (xvfb.waitFor(500, TimeUnit.MILLISECONDS))
                fail("Xvfb could not open " + display + ", another X server holds it (-Dbench.display=:N picks "
                        + "another): " + Files.readString(BENCH.resolve("xvfb.log")).strip());
            // Only now that it serves, so setsid has made it a session of its own: written at once, the value went to
            // the session that runs the benchmark (the developer's shell, left at nice -20 for good, starved later
            // programs: RoomTest's CPU limit failed in the next test run).
            if (!AUTOGROUP_NICE.isEmpty()) {
                assertEquals(xvfb.pid(), sessionOf(xvfb.pid()), "Xvfb in a session of its own");
                Files.writeString(Path.of("/proc/" + xvfb.pid() + "/autogroup"), AUTOGROUP_NICE);
            }
        }
        try {
            Path socketlab = Path.of(System.getProperty("bench.socketlab",
                    Files.isExecutable(Path.of("/usr/bin/socketlab"))
                            ? "/usr/bin/socketlab"
                            : "target/socketlab/bin/socketlab"));
            assertTrue(Files.isExecutable(socketlab),
                    socketlab + " missing: run `mvn -B package -DskipTests` (and install the .deb)");
            Path hello = bareJavaFx();
            Map<String, List<String>> programs = new LinkedHashMap<>();
            programs.put("SocketLab", List.of(socketlab.toString()));
            // An earlier build's app-image launched in turn with this one: a change measured in the same minutes.
            String before = System.getProperty("bench.socketlabBefore", "");
            if (!before.isEmpty()) programs.put("Before", List.of(before));
            // The same program kept on this computer's network: the difference is what entering the lab network costs.
            programs.put("SocketLab host", List.of(tool("env"), "SOCKETLAB_NETWORK=host", socketlab.toString()));
            // Wireshark is the yardstick when it is installed; without it the run says so and measures the others.
            if (installed("wireshark")) programs.put("Wireshark", List.of(tool("wireshark")));
            else System.out.println("Wireshark is not installed (Debian: wireshark-qt): measured without it");
            programs.put("Bare + AOT", bareJavaFxWithAot(hello, display));
            programs.put("Bare JavaFX", List.of(hello.toString(), "-m", "hello/hello.Hello"));
            // SocketLab's toolbar alone in an AtlantaFX window, with its AOT cache: what any window with it pays.
            programs.put("Toolbar + AOT", withAot(linkedApp("toolbar", "javafx-(base|graphics|controls)-[^/]*-linux"
                    + "|atlantafx-base-[^/]*|ikonli-(core|javafx|feather-pack)-[^/]*"), display, "toolbar"));
            Map<String, String> titles = Map.of("SocketLab", "SocketLab", "Before", "SocketLab", "SocketLab host",
                    "SocketLab", "Wireshark", "Wireshark", "Bare + AOT", "Hello JavaFX", "Bare JavaFX", "Hello JavaFX",
                    "Toolbar + AOT", "Hello Toolbar");
            Map<String, List<Launch>> results = new LinkedHashMap<>();
            programs.keySet().forEach(p -> results.put(p, new ArrayList<>()));
            Path home = Files.createDirectories(BENCH.resolve("home"));
            // As root, -Dbench.user=65534 launches every program as that user, as a student starts it (the launcher,
            // its JVM and the lab network all theirs); the session's autogroup nice is set before the user is.
            String user = System.getProperty("bench.user", "");
            if (!user.isEmpty()) {
                home = userHome(user);
                for (var p : programs.entrySet()) p.setValue(asUser(user, p.getValue()));
            }

            System.out.println();
            System.out.printf("Start-up benchmark on %s as %s, %d cores, autogroup nice %s, load average before: %s%n",
                    display, user.isEmpty() ? System.getProperty("user.name") : "uid " + user,
                    Runtime.getRuntime().availableProcessors(), AUTOGROUP_NICE.isEmpty() ? "off" : AUTOGROUP_NICE,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            for (int round = 0; round <= LAUNCHES; round++) {
                for (var p : programs.entrySet()) {
                    Launch l = launch(firstframe, display, home, titles.get(p.getKey()), p.getValue());
                    if (round == 0) continue; // warm-up: files into the page cache, first-run state written
                    results.get(p.getKey()).add(l);
                    System.out.printf("  %-12s launch %d: mapped %6.0f ms, painted %6.0f ms%s %s%n", p.getKey(), round,
                            l.mapped(), l.painted(), popIn(l).isNaN()
                                    ? ""
                                    : String.format(", usable %.0f ms and complete %.0f ms after the first paint"
                                            + " (laid out), last drawn %.0f ms after it", afterPaint(l, "usable"),
                                            popIn(l), lastDrawn(l)),
                            l.phases().isEmpty() ? "" : l.phases());
                }
            }
            System.out.printf("load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf("Medians of %d launches (ms from launch):%n", LAUNCHES);
            for (var r : results.entrySet()) {
                List<Launch> ls = r.getValue();
                StringBuilder phases = new StringBuilder();
                if (!ls.getFirst().phases().isEmpty()) {
                    for (String phase : ls.getFirst().phases().keySet()) {
                        phases.append(String.format(" %s %.0f,", phase, median(
                                ls.stream().mapToDouble(l -> l.phases().getOrDefault(phase, Double.NaN)).toArray())));
                    }
                }
                double popIn = median(ls.stream().mapToDouble(StartupBenchmark::popIn).toArray());
                System.out.printf("  %-12s window mapped %6.0f, painted %6.0f%s%s%n", r.getKey(),
                        median(ls.stream().mapToDouble(Launch::mapped).toArray()),
                        median(ls.stream().mapToDouble(Launch::painted).toArray()),
                        Double.isNaN(popIn)
                                ? ""
                                : String.format(", usable %.0f and complete %.0f after the first paint (laid out),"
                                        + " last drawn %.0f after it",
                                        median(ls.stream().mapToDouble(l -> afterPaint(l, "usable")).toArray()), popIn,
                                        median(ls.stream().mapToDouble(StartupBenchmark::lastDrawn).toArray())),
                        phases.isEmpty() ? "" : "   phases:" + phases.substring(0, phases.length() - 1));
            }
            double socketLab = medianPainted(results.get("SocketLab"));
            if (results.containsKey("Wireshark")) {
                System.out.printf("  SocketLab / Wireshark: %.2fx%n",
                        socketLab / medianPainted(results.get("Wireshark")));
                if (results.containsKey("Before"))
                    System.out.printf("  Before / Wireshark: %.2fx%n",
                            medianPainted(results.get("Before")) / medianPainted(results.get("Wireshark")));
            }
            System.out.printf("  SocketLab / (bare JavaFX with its AOT cache, the floor): %.2fx%n",
                    socketLab / medianPainted(results.get("Bare + AOT")));
            double toolbar = medianPainted(results.get("Toolbar + AOT"));
            System.out.printf("  SocketLab / (its toolbar alone in an AtlantaFX window, with its AOT cache): %.2fx%n",
                    socketLab / toolbar);
            if (results.containsKey("Wireshark"))
                System.out.printf("  Toolbar alone / Wireshark: %.2fx%n",
                        toolbar / medianPainted(results.get("Wireshark")));
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                xvfb.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Issue 23, idle means idle: the CPU the real window (GTK on an X display) takes over {@code -Dbench.idleSeconds}
     * (30) while nothing happens, from {@code /proc/PID/stat} of the process and its children (tcpdump), after it has
     * shown its window and settled for 5 s; with the busiest threads and the RSS at the end; then the same for the bare JavaFX app (the floor:
     * JavaFX's own timer). The program {@code -Dbench.socketlab=} names, else this build's app-image when there is one,
     * else {@code org.socketlab.Main} on this test class path with the launcher's JVM options. Needs Xvfb, xdotool and
     * jlink only (no Wireshark, no gcc):
     * {@code mvn -B test -Dtest='StartupBenchmark#idleWindowCpu'}; as root, {@code -Dbench.idleUser=65534} runs both
     * programs as that user (nobody) through setpriv, with a home of their own.
     */
    @Test
    void idleWindowCpu() throws Exception {
        Files.createDirectories(BENCH);
        int seconds = Integer.getInteger("bench.idleSeconds", 30);
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null) {
            display = System.getProperty("bench.display", ":18");
            xvfb = new ProcessBuilder(tool("Xvfb"), display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(BENCH.resolve("xvfb-idle.log").toFile()).start();
        }
        try {
            awaitXdotool(display, List.of("getdisplaygeometry"), 20);
            // This build's: an installed /usr/bin/socketlab may be older, so it is measured only when named.
            String installed = System.getProperty("bench.socketlab",
                    Files.isExecutable(Path.of("target/socketlab/bin/socketlab"))
                            ? "target/socketlab/bin/socketlab"
                            : "");
            List<String> command = new ArrayList<>();
            String what;
            if (!installed.isEmpty()) {
                command.add(Path.of(installed).toAbsolutePath().toString());
                what = installed;
            } else {
                command.addAll(List.of(ChildJvm.java(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-cp",
                        System.getProperty("java.class.path"), "org.socketlab.Main"));
                what = "org.socketlab.Main on the test class path (no app-image found)";
            }
            idleCpu(display, what, command, "SocketLab", seconds);
            Path hello = bareJavaFx();
            idleCpu(display, "bare JavaFX app, the floor", List.of(hello.toString(), "-m", "hello/hello.Hello"),
                    "Hello JavaFX", seconds);
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                xvfb.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts {@code command}, waits for its window and 5 s more, and prints the CPU it takes over {@code seconds}. */
    private static void idleCpu(String display, String what, List<String> command, String title, int seconds)
            throws Exception {
        Path home = Files.createDirectories(BENCH.resolve("home-idle")).toAbsolutePath();
        String user = System.getProperty("bench.idleUser", "");
        if (!user.isEmpty()) home = userHome(user); // as root, the same program as an ordinary user (65534: nobody)
        ProcessBuilder pb = new ProcessBuilder(user.isEmpty() ? command : asUser(user, command))
                .redirectErrorStream(true)
                .redirectOutput(BENCH.resolve("idle-" + title.replace(' ', '-') + ".log").toFile());
        pb.environment().put("DISPLAY", display);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("SOCKETLAB_STARTUP_TRACE", "1");
        Process app = pb.start();
        try {
            awaitXdotool(display, List.of("search", "--name", title), 120);
            // SocketLab says when what it builds after the first frame is laid out ("complete"); on a loaded machine
            // that can be seconds after the window appears, and its frames are start-up, not idle.
            Path log = BENCH.resolve("idle-" + title.replace(' ', '-') + ".log");
            for (int i = 0; i < 600 && title.startsWith("SocketLab")
                    && !Files.readString(log).contains("complete="); i++)
                Thread.sleep(100);
            Thread.sleep(5_000); // the capture starting, the last compilations
            Map<String, Long> threads0 = threadTicks(app.toHandle());
            long cpu0 = treeTicks(app.toHandle()), t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long cpu1 = treeTicks(app.toHandle()), t1 = System.nanoTime();
            long rssKb = treeRssKb(app.toHandle());
            Map<String, Long> threads1 = threadTicks(app.toHandle());
            StringBuilder top = new StringBuilder();
            threads1.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(6).forEach(e -> top.append(String.format(" %s %d ms,",
                            e.getKey().replaceFirst("^\\d+ ", ""), e.getValue() * 10)));
            System.out.printf(
                    "StartupBenchmark: idle window (%s, %s, user %s) over %.0f s: %.2f %% of one core (%d ms of CPU, the process and its children); busiest threads:%s; RSS %.1f MB (the process and its children); load average now: %s%n",
                    what, display, user.isEmpty() ? System.getProperty("user.name") : user, (t1 - t0) / 1e9,
                    100.0 * (cpu1 - cpu0) * 10_000_000L / (t1 - t0),
                    (cpu1 - cpu0) * 10, top.isEmpty() ? " none" : top.substring(0, top.length() - 1), rssKb / 1024.0,
                    Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) app.destroyForcibly();
        }
    }

    /**
     * Issue 21's pop-in: how long after its first paint the window is complete (the call buttons, their argument forms
     * and the bottom panes' front tabs laid out, SocketLab's "complete" phase); NaN for a program without that phase.
     */
    private static Double popIn(Launch l) {
        return afterPaint(l, "complete");
    }

    /**
     * How long after its first paint {@code phase} came ("usable": every control built and laid out, the state
     * machine's drawing maybe not yet); NaN for a program without that phase.
     */
    private static double afterPaint(Launch l, String phase) {
        return l.phases().getOrDefault(phase, Double.NaN) - l.painted();
    }

    /** How long after its first paint the window last changed on the screen (SocketLab: the complete frame drawn). */
    private static double lastDrawn(Launch l) {
        return l.lastDrawn() - l.painted();
    }

    /** Runs xdotool on {@code display} until it succeeds (a display, a window found), for at most {@code seconds}. */
    private static void awaitXdotool(String display, List<String> args, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> cmd = new ArrayList<>(List.of(tool("xdotool")));
        cmd.addAll(args);
        while (System.nanoTime() < deadline) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DISPLAY", display);
            if (pb.start().waitFor() == 0) return;
            Thread.sleep(200);
        }
        fail("xdotool " + String.join(" ", args) + " on " + display + " never succeeded");
    }

    /** User + system CPU of a process and its descendants, in clock ticks (10 ms). */
    private static long treeTicks(ProcessHandle process) {
        long ticks = ticks(Path.of("/proc/" + process.pid() + "/stat"));
        for (ProcessHandle child : process.descendants().toList())
            ticks += ticks(Path.of("/proc/" + child.pid() + "/stat"));
        return ticks;
    }

    /** Resident memory of a process and its descendants (VmRSS), in kB: the idle window's RSS after start. */
    private static long treeRssKb(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(List.of(process));
        tree.addAll(process.descendants().toList());
        long kb = 0;
        for (ProcessHandle p : tree) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")))
                    if (line.startsWith("VmRSS:")) kb += Long.parseLong(line.replaceAll("\\D", ""));
            } catch (IOException gone) {
                // ended meanwhile
            }
        }
        return kb;
    }

    /** Each thread's CPU ticks by "tid name", the process's and its descendants'. */
    private static Map<String, Long> threadTicks(ProcessHandle process) throws IOException {
        Map<String, Long> all = new LinkedHashMap<>();
        List<ProcessHandle> tree = new ArrayList<>(List.of(process));
        tree.addAll(process.descendants().toList());
        for (ProcessHandle p : tree) {
            try (var tasks = Files.list(Path.of("/proc/" + p.pid() + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        all.put(task.getFileName() + " " + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                                ticks(task.resolve("stat")));
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException gone) {
                // the process ended meanwhile
            }
        }
        return all;
    }

    private static long ticks(Path stat) {
        try {
            String[] f = fieldsAfterName(Files.readString(stat));
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime and stime, fields 14 and 15
        } catch (IOException gone) {
            return 0;
        }
    }

    private static Launch launch(Path firstframe, String display, Path home, String title, List<String> program)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(firstframe.toAbsolutePath().toString(), title, "--"));
        cmd.addAll(program);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        pb.environment().put("HOME", home.toAbsolutePath().toString());
        pb.environment().put("SOCKETLAB_STARTUP_TRACE", "1");
        // SocketLab builds part of its window just after the first frame: it runs on a while, to say when that is done.
        if (title.contains("SocketLab")) pb.environment().put("FIRSTFRAME_LINGER_MS", "2500");
        if (!AUTOGROUP_NICE.isEmpty()) pb.environment().put("FIRSTFRAME_AUTOGROUP_NICE", AUTOGROUP_NICE);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(title + " did not finish");
        }
        assertEquals(0, p.exitValue(), title + " did not show its window:\n" + out);
        Matcher m = Pattern.compile("launch_us=(\\d+) mapped_ms=([\\d.]+) painted_ms=([\\d.]+)").matcher(out);
        assertTrue(m.find(), "no figure from firstframe:\n" + out);
        long launchMicros = Long.parseLong(m.group(1));
        Map<String, Double> phases = new LinkedHashMap<>();
        Matcher trace = Pattern.compile("socketlab-startup(?:-later)?((?: \\w+=\\d+)+)").matcher(out);
        while (trace.find()) {
            for (String kv : trace.group(1).strip().split(" ")) {
                String[] parts = kv.split("=");
                long micros = Long.parseLong(parts[1]);
                // cpu_us is a duration (CPU used up to the first frame); the others are moments since the epoch
                phases.put(parts[0], (parts[0].endsWith("_us") ? micros : micros - launchMicros) / 1000.0);
            }
        }
        Matcher drawn = Pattern.compile("last_drawn_ms=([\\d.]+)").matcher(out);
        return new Launch(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                drawn.find() ? Double.parseDouble(drawn.group(1)) : Double.NaN, phases);
    }

    /** {@code command} run as {@code uid} (and its group) through setpriv, with no other group: an ordinary user. */
    private static List<String> asUser(String uid, List<String> command) {
        List<String> as = new ArrayList<>(
                List.of(tool("setpriv"), "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        as.addAll(command);
        return as;
    }

    /** A home of {@code uid}'s own for its launches, outside the build folder (which it may not write). */
    private static Path userHome(String uid) throws Exception {
        Path home = Files.createDirectories(Path.of("/tmp/socketlab-bench-" + uid));
        new ProcessBuilder(tool("chown"), uid + ":" + uid, home.toString()).inheritIO().start().waitFor();
        return home;
    }

    private static double medianPainted(List<Launch> launches) {
        return median(launches.stream().mapToDouble(Launch::painted).toArray());
    }

    /**
     * The floor: the bare app given what SocketLab's launcher gives SocketLab, so that what remains between the two is
     * SocketLab's own work. It gets an AOT cache of its own, trained by one run of its window on this display
     * ({@code HELLO_AOT_TRAINING=1}: it ends 1 s after it is shown) with the same JVM options as it is then run with:
     * the launcher's {@code JVM_OPTIONS} (read from packaging/linux/launcher.c, less what names SocketLab's module),
     * and, where there is no GPU device, JavaFX's software renderer at once and {@code GDK_GL=disable} as the launcher
     * and ui/Prism choose; where the session has no D-Bus, {@code NO_AT_BRIDGE=1} and {@code GSETTINGS_BACKEND=memory}
     * as the launcher sets them. Not given: the launcher's lab network (SocketLab's own work), AtlantaFX's theme.
     */
    private static List<String> bareJavaFxWithAot(Path java, String display) throws Exception {
        return withAot(java, display, "hello");
    }

    /** Whether this session has a D-Bus session bus, as the launcher decides it (launcher.c, has_session_bus). */
    private static boolean hasSessionBus() {
        String address = System.getenv("DBUS_SESSION_BUS_ADDRESS"), runtime = System.getenv("XDG_RUNTIME_DIR");
        if (address != null && !address.isEmpty()) return true;
        if (runtime == null || runtime.isEmpty()) return false;
        try {
            return Files.readAttributes(Path.of(runtime, "bus"), PosixFileAttributes.class).isOther();
        } catch (IOException notThere) {
            return false;
        }
    }

    /** The linked app {@code name} ({@link #linkedApp}) with an AOT cache of its own, as the floor gets one. */
    private static List<String> withAot(Path java, String display, String name) throws Exception {
        List<String> options = new ArrayList<>();
        String launcher = Files.readString(Path.of("packaging/linux/launcher.c"));
        Matcher array = Pattern.compile("JVM_OPTIONS\\[\\] = \\{(.*?)\\};", Pattern.DOTALL).matcher(launcher);
        assertTrue(array.find(), "no JVM_OPTIONS in packaging/linux/launcher.c");
        Matcher option = Pattern.compile("\"([^\"]+)\"").matcher(array.group(1));
        while (option.find()) {
            String o = option.group(1);
            if (o.startsWith("--enable-native-access=")) options.add("--enable-native-access=javafx.graphics");
            else if (!o.contains("org.socketlab")) options.add(o);
        }
        boolean gpu = Files.exists(Path.of("/dev/nvidia0")) || hasDri();
        if (!gpu) options.add("-Dprism.order=sw");
        String main = name + "/" + name + "." + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Path cache = BENCH.resolve(name + ".aot").toAbsolutePath();
        Files.deleteIfExists(cache);
        List<String> train = new ArrayList<>(List.of(java.toString(), "-XX:AOTCacheOutput=" + cache));
        train.addAll(options);
        train.addAll(List.of("-m", main));
        ProcessBuilder pb = new ProcessBuilder(train).redirectErrorStream(true)
                .redirectOutput(BENCH.resolve(name + "-aot-training.log").toFile());
        pb.environment().put("DISPLAY", display);
        pb.environment().put("HELLO_AOT_TRAINING", "1");
        if (!gpu) pb.environment().put("GDK_GL", "disable");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the AOT training of packaging/bench/" + name + " did not end");
        assertTrue(Files.isRegularFile(cache),
                "no AOT cache from the training of " + name + ": see target/bench/" + name + "-aot-training.log");
        List<String> command = new ArrayList<>(List.of(tool("env")));
        if (!gpu) command.add("GDK_GL=disable");
        if (!hasSessionBus()) command.addAll(List.of("NO_AT_BRIDGE=1", "GSETTINGS_BACKEND=memory"));
        command.addAll(List.of(java.toString(), "-XX:AOTCache=" + cache));
        command.addAll(options);
        command.addAll(List.of("-m", main));
        System.out.printf("packaging/bench/%s with an AOT cache (%d MB): %s%n", name, Files.size(cache) / 1_000_000,
                String.join(" ", command));
        return command;
    }

    private static boolean hasDri() {
        try (var nodes = Files.list(Path.of("/dev/dri"))) {
            return nodes.map(n -> n.getFileName().toString())
                    .anyMatch(n -> n.startsWith("card") || n.startsWith("renderD"));
        } catch (IOException none) {
            return false;
        }
    }

    /**
     * The bare app, linked like SocketLab (JavaFX as modules in a jlinked runtime); run plain, it has no AOT cache.
     * Linked again when its sources are newer than the runtime.
     */
    private static Path bareJavaFx() throws Exception {
        return linkedApp("hello", "javafx-(base|graphics|controls)-[^/]*-linux");
    }

    /**
     * The app of {@code packaging/bench/NAME} (module NAME, its class NAME.Capitalised), linked with the jars of the
     * test class path whose names match {@code jars} into a runtime of its own, as SocketLab is linked. Linked again
     * when its sources are newer than the runtime.
     */
    private static Path linkedApp(String name, String jars) throws Exception {
        Path runtime = BENCH.resolve(name + "-runtime");
        Path java = runtime.resolve("bin/java");
        String main = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Path source = Path.of("packaging/bench", name, name, main + ".java");
        if (Files.isExecutable(java) && Files.getLastModifiedTime(runtime.resolve("release"))
                .compareTo(Files.getLastModifiedTime(source)) > 0)
            return java;
        deleteTree(runtime);
        deleteTree(BENCH.resolve(name + "-classes"));
        String modules = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(j -> j.matches(".*/(" + jars + ")\\.jar"))
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow(() -> new AssertionError("no " + jars + " jars on the test class path"));
        Path classes = BENCH.resolve(name + "-classes");
        int javac = ToolProvider.findFirst("javac").orElseThrow().run(System.out, System.err, "--module-path", modules,
                "-d", classes.toString(), "packaging/bench/" + name + "/module-info.java", source.toString());
        assertEquals(0, javac, "javac of packaging/bench/" + name);
        int jlink = ToolProvider.findFirst("jlink").orElseThrow().run(System.out, System.err, "--module-path",
                classes + File.pathSeparator + modules,
                "--add-modules", name, "--strip-debug", "--no-man-pages", "--no-header-files", "--output",
                runtime.toString());
        assertEquals(0, jlink, "jlink of packaging/bench/" + name);
        return java;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** The session {@code pid} belongs to ({@code /proc/PID/stat}, the field after the process group). */
    private static long sessionOf(long pid) throws IOException {
        return Long.parseLong(fieldsAfterName(Files.readString(Path.of("/proc/" + pid + "/stat")))[3]);
    }

    /** A {@code /proc/PID/stat} line's fields after the command's name (which may hold spaces): field 3 on. */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static void waitForDisplay(Path firstframe, String display) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ProcessBuilder pb = new ProcessBuilder(tool("xdpyinfo")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DISPLAY", display);
            if (pb.start().waitFor() == 0) return;
            Thread.onSpinWait();
        }
        fail("Xvfb did not open " + display);
    }

    /** A program the benchmark needs, found on the PATH; its absence fails the benchmark with its name. */
    private static String tool(String name) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new AssertionError(name
                + " is not installed; the start-up benchmark needs it (Debian: gcc libx11-dev libxdamage-dev x11-utils xvfb wireshark-qt)");
    }

    private static boolean installed(String name) {
        try {
            tool(name);
            return true;
        } catch (AssertionError absent) {
            return false;
        }
    }

    private static void run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), cmd.getFirst() + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
