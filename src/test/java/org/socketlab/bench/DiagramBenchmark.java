package org.socketlab.bench;

import atlantafx.base.theme.PrimerLight;
import com.sun.javafx.tk.Toolkit;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.common.EventWindow;
import org.socketlab.ui.common.HeapAtRest;
import org.socketlab.ui.common.RestingPulseTimer;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.JournalFixtures;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.socketlab.ui.shell.JournalBridge;
import org.socketlab.ui.shell.Shell;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The diagram's figures on the headless toolkit with the software renderer. Not part of the test run; run it with
 * {@code mvn -B test -Dtest=DiagramBenchmark} and read the printed figures.
 * <ol>
 * <li>Idle: the CPU the real window (the whole {@link Shell} on a real {@link Lab}) takes over 30 s while nothing
 *     happens ({@code -Dbench.idleSeconds=N}), as this process's CPU time (/proc/self/stat), and the pulses it ran
 *     meanwhile (issue 23: no pulse when nothing changes).</li>
 * <li>Animation instant: from a {@code call} event entering the journal to the pulse that draws it, through the real
 *     {@link JournalBridge}, 400 events at random gaps of 0-500 ms (so the toolkit's pulse timer is sometimes running,
 *     mostly resting), with the machine otherwise idle and with a second process busy on one core (target: median at
 *     most half a 60 Hz frame, 8.4 ms, p99 at most one frame, 16.7 ms: drawn in the first pulse after the event).</li>
 * <li>Frames per second while scrolling the events the window keeps ({@link EventWindow#DEFAULT_MAX_EVENTS}; target at
 *     least 50).</li>
 * <li>Heap used by those events (journal, diagram rows, the bridge's copies).</li>
 * </ol>
 */
@ExtendWith(ApplicationExtension.class)
class DiagramBenchmark {
    private static final int WARMUP_EVENTS = 100;
    private static final int LATENCY_EVENTS = 400;
    /** As many as the window keeps (older events are read back from the file): what scrolling goes over. */
    private static final int JOURNAL_EVENTS = EventWindow.DEFAULT_MAX_EVENTS;
    private static final long SCROLL_NS = 4_000_000_000L;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        restingTimer = restingTimer || useTheWindowsPulseTimer();
    }

    private static boolean restingTimer;

    /**
     * The window on Linux puts {@link RestingPulseTimer} in place of GTK's pulse timer (SocketLabApp); here it takes
     * the headless platform's place the same way, so the latency below is that of the timer the window really runs
     * ({@code -Dbench.toolkitTimer=true} keeps the headless platform's own, for comparison).
     */
    private static boolean useTheWindowsPulseTimer() {
        if (Boolean.getBoolean("bench.toolkitTimer")) return false;
        try {
            Object timer = Arrays.stream(Toolkit.getToolkit().getClass().getDeclaredFields())
                    .filter(f -> f.getName().equals("pulseTimer")).findFirst().map(f -> {
                        f.setAccessible(true);
                        try {
                            return f.get(Toolkit.getToolkit());
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }).orElseThrow();
            Method install = RestingPulseTimer.class.getDeclaredMethod("installInPlaceOf", String.class,
                    RestingPulseTimer.Activity.class);
            install.setAccessible(true);
            boolean installed = (boolean) install.invoke(null, timer.getClass().getName(),
                    new HeapAtRest());
            System.out.println("DiagramBenchmark: pulse timer: "
                    + (installed ? "the window's RestingPulseTimer in place of " : "the toolkit's own ")
                    + timer.getClass().getSimpleName());
            return installed;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot put the window's pulse timer in place", e);
        }
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private record Setup(Journal journal, JournalBridge bridge, DiagramFeature feature, SequenceDiagramSkin skin) {
    }

    private Setup show(Journal journal) throws Exception {
        return fx(() -> {
            DiagramFeature feature = new DiagramFeature(new Texts(Lang.EN));
            feature.playback().instantProperty().set(true);
            JournalBridge bridge = new JournalBridge(journal);
            bridge.addSink(feature::onEvents);
            // The headless screen is 1000x1000: the window must fit in it.
            stage.setScene(new Scene((Parent) feature.view(), 990, 960));
            stage.show();
            stage.getScene().getRoot().applyCss(); // the skin now, also when the stage was already showing a scene
            bridge.start(stage.getScene());
            feature.start();
            return new Setup(journal, bridge, feature, (SequenceDiagramSkin) feature.diagram().getSkin());
        });
    }

    private void close(Setup s) throws Exception {
        fx(() -> {
            s.bridge().close();
            s.feature().close();
            return null;
        });
    }

    @Test
    void printFigures() throws Exception {
        baselinePulses();
        if (IDLE_SECONDS > 0) idleWindow();
        latency("machine otherwise idle");
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            latency("a second process busy on one core");
        } finally {
            busy.destroyForcibly();
            busy.waitFor(10, TimeUnit.SECONDS);
        }
        scrollingAndMemory();
    }

    private static final int SOAK_EVENTS = Integer.getInteger("bench.soakEvents", 100_000);

    /**
     * Issue 23, bounded in a long session: the real window (Shell on a real Lab, the diagram animating off so it keeps
     * up) driven by {@link #SOAK_EVENTS} events of real traffic (a connected pair, the client sending 64 bytes and the
     * server receiving them, over and over, with the kernel's observations and the captured segments), printing every
     * 10,000 events this process's RSS (VmRSS, /proc/self/status), the heap in use after a GC, and what the window's
     * views hold. Run alone: {@code mvn -B test -Dtest='DiagramBenchmark#windowSoak'} ({@code -Dbench.soakEvents=N}).
     */
    @Test
    void windowSoak() throws Exception {
        Lab lab = Lab.onThisMachine();
        Shell shell = fx(() -> {
            Shell s = new Shell(lab, "Linux", Lang.EN);
            s.show(stage);
            stage.setWidth(990);
            stage.setHeight(960);
            s.diagram().playback().instantProperty().set(true);
            return s;
        });
        UiTestSupport.awaitWindowBuilt(stage);
        var server = lab.server();
        var client = lab.client();
        var inet = Domain.AF_INET;
        var stream = SockType.SOCK_STREAM;
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var address = SockAddr.parse("127.0.0.1:" + port, inet);
        int listener = fd(server.call(new Request.Socket(inet, stream)));
        fd(server.call(new Request.Bind(listener, address)));
        fd(server.call(new Request.Listen(listener, 4)));
        int sending = fd(client.call(new Request.Socket(inet, stream)));
        fd(client.call(new Request.Connect(sending, address)));
        int receiving = fd(server.call(new Request.Accept(listener)));
        byte[] data = new byte[64];
        System.out.printf(
                "DiagramBenchmark: window soak, %,d events of real traffic (send 64 bytes, recv them), max heap %d MB; load average %s%n",
                SOAK_EVENTS, Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        long start = System.nanoTime();
        long nextReport = 10_000;
        while (lab.journal().size() < SOAK_EVENTS) {
            fd(client.call(new Request.Send(sending, data)));
            fd(server.call(new Request.Recv(receiving, data.length)));
            if (lab.journal().size() >= nextReport) {
                int journaled = lab.journal().size();
                // The window takes them in its next pulse; wait for it so the figures are the window's with them.
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (fx(() -> shell.diagram().model().eventsThrough(Integer.MAX_VALUE).isEmpty()
                        ? 0L
                        : shell.diagram().model().eventsThrough(Integer.MAX_VALUE).getLast().seq()) < journaled
                        && System.nanoTime() < deadline)
                    Thread.sleep(20);
                long rss = statusKb("VmRSS");
                System.gc();
                long heap = usedHeap();
                int rows = fx(() -> shell.diagram().model().rowCount());
                int lines = fx(() -> shell.viewModel().journal().lines().size());
                System.out.printf(
                        "  %,7d events: RSS %,d KB (%.1f MB), heap in use after GC %.1f MB, diagram rows %,d, journal pane lines %,d, %.0f s%n",
                        journaled, rss, rss / 1024.0, heap / 1e6, rows, lines, (System.nanoTime() - start) / 1e9);
                nextReport += 10_000;
            }
        }
        System.out.printf("  peak RSS (VmHWM) %,d KB (%.1f MB); load average %s%n", statusKb("VmHWM"),
                statusKb("VmHWM") / 1024.0, loadAverage());
        fx(() -> {
            shell.detach();
            return null;
        });
        lab.close();
    }

    /** A field of /proc/self/status in kB. */
    private static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
        throw new AssertionError(field + " not in /proc/self/status");
    }

    private static int fd(CompletableFuture<Event> call) throws Exception {
        Payload.Call c = (Payload.Call) call.get(10, TimeUnit.SECONDS).payload();
        if (c.result() < 0) throw new AssertionError(c.call() + " failed: " + c.errnoName());
        return (int) c.result();
    }

    private static final int IDLE_SECONDS = Integer.getInteger("bench.idleSeconds", 30);

    /**
     * The real window on a real lab, left alone: once it has settled (no pulse for 2 s, or 20 s at most), the CPU this
     * process uses over {@link #IDLE_SECONDS} and the pulses its scene runs meanwhile.
     */
    private void idleWindow() throws Exception {
        Lab lab = Lab.onThisMachine();
        AtomicInteger pulses = new AtomicInteger();
        Shell shell = fx(() -> {
            Shell s = new Shell(lab, "Linux", Lang.EN);
            s.show(stage);
            stage.setWidth(990);
            stage.setHeight(960);
            stage.getScene().addPreLayoutPulseListener(pulses::incrementAndGet);
            return s;
        });
        UiTestSupport.awaitWindowBuilt(stage);
        long settleDeadline = System.nanoTime() + 20_000_000_000L;
        int seen = pulses.get();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 2_000_000_000L && System.nanoTime() < settleDeadline) {
            Thread.sleep(50);
            if (pulses.get() != seen) {
                seen = pulses.get();
                quietSince = System.nanoTime();
            }
        }
        Map<String, Long> threadCpu0 = threadCpuNs();
        int pulses0 = pulses.get();
        long cpu0 = processCpuNs(), t0 = System.nanoTime();
        Thread.sleep(IDLE_SECONDS * 1000L);
        long cpu1 = processCpuNs(), t1 = System.nanoTime();
        int ran = pulses.get() - pulses0;
        StringBuilder top = new StringBuilder();
        Map<String, Long> threadCpu1 = threadCpuNs();
        threadCpu1.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadCpu0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> top.append(String.format(" %s %.0f ms,", e.getKey().replaceFirst("^\\d+ ", ""),
                        e.getValue() / 1e6)));
        System.out.printf(
                "DiagramBenchmark: idle window (Shell on a real Lab, headless platform, software renderer) over %.0f s: process CPU %.3f %% of one core (%.0f ms), %d pulses (%.2f a second); busiest threads:%s; load average now: %s%n",
                (t1 - t0) / 1e9, 100.0 * (cpu1 - cpu0) / (t1 - t0), (cpu1 - cpu0) / 1e6, ran, ran / ((t1 - t0) / 1e9),
                top.substring(0, Math.max(0, top.length() - 1)), loadAverage());
        fx(() -> {
            shell.detach();
            return null;
        });
        lab.close();
    }

    /** Each thread's CPU time (ns) by "tid name", from /proc/self/task: the JVM's own threads too (GC, JIT). */
    private static Map<String, Long> threadCpuNs() throws IOException {
        Map<String, Long> cpu = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    cpu.put(task.getFileName() + " " + name, ticksToNs(stat));
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return cpu;
    }

    private static long ticksToNs(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime and stime, fields 14 and 15
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** This process's CPU time (user + system, every thread) from /proc/self/stat, in ns (10 ms steps). */
    private static long processCpuNs() throws IOException {
        return ticksToNs(Files.readString(Path.of("/proc/self/stat")));
    }

    /** Frames per second of an AnimationTimer with nothing to draw: the ceiling this machine gives right now. */
    private void baselinePulses() throws Exception {
        int[] frames = {0};
        long[] started = {0};
        CompletableFuture<Long> done = new CompletableFuture<>();
        fx(() -> {
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (started[0] == 0) started[0] = System.nanoTime();
                    else frames[0]++;
                    if (System.nanoTime() - started[0] >= 2_000_000_000L) {
                        stop();
                        done.complete(System.nanoTime());
                    }
                }
            }.start();
            return null;
        });
        long end = done.get(30, TimeUnit.SECONDS);
        System.out.printf(
                "DiagramBenchmark: baseline, an idle AnimationTimer: %.1f pulses per second (load average now: %s)%n",
                frames[0] / ((end - started[0]) / 1e9), loadAverage());
    }

    private void latency(String condition) throws Exception {
        Setup s = show(JournalFixtures.journal());
        // The journal's clock is fake here; the event's real entry time is taken just before append.
        long[] lat = new long[LATENCY_EVENTS];
        int[] late = {0};
        AtomicInteger pulses = new AtomicInteger();
        AtomicInteger target = new AtomicInteger(
                Integer.MAX_VALUE);
        AtomicReference<CompletableFuture<long[]>> drawn = new AtomicReference<>(
                new CompletableFuture<>());
        // Counted at the start of each pulse, after the bridge's own listener drained; checked after its layout.
        Runnable count = pulses::incrementAndGet;
        Runnable watch = () -> {
            if (s.skin().lastDrawnRow() >= target.get())
                drawn.get().complete(new long[]{System.nanoTime(), pulses.get()});
        };
        fx(() -> {
            stage.getScene().addPreLayoutPulseListener(count);
            stage.getScene().addPostLayoutPulseListener(watch);
            return null;
        });
        Random gaps = new Random(23);
        for (int i = -WARMUP_EVENTS; i < LATENCY_EVENTS; i++) {
            Thread.sleep(gaps.nextInt(500));
            CompletableFuture<long[]> next = new CompletableFuture<>();
            drawn.set(next);
            target.set(s.journal().size()); // the row the new event becomes
            int pulsesBefore = pulses.get();
            long t0 = System.nanoTime();
            s.journal().append("client", JournalFixtures.ok("send", 3, 4, "len", "4", "flags", "0"));
            long[] at = next.get(5, TimeUnit.SECONDS);
            if (i >= 0) {
                lat[i] = at[0] - t0;
                // The first pulse whose drain came after the event draws it (the count rises just after each drain).
                if (at[1] > pulsesBefore + 1) late[0]++;
            }
        }
        fx(() -> {
            stage.getScene().removePreLayoutPulseListener(count);
            stage.getScene().removePostLayoutPulseListener(watch);
            return null;
        });
        Arrays.sort(lat);
        System.out.printf(
                "DiagramBenchmark: call event -> pulse that draws it (instant animation, through JournalBridge), %d events at random gaps of 0-500 ms, %s: median %.2f ms, p99 %.2f ms, max %.2f ms; drawn later than the pulse after the event: %d (one 60 Hz frame = 16.67 ms; load average now: %s)%n",
                LATENCY_EVENTS, condition, lat[LATENCY_EVENTS / 2] / 1e6, lat[(int) (LATENCY_EVENTS * 0.99)] / 1e6,
                lat[LATENCY_EVENTS - 1] / 1e6, late[0], loadAverage());
        close(s);
    }

    private void scrollingAndMemory() throws Exception {
        System.gc();
        long heapBefore = usedHeap();
        Journal journal = JournalFixtures.journal();
        List<Event> lifecycle = JournalFixtures.tcpLifecycle();
        while (journal.size() < JOURNAL_EVENTS) {
            for (Event e : lifecycle) {
                if (journal.size() >= JOURNAL_EVENTS) break;
                Payload p = e.payload() instanceof Payload.Note ? new Payload.Note(Map.of("en", "note")) : e.payload();
                journal.append(e.endpoint(), p);
            }
        }
        Setup s = show(journal);
        WaitForAsyncUtils.waitForFxEvents();
        if (fx(() -> s.feature().model().rowCount()) != JOURNAL_EVENTS)
            throw new AssertionError("the bridge did not deliver every event");

        // Scroll from the top, a few rows per frame, for a few seconds; count the frames the pulse delivers.
        long[] drawNs = new long[100_000];
        int[] frames = {0};
        long[] started = {0};
        CompletableFuture<Long> done = new CompletableFuture<>();
        fx(() -> {
            s.skin().scrollBar().setValue(0);
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (started[0] == 0) started[0] = System.nanoTime();
                    else drawNs[Math.min(frames[0]++, drawNs.length - 1)] = s.skin().lastDrawNs();
                    var bar = s.skin().scrollBar();
                    bar.setValue(bar.getValue() + 37 >= bar.getMax() ? 0 : bar.getValue() + 37);
                    if (System.nanoTime() - started[0] >= SCROLL_NS) {
                        stop();
                        done.complete(System.nanoTime());
                    }
                }
            }.start();
            return null;
        });
        long end = done.get(30, TimeUnit.SECONDS);
        int n = Math.min(frames[0], drawNs.length);
        long[] draws = Arrays.copyOf(drawNs, n);
        Arrays.sort(draws);
        double fps = frames[0] / ((end - started[0]) / 1e9);
        System.out.printf(
                "DiagramBenchmark: scrolling a %d-event journal (990x960 window, software renderer): %.1f fps over %.1f s; canvas redraw per frame median %.2f ms, p99 %.2f ms%n",
                JOURNAL_EVENTS, fps, (end - started[0]) / 1e9, draws[n / 2] / 1e6, draws[(int) (n * 0.99)] / 1e6);

        System.gc();
        long heapAfter = usedHeap();
        System.out.printf(
                "DiagramBenchmark: heap after %d events shown in the diagram: %.1f MB used, %.1f MB more than before the journal (%.0f bytes per event)%n",
                JOURNAL_EVENTS, heapAfter / 1e6, (heapAfter - heapBefore) / 1e6,
                (heapAfter - heapBefore) / (double) JOURNAL_EVENTS);
        close(s);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
