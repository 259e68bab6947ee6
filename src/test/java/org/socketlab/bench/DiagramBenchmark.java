package org.socketlab.bench;

import atlantafx.base.theme.PrimerLight;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Event;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Payload;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.JournalFixtures;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.socketlab.ui.shell.JournalBridge;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The diagram's figures on the headless toolkit with the software renderer. Not part of the test run; run it with
 * {@code mvn -B test -Dtest=DiagramBenchmark} and read the printed figures.
 * <ol>
 * <li>Animation instant: from a {@code call} event entering the journal to the pulse that draws it, through the real
 *     {@link JournalBridge} (target: within one 60 Hz frame, 16.7 ms).</li>
 * <li>Frames per second while scrolling a 10,000-event journal (target at least 50).</li>
 * <li>Heap used by those 10,000 events (journal, diagram rows, the bridge's copies).</li>
 * </ol>
 */
@ExtendWith(ApplicationExtension.class)
class DiagramBenchmark {
    private static final int WARMUP_EVENTS = 100;
    private static final int LATENCY_EVENTS = 400;
    private static final int JOURNAL_EVENTS = 10_000;
    private static final long SCROLL_NS = 4_000_000_000L;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
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
        latency();
        scrollingAndMemory();
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

    private void latency() throws Exception {
        Setup s = show(JournalFixtures.journal());
        // The journal's clock is fake here; the event's real entry time is taken just before append.
        long[] lat = new long[LATENCY_EVENTS];
        for (int i = -WARMUP_EVENTS; i < LATENCY_EVENTS; i++) {
            CompletableFuture<Long> drawn = new CompletableFuture<>();
            int row = s.journal().size(); // the row the new event becomes
            Runnable watch = () -> {
                if (s.skin().lastDrawnRow() >= row) drawn.complete(System.nanoTime());
            };
            fx(() -> {
                stage.getScene().addPostLayoutPulseListener(watch);
                return null;
            });
            long t0 = System.nanoTime();
            s.journal().append("client", JournalFixtures.ok("send", 3, 4, "len", "4", "flags", "0"));
            long t1 = drawn.get(5, TimeUnit.SECONDS);
            fx(() -> {
                stage.getScene().removePostLayoutPulseListener(watch);
                return null;
            });
            if (i >= 0) lat[i] = t1 - t0;
        }
        Arrays.sort(lat);
        System.out.printf(
                "DiagramBenchmark: call event -> pulse that draws it (instant animation, through JournalBridge), %d events: median %.2f ms, p99 %.2f ms, max %.2f ms (one 60 Hz frame = 16.67 ms)%n",
                LATENCY_EVENTS, lat[LATENCY_EVENTS / 2] / 1e6, lat[(int) (LATENCY_EVENTS * 0.99)] / 1e6,
                lat[LATENCY_EVENTS - 1] / 1e6);
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
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
