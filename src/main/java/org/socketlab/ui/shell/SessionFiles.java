package org.socketlab.ui.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.scene.image.WritableImage;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.PcapExport;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.journal.file.JournalFile;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.ui.common.EventWindow;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.DiagramModel;

/**
 * File → Save journal, Open journal and Export, for the window. The live journal is written as it grows to a file of
 * its own in the temporary folder ({@link JournalFile}: every byte of every payload, one {@code write} per event), so
 * Save journal copies the session as recorded, not the bounded copy in memory. Files are read and written on threads
 * of their own through the window's {@link FxInbox}; what they give back, result or failure, waits there until the
 * bridge's next frame drains it, so the FX thread never waits on a disk and no result is lost.
 */
public final class SessionFiles implements AutoCloseable, ReplayNavigation.Pages {
    /** What File → Export writes. */
    public enum Export {
        SVG, PNG, MARKDOWN, PCAP
    }

    private final ShellViewModel vm;
    /** What the window shows: the live session or a file's page. */
    private final ReplayNavigation onScreen;
    /** The session's diagram on screen (its event counter numbers the exports). */
    private final Supplier<DiagramFeature> diagram;
    private final Journal live;
    /**
     * The live journal as it grows; null for the moment it takes to make (the events are in memory then) and when it
     * could not be made (Save then writes what memory holds).
     */
    private volatile JournalFile recording;
    /** Makes {@link #recording}; {@link #close()} waits for it. */
    private final Thread recorder;
    /** The window's inbox: the files' work off the FX thread, and its results back on it. */
    private final FxInbox work;

    SessionFiles(ShellViewModel vm, Journal live, ReplayNavigation shown, Supplier<DiagramFeature> diagram) {
        this.vm = vm;
        this.live = live;
        this.onScreen = shown;
        this.diagram = diagram;
        this.work = vm.inbox();
        // Off the FX thread: a file on disk, its random name (the JDK's first SecureRandom) and its first line (Jackson's
        // first use) cost the window's first frame about 12 ms. The recording writes the events the journal holds first.
        recorder = Thread.ofPlatform().name("socketlab-recording").daemon().start(this::record);
    }

    private void record() {
        try {
            Path path = Files.createTempFile("socketlab-session-", ".jsonl");
            path.toFile().deleteOnExit();
            recording = JournalFile.record(live, path);
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger(SessionFiles.class.getName()).log(System.Logger.Level.WARNING,
                    "the session is not recorded to a file; Save journal writes what memory holds", e);
        }
    }

    /** The events the window shows now: the replayed file's, or the live session's (as held in memory). */
    public List<Event> shownEvents() {
        List<Event> page = onScreen.replayedPage();
        return page != null ? page : live.after(onScreen.liveAfter());
    }

    /** A title for exports: the replayed file's name, else none (the generic heading). */
    private String title() {
        SavedJournal replayed = onScreen.replayed();
        return replayed != null ? replayed.name() : null;
    }

    // ---- the commands (FX thread); each ends with a notice, delivered on a later frame ----

    /**
     * Writes the session shown to {@code target} as JSON Lines: the live session as recorded (every byte), or the
     * replayed file's events.
     */
    public void save(Path target) {
        ReplayPage replayed = onScreen.replayedRange();
        long after = onScreen.liveAfter();
        background("save", () -> {
            try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                if (replayed != null) copySaved(replayed, out);
                else copyRecorded(after, out);
            }
            return new LocalizedException("ui.file.saved", target.toString());
        }, target);
    }

    /** The replayed file's events (from the session's first), written as they are read, never held. */
    private static void copySaved(ReplayPage replayed, Writer out) throws IOException {
        boolean[] first = {true};
        try {
            replayed.file().forEach(replayed.floor(), null, e -> {
                if (e.seq() < replayed.floor()) return; // the capture status before: not this session's, and a gap
                try {
                    out.write(first[0] ? JournalJsonl.firstLine(e) : JournalJsonl.line(e));
                    out.write('\n');
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed);
                }
                first[0] = false;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The live session's lines from the recording (re-read, so each event is whole), else from memory. */
    private void copyRecorded(long after, Writer out) throws IOException {
        JournalFile recording = this.recording;
        if (recording == null || recording.failure().isPresent()) {
            JournalJsonl.write(live.after(after), out);
            return;
        }
        boolean first = true;
        long whole = recording.eventsWritten(); // lines written in full by now; a later one may be half-way
        try (BufferedReader in = Files.newBufferedReader(recording.path(), StandardCharsets.UTF_8)) {
            String line;
            for (long n = 0; n < whole && (line = in.readLine()) != null; n++) {
                Event e = JournalJsonl.parseLine(line);
                if (e.seq() <= after) continue;
                // The session's first line says the file's format (the recording said it on its own first line).
                out.write(first ? JournalJsonl.firstLine(e) : line);
                out.write('\n');
                first = false;
            }
        }
    }

    /**
     * Checks {@code file} whole (streamed, no event held) and reads its newest page; then the window replays it. A broken
     * or newer file gets its message with the line number, and nothing else changes.
     */
    public void open(Path file) {
        work.start("open", () -> {
            ReplayPage newest = ReplayPage.newest(SavedJournal.open(file), EventWindow.DEFAULT_MAX_EVENTS);
            return PageRead.of(newest);
        }, read -> {
            notice(null);
            onScreen.replay(read.page(), read.events(), read.before());
        }, e -> notice(e instanceof LocalizedException said
                ? said
                : new LocalizedException("journal.open.unreadable", file.toString(), String.valueOf(e.getMessage()))));
    }

    /** Whether the live session is recorded to a file whole (its earlier events can be read back). */
    @Override
    public boolean recorded() {
        JournalFile recording = this.recording;
        return recording != null && recording.failure().isEmpty();
    }

    /**
     * Reads the live session's events before event {@code before} from the recording (a page, on a thread of its own);
     * the window then shows them read-only, as a replayed file, until Back to the live lab.
     */
    @Override
    public void readRecordedPage(long sessionAfter, long before) {
        if (!recorded()) return;
        long whole = recording.eventsWritten(); // lines written in full by now; a later one may be half-way
        Path path = recording.path();
        work.start("page", () -> {
            ReplayPage page = ReplayPage.endingAt(SavedJournal.open(path, whole), sessionAfter + 1, before - 1,
                    EventWindow.DEFAULT_MAX_EVENTS);
            return PageRead.of(page);
        }, read -> onScreen.replay(read.page(), read.events(), read.before()),
                e -> notice(e instanceof LocalizedException said
                        ? said
                        : new LocalizedException("journal.open.unreadable", path.toString(),
                                String.valueOf(e.getMessage()))));
    }

    /** File → Show earlier events: the page before the one shown of a replayed file. FX thread. */
    public void showEarlierEvents() {
        onScreen.showEarlierEvents();
    }

    /** File → Show newest events: a replayed file's newest page again. FX thread. */
    public void showNewestEvents() {
        onScreen.showNewestEvents();
    }

    public ReadOnlyBooleanProperty earlierInFileProperty() {
        return vm.earlierInFileProperty();
    }

    public ReadOnlyBooleanProperty newerInFileProperty() {
        return vm.newerInFileProperty();
    }

    /** A page of a journal file and its events, as a worker read them. */
    private record PageRead(ReplayPage page, List<Event> events, ReplayPage.Before before) {
        static PageRead of(ReplayPage page) {
            return new PageRead(page, page.read(), page.before());
        }
    }

    /**
     * Reads {@code page} from its file on a thread of its own; the window then shows it. A file changed or gone since it
     * was opened says so, and the page shown stays.
     */
    @Override
    public void readPage(ReplayPage page) {
        work.start("page", () -> PageRead.of(page), read -> onScreen.replay(read.page(), read.events(), read.before()),
                e -> notice(e instanceof LocalizedException said
                        ? said
                        : new LocalizedException("journal.open.unreadable", page.file().file().toString(),
                                String.valueOf(e.getMessage()))));
    }

    /** Shows a word of File (FX thread). */
    void notice(LocalizedException said) {
        vm.fileNoticeProperty().set(said);
    }

    /** Whether the session shown holds any captured packet to write as pcap; says why not when it does not. */
    public boolean hasPackets() {
        String why = PcapExport.contents(shownEvents()).emptyReasonKey();
        if (why != null) vm.fileNoticeProperty().set(new LocalizedException(why));
        return why == null;
    }

    /**
     * Writes the session shown as {@code kind}: the PNG is the diagram at the window's zoom and theme, drawn here (FX
     * thread) and encoded and written on a thread of its own; the rest are written from the events on that thread.
     */
    public void export(Export kind, Path target) {
        export(kind, target, null, null);
    }

    /**
     * The steps of the session File → Export covers (journal seqs, both included; first &gt; last when it has none):
     * the whole session shown, not only the events the window holds. Replaying, the file's from the session's start;
     * live, every event since the session's start, as recorded.
     */
    public record Span(long first, long last) {
        public boolean isEmpty() {
            return first > last;
        }
    }

    /** See {@link Span}. FX thread. */
    public Span span() {
        ReplayPage replayed = onScreen.replayedRange();
        if (replayed != null) return new Span(replayed.floor(), replayed.file().last());
        if (recorded()) return new Span(onScreen.liveAfter() + 1, live.size());
        List<Event> held = shownEvents();
        return held.isEmpty() ? new Span(1, 0) : new Span(held.getFirst().seq(), held.getLast().seq());
    }

    /**
     * Writes steps {@code from} to {@code to} of the session shown (journal seqs, both included; null: from its first,
     * to its last; see {@link #span()}) as {@code kind}, chosen as {@code socketlab export --from --to} chooses them
     * ({@link SavedJournal#between(List, Long, Long)}). Steps the window no longer holds are read back from the file off
     * the FX thread, at most {@link SavedJournal#MAX_EXPORT_EVENTS}. A range that holds nothing, or too much, says so and
     * writes nothing.
     */
    public void export(Export kind, Path target, Long from, Long to) {
        List<Event> shown = shownEvents();
        Span span = span();
        long[] range;
        try {
            if (span.isEmpty()) throw new LocalizedException("journal.range.nothing");
            range = SavedJournal.range(span.first(), span.last(), from, to);
        } catch (LocalizedException e) {
            vm.fileNoticeProperty().set(e);
            return;
        }
        long a = range[0], b = range[1];
        // The live session from its very first event: none of an earlier session's sockets is drawn (SocketIdentities).
        boolean fromSessionStart = onScreen.replayedRange() == null && a == onScreen.liveAfter() + 1;
        if (!shown.isEmpty() && a >= firstHeld() && b <= shown.getLast().seq()) {
            try {
                write(kind, target, SavedJournal.between(shown, a, b), fromSessionStart);
            } catch (LocalizedException e) {
                vm.fileNoticeProperty().set(e);
            }
            return;
        }
        ReplayPage replayed = onScreen.replayedRange();
        Path recordingPath = recorded() ? recording.path() : null;
        long whole = recorded() ? recording.eventsWritten() : 0;
        work.start("export", () -> {
            if (replayed != null) return fromFile(replayed.file(), a, b);
            // Live: the recording up to what it has written in full, then what memory holds after it.
            List<Event> events = new ArrayList<>();
            if (a <= whole) events.addAll(fromFile(SavedJournal.open(recordingPath, whole), a, Math.min(b, whole)));
            for (Event e : live.after(Math.max(whole, a - 1))) if (e.seq() <= b) events.add(e);
            return events;
        }, events -> write(kind, target, events, fromSessionStart), e -> notice(e instanceof LocalizedException said
                ? said
                : new LocalizedException("ui.file.failed", target.toString(), String.valueOf(e.getMessage()))));
    }

    /** The first step the window holds of what it shows (a replayed page's first, or the live window's oldest). */
    private long firstHeld() {
        ReplayPage replayed = onScreen.replayedRange();
        if (replayed != null) return replayed.from();
        return Math.max(onScreen.liveAfter() + 1, live.firstHeldSeq());
    }

    /** Steps {@code a} to {@code b} read back from {@code file}, after the capture status before them; off the FX thread. */
    private static List<Event> fromFile(SavedJournal file, long a, long b) {
        long count = file.count(a, b);
        if (count > SavedJournal.MAX_EXPORT_EVENTS)
            throw new LocalizedException("ui.export.tooMany", count, SavedJournal.MAX_EXPORT_EVENTS, String.valueOf(a),
                    String.valueOf(b));
        return file.between(a, b);
    }

    /** Writes {@code events} as {@code kind}: off the FX thread, the PNG's picture drawn first on it. FX thread. */
    private void write(Export kind, Path target, List<Event> events, boolean fromSessionStart) {
        var lang = vm.langProperty().get();
        SocketIdentities sockets = fromSessionStart ? SocketIdentities.sessionStart() : SocketIdentities.fromAnywhere();
        String theme = vm.themeProperty().get().id();
        String title = title();
        switch (kind) {
            case SVG -> background("export", () -> {
                Files.writeString(target, SvgDiagram.render(events, lang, title, theme, sockets),
                        StandardCharsets.UTF_8);
                return new LocalizedException("ui.file.exported", target.toString());
            }, target);
            case MARKDOWN -> background("export", () -> {
                Files.writeString(target, MarkdownTranscript.render(events, lang, title, sockets),
                        StandardCharsets.UTF_8);
                return new LocalizedException("ui.file.exported", target.toString());
            }, target);
            case PCAP -> background("export", () -> {
                PcapExport.Contents contents;
                try (OutputStream out = Files.newOutputStream(target)) {
                    contents = PcapExport.write(events, out, lang);
                }
                return contents.emptyReasonKey() != null
                        ? new LocalizedException(contents.emptyReasonKey())
                        : new LocalizedException(contents.twoHosts()
                                ? "ui.file.exportedPacketsTwoHosts"
                                : "ui.file.exportedPackets", target.toString(),
                                String.valueOf(contents.packets().size()));
            }, target);
            case PNG -> {
                WritableImage picture = picture(events, fromSessionStart);
                background("export", () -> {
                    Files.write(target, DiagramSnapshot.png(picture));
                    return new LocalizedException("ui.file.exported", target.toString());
                }, target);
            }
        }
    }

    /**
     * The diagram of {@code events} at the window's zoom and theme, as wide as the command line draws it at that zoom (so
     * {@code socketlab export --png --zoom --theme} gives the very same picture); of the live session from its first
     * event when {@code fromSessionStart}, which then draws no earlier session's socket ({@link SocketIdentities}). FX thread.
     */
    WritableImage picture(List<Event> events, boolean fromSessionStart) {
        int zoom = vm.zoomProperty().get();
        DiagramModel model = new DiagramModel();
        if (fromSessionStart && !events.isEmpty()) model.startsSessionAfter(events.getFirst().seq() - 1);
        model.append(events);
        return DiagramSnapshot.take(model, vm.langProperty().get(), vm.themeProperty().get(), zoom,
                DiagramSnapshot.widthAt(zoom));
    }

    /** The window's zoom in percent, which a PNG export draws at. */
    int zoom() {
        return vm.zoomProperty().get();
    }

    /** The step (journal seq) the playback shows last now: the convenient end of a range. FX thread. */
    long currentStep() {
        return diagram.get().eventNumbers().atEvent(); // the journal event the counter's moment tells: a file's range
    }

    /** Writes a file off the FX thread; its notice (done, or why it failed) is shown at the bridge's next frame. */
    private void background(String what, FxInbox.Work<LocalizedException> job, Path target) {
        work.start(what, job, this::notice, e -> notice(
                new LocalizedException("ui.file.failed", target.toString(), String.valueOf(e.getMessage()))));
    }

    /** Stops recording and removes the recording file. */
    @Override
    public void close() {
        try {
            recorder.join(); // a moment at most: making one file; close() is never called on the FX thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JournalFile recording = this.recording;
        if (recording == null) return;
        recording.close();
        try {
            Files.deleteIfExists(recording.path());
        } catch (IOException e) {
            // deleteOnExit tries again
        }
    }
}
