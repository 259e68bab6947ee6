package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.file.JournalFile;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.table.SocketTracker;
import org.socketlab.ui.shell.ReplayPage;
import org.socketlab.ui.shell.Shell;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 23: "a 1 GiB journal opens in ≤ 10 s and replays from the file with bounded memory". Writes a journal of real
 * events (four lessons run on real loopback sockets and recorded as the window records, repeated with renumbered seqs
 * up to {@code -Dbench.journalBytes}, 1 GiB by default), then opens it as File → Open journal and {@code socketlab
 * replay} do ({@link SavedJournal#open}: every line checked) and reads pages back. Prints the file's size and events,
 * the time to open it, the heap in use after a GC, the peak RSS while opening and the time of a page from the middle
 * and of the newest 10,000 events (what the window shows); then, for comparison, the whole parse into memory that
 * opening did before, on the file's first tenth. Run with the launcher's options (docs/performance.md).
 */
@ExtendWith(ApplicationExtension.class)
class JournalOpenBenchmark {
    private static final long BYTES = Long.getLong("bench.journalBytes", 1L << 30);
    private static final List<String> LESSONS = List.of("tcp-basics", "udp-basics", "tcp-stream-coalescing",
            "half-close");

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterAll
    static void removeJournal() throws IOException {
        if (written != null && !Boolean.getBoolean("bench.keepJournal")) Files.deleteIfExists(written.file());
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(60, TimeUnit.SECONDS);
    }

    private static void await(Callable<Boolean> done) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, done);
    }

    /**
     * The window itself on the big file (File → Open journal, headless): how long until it shows the newest page, and
     * its heap and RSS then and after paging back three times.
     */
    @Test
    void theWindowReplaysABigJournalAPageAtATime() throws Exception {
        Big big = bigJournal(Files.createDirectories(Path.of("target", "bench")));
        Shell shell = fx(() -> {
            Shell s = new Shell(null, "Linux", Lang.EN);
            s.show(stage);
            stage.setWidth(1280);
            stage.setHeight(720);
            s.diagram().playback().instantProperty().set(true);
            return s;
        });
        System.gc();
        resetPeakRss();
        long start = System.nanoTime();
        fx(() -> {
            shell.files().open(big.file());
            return null;
        });
        await(() -> fx(() -> shell.replayed() != null && shell.diagram().model().lastEventNumber() == big.events()));
        double shownS = (System.nanoTime() - start) / 1e9;
        System.gc();
        System.out.printf(
                "JournalOpenBenchmark: the window (headless, 1280x720) opens the %,d-byte journal and shows its"
                        + " newest page in %.2f s; heap in use after a GC %.1f MB, RSS %.1f MB, peak RSS %.1f MB; load average"
                        + " %s%n",
                Files.size(big.file()), shownS, usedHeap() / 1e6, statusKb("VmRSS") / 1024.0,
                statusKb("VmHWM") / 1024.0, loadAverage());
        for (int i = 1; i <= Integer.getInteger("bench.pages", 3); i++) {
            long first = fx(() -> shell.diagram().model().firstEventNumber());
            start = System.nanoTime();
            fx(() -> {
                shell.showEarlierEvents();
                return null;
            });
            await(() -> fx(() -> shell.diagram().model().lastEventNumber()) == first - 1);
            double pageMs = (System.nanoTime() - start) / 1e6;
            System.gc();
            System.out.printf("  Show earlier events %d: shown in %.0f ms; heap in use after a GC %.1f MB, RSS %.1f MB,"
                    + " peak RSS %.1f MB%n", i, pageMs, usedHeap() / 1e6, statusKb("VmRSS") / 1024.0,
                    statusKb("VmHWM") / 1024.0);
        }
        fx(() -> {
            shell.detach();
            return null;
        });
    }

    @Test
    void aBigJournalOpensAndPagesInBoundedMemory() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Big written = bigJournal(dir);
        Path big = written.file();
        long seq = written.events();
        long size = Files.size(big);
        System.out.printf(
                "JournalOpenBenchmark: %s lessons' %,d real events repeated: %,d bytes (%.2f GiB), %,d events;"
                        + " max heap %d MB; load average %s%n",
                LESSONS, written.recorded(), size, size / (double) (1L << 30), seq,
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());

        System.gc();
        resetPeakRss();
        long start = System.nanoTime();
        SavedJournal saved = SavedJournal.open(big);
        double openS = (System.nanoTime() - start) / 1e9;
        long peak = statusKb("VmHWM");
        System.gc();
        long heap = usedHeap();
        assertEquals(seq, saved.count());
        System.out.printf("  open (every line checked): %.2f s (%.0f MB/s); heap in use after a GC %.1f MB;"
                + " peak RSS while opening %,d KB (%.1f MB)%n", openS, size / 1e6 / openS, heap / 1e6, peak,
                peak / 1024.0);

        long middle = saved.first() + saved.count() / 2;
        start = System.nanoTime();
        List<Event> page = saved.page(middle, 500);
        double middleMs = (System.nanoTime() - start) / 1e6;
        assertEquals(middle, page.getFirst().seq());
        assertEquals(middle + 499, page.getLast().seq());
        start = System.nanoTime();
        List<Event> newest = saved.newest(10_000);
        double newestMs = (System.nanoTime() - start) / 1e6;
        assertEquals(saved.last(), newest.getLast().seq());
        start = System.nanoTime();
        SocketTracker sockets = ReplayPage.newest(saved, 10_000).before().sockets();
        double socketsMs = (System.nanoTime() - start) / 1e6;
        assertTrue(sockets.copy() != null);
        start = System.nanoTime();
        List<Event> end = saved.page(saved.last() - 499, 500);
        double endMs = (System.nanoTime() - start) / 1e6;
        assertEquals(saved.last(), end.getLast().seq());
        System.out.printf("  a page of 500 events from the middle: %.1f ms; 500 from the end: %.1f ms;"
                + " the newest 10,000 (what the window shows): %.1f ms, and the sockets the %,d events before them"
                + " left: %.1f ms; peak RSS in all %,d KB (%.1f MB); load average %s%n", middleMs, endMs, newestMs,
                ReplayPage.SOCKETS_LOOKBACK, socketsMs, statusKb("VmHWM"), statusKb("VmHWM") / 1024.0, loadAverage());

        // Before: the whole file parsed into events held in memory (JournalJsonl.read), measured on its first tenth.
        Path tenth = dir.resolve("journal-open-tenth.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(tenth, StandardCharsets.UTF_8);
                BufferedReader in = Files.newBufferedReader(big, StandardCharsets.UTF_8)) {
            long copied = 0;
            for (String line; copied < size / 10 && (line = in.readLine()) != null; copied += line.length() + 1) {
                out.write(line);
                out.write('\n');
            }
        }
        System.gc();
        long heapBefore = usedHeap();
        start = System.nanoTime();
        List<Event> held = JournalJsonl.read(tenth);
        double wholeS = (System.nanoTime() - start) / 1e9;
        System.gc();
        long heldBytes = usedHeap() - heapBefore;
        System.out.printf("  before (JournalJsonl.read, every event held), on the first tenth (%,d events, %,d bytes):"
                + " %.2f s (%.0f MB/s), heap held %.1f MB; so about %.0f s and %.1f GB for the whole file%n",
                held.size(), Files.size(tenth), wholeS, Files.size(tenth) / 1e6 / wholeS, heldBytes / 1e6,
                wholeS * size / Files.size(tenth), heldBytes / 1e9 * size / Files.size(tenth));
        Files.delete(tenth);
    }

    /** The big journal: its file, how many real events were recorded, how many events it holds. */
    private record Big(Path file, int recorded, long events) {
    }

    private static Big written;

    /** The big journal of real events, written once per JVM (each measurement reads it). */
    private static synchronized Big bigJournal(Path dir) throws Exception {
        if (written != null && Files.exists(written.file())) return written;
        Path recorded = dir.resolve("journal-open-lessons.jsonl");
        try (Lab lab = Lab.onThisMachine(); JournalFile recording = JournalFile.record(lab.journal(), recorded)) {
            for (String lesson : LESSONS)
                assertTrue(new LessonRunner().run(LessonLoader.load(lesson), lab).passed(), lesson);
        }
        // Each recorded line after its seq; the big file repeats them, numbered on.
        List<String> rests = new ArrayList<>();
        for (String line : Files.readAllLines(recorded)) {
            int comma = line.indexOf(',', line.indexOf("\"seq\":"));
            rests.add(line.substring(comma));
        }
        Path big = dir.resolve("journal-open-big.jsonl");
        long seq = 0;
        try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            long bytes = 0;
            while (bytes < BYTES) {
                for (String rest : rests) {
                    String line = (seq == 0 ? "{\"format\":1,\"seq\":" : "{\"seq\":") + ++seq + rest + "\n";
                    out.write(line);
                    bytes += line.length();
                }
            }
        }
        written = new Big(big, rests.size(), seq);
        return written;
    }

    /** Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so the peak is the open's own. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            System.out.println("  (could not reset the peak RSS: " + e.getMessage() + "; it includes the writing)");
        }
    }

    private static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
        throw new AssertionError(field + " not in /proc/self/status");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
