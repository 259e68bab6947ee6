package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.socketlab.ui.UiTestSupport.fx;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.ui.diagram.DiagramFeature;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The views a switch replaces are let go (docs/performance.md, "switching pages"): after Reset all, a journal opened
 * and Back to the live lab, each replaced {@link MainWindow} becomes unreachable, and each replaced diagram shown in
 * presenter mode and in its own window, so their nodes, view-models and events do not pile up switch after switch.
 */
@ExtendWith(ApplicationExtension.class)
class ReplacedWindowFxTest {
    private static final int SWITCHES = 3;
    @TempDir
    Path dir;
    private TestWindow window;

    @Start
    void start(Stage primary) {
        // The test opens its own window on a lab of its own.
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    @Test
    void aReplacedWindowIsLetGo() throws Exception {
        window = TestWindow.open(1280, 800, dir.resolve("window.properties"));
        Shell shell = window.shell();
        Path file = dir.resolve("session.jsonl");
        List<Event> events = new ArrayList<>();
        events.add(new Event(1, 1, "lab", new Payload.Capture("unavailable", "tcpdump not installed")));
        for (int i = 2; i <= 500; i++)
            events.add(new Event(i, i * 10L, "client", new Payload.Queue(3, i % 5, 0, null)));
        JournalJsonl.write(events, file);

        // Presenting, with the diagram in its own window: each switch builds both again on the new session's diagram.
        fx(() -> {
            shell.presenter().enter();
            shell.presenter().popOutDiagram();
            return null;
        });
        List<WeakReference<MainWindow>> replaced = new ArrayList<>();
        List<WeakReference<DiagramFeature>> replacedDiagrams = new ArrayList<>();
        List<String> heap = new ArrayList<>();
        heap.add(usedAfterGc());
        for (int i = 0; i < SWITCHES; i++) {
            replaced.add(new WeakReference<>(fx(shell::view)));
            replacedDiagrams.add(new WeakReference<>(fx(shell::diagram)));
            resetAll(shell);
            replaced.add(new WeakReference<>(fx(shell::view)));
            replacedDiagrams.add(new WeakReference<>(fx(shell::diagram)));
            fx(() -> {
                shell.files().open(file);
                return null;
            });
            await("replaying", () -> fx(() -> shell.replayed() != null));
            replaced.add(new WeakReference<>(fx(shell::view)));
            replacedDiagrams.add(new WeakReference<>(fx(shell::diagram)));
            fx(() -> {
                ((Button) shell.view().lookup("#replay-back-to-live")).fire();
                return null;
            });
            await("live again", () -> fx(() -> shell.replayed() == null));
            heap.add(usedAfterGc());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((replaced.stream().anyMatch(w -> w.get() != null)
                || replacedDiagrams.stream().anyMatch(w -> w.get() != null)) && System.nanoTime() < deadline) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        long kept = replaced.stream().filter(w -> w.get() != null).count();
        long keptDiagrams = replacedDiagrams.stream().filter(w -> w.get() != null).count();
        heap.add(usedAfterGc());
        assertEquals(0, kept, kept + " of " + replaced.size() + " replaced windows are still reachable; heap used (MB)"
                + " at the start, after each round of Reset all, Open journal, Back to the live lab, and at the end: "
                + heap);
        assertEquals(0, keptDiagrams, keptDiagrams + " of " + replacedDiagrams.size()
                + " replaced diagrams (shown in presenter mode and their own window) are still reachable");
        System.out.println("Heap used (MB) at the start, after each round of three switches, and at the end: " + heap);
    }

    /** Reset all, and the new session's window in place. */
    private static void resetAll(Shell shell) {
        MainWindow before = fx(shell::view);
        fx(() -> {
            shell.viewModel().resetAll();
            return null;
        });
        await("the new session's window", () -> fx(shell::view) != before);
    }

    private static String usedAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return String.valueOf((r.totalMemory() - r.freeMemory()) / (1024 * 1024));
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("never: " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
