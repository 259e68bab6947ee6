package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.kernel.TcpState;
import org.socketlab.story.table.SocketRow;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.journal.JournalViewModel;
import org.socketlab.ui.sockets.SocketsViewModel;

/**
 * A replayed journal file shown a window's worth at a time: the pages go back to the file's first event and forward to
 * its newest, each read from the file as a whole read would give it, and the views fed a page say how many earlier
 * events are only in the file.
 */
class ReplayPageTest {
    @TempDir
    Path dir;

    private static final int EVENTS = 2_500, PAGE = 1_000;

    private List<Event> session() {
        List<Event> events = new ArrayList<>();
        events.add(new Event(1, 1, "lab", new Payload.Capture("unavailable", "tcpdump not installed")));
        for (int i = 2; i <= EVENTS; i++)
            events.add(new Event(i, i * 10L, i % 2 == 0 ? "client" : "server",
                    i % 3 == 0
                            ? new Payload.Note(Map.of("es", "nota " + i, "en", "note " + i))
                            : new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0)));
        return events;
    }

    @Test
    void pagesGoBackToTheFirstEventAndForwardToTheNewest() throws IOException {
        List<Event> all = session();
        Path file = dir.resolve("long.jsonl");
        JournalJsonl.write(all, file);
        SavedJournal saved = SavedJournal.open(file);

        ReplayPage newest = ReplayPage.newest(saved, PAGE);
        assertEquals(1_501, newest.from());
        assertEquals(2_500, newest.to());
        assertTrue(newest.hasEarlier());
        assertFalse(newest.hasNewer());
        List<Event> read = newest.read();
        assertEquals(all.getFirst(), read.getFirst(), "the capture status before the page comes with it");
        assertEquals(all.subList(1_500, 2_500), read.subList(1, read.size()));

        ReplayPage middle = newest.earlier();
        assertEquals(501, middle.from());
        assertEquals(1_500, middle.to());
        assertEquals(500, middle.olderInFile());
        ReplayPage first = middle.earlier();
        assertEquals(1, first.from());
        assertEquals(500, first.to());
        assertEquals(all.subList(0, 500), first.read(), "the first page starts at the file's first event");
        assertFalse(first.hasEarlier());
        assertSame(first, first.earlier(), "nothing before the first page");
        assertTrue(first.hasNewer());
        assertEquals(newest, first.newest());
    }

    @Test
    void theViewsOfAPageSayHowManyEarlierEventsAreOnlyInTheFile() throws IOException {
        List<Event> all = session();
        Path file = dir.resolve("views.jsonl");
        JournalJsonl.write(all, file);
        ReplayPage middle = ReplayPage.newest(SavedJournal.open(file), PAGE).earlier();
        List<Event> events = middle.read();
        DiagramModel diagram = new DiagramModel(PAGE * 2);
        JournalViewModel journal = new JournalViewModel(new Texts(Lang.EN), PAGE * 2);
        // As Shell.replay feeds them: the capture status read before the page is told, the page's events appended.
        List<Event> told = events.subList(0, 1), page = events.subList(1, events.size());
        assertEquals(1, told.getFirst().seq());
        diagram.olderInFile(middle.olderInFile(), told, middle.before().origins());
        journal.olderInFile(middle.olderInFile(), told, middle.before().origins());
        diagram.append(page);
        journal.onEvents(page);
        Row older = diagram.rows().getFirst();
        assertEquals(500, assertInstanceOf(Row.OlderRow.class, older).count());
        assertEquals(
                "500 older events are not listed: the list keeps the newest, the journal file has them all; File → Show earlier events shows them",
                journal.lines().getFirst().text());
        assertEquals(501, diagram.eventsThrough(Integer.MAX_VALUE).getFirst().seq());
    }

    @Test
    void theLiveSessionsEarlierEventsArePagedFromItsRecordingWhileItIsWritten() throws IOException {
        List<Event> all = session();
        Path file = dir.resolve("recording.jsonl");
        JournalJsonl.write(all, file);
        // A line half-way at the end, as a recording being written can have: only the lines written whole are read.
        Files.writeString(file, "{\"seq\":2501,\"at_ns\":", StandardOpenOption.APPEND);
        SavedJournal recording = SavedJournal.open(file, all.size());
        assertEquals(2_500, recording.last());

        // The live session started after event 1,200 (a reset); the window holds events from 2,001 on.
        ReplayPage page = ReplayPage.endingAt(recording, 1_201, 2_000, PAGE);
        assertEquals(1_201, page.floor());
        assertEquals(1_201, page.from());
        assertEquals(2_000, page.to());
        assertFalse(page.hasEarlier(), "not into the session before the reset");
        assertEquals(0, page.olderInFile());
        assertTrue(page.hasNewer());
        assertEquals(all.subList(1_200, 2_000), page.read().subList(1, 801));
        assertEquals(new ReplayPage(recording, 1_201, 1_501, 2_500, PAGE), page.newest());
        ReplayPage later = ReplayPage.endingAt(recording, 1_201, 2_400, 500);
        assertEquals(1_901, later.from());
        assertEquals(new ReplayPage(recording, 1_201, 1_401, 1_900, 500), later.earlier());
        assertEquals(200, later.earlier().olderInFile());
    }

    @Test
    void aPagesSocketTableStartsFromTheSocketsItsEarlierEventsLeft() throws IOException {
        List<Event> all = new ArrayList<>();
        all.add(new Event(1, 1, "server", new Payload.Call("socket", null,
                Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null, null, null, 0)));
        all.add(new Event(2, 2, "server",
                new Payload.Call("bind", 3, Map.of("addr", "127.0.0.1:5000"), 0, null, null, null, 0)));
        all.add(new Event(3, 3, "server",
                new Payload.Call("listen", 3, Map.of("backlog", "5"), 0, null, null, null, 0)));
        all.add(new Event(4, 4, "server", new Payload.State(3, "CLOSED", "LISTEN", "tcp_info", null, 1L)));
        for (int i = 5; i <= EVENTS; i++)
            all.add(new Event(i, i, "client", new Payload.Note(Map.of("es", "nota", "en", "note"))));
        Path file = dir.resolve("listener.jsonl");
        JournalJsonl.write(all, file);
        ReplayPage newest = ReplayPage.newest(SavedJournal.open(file), PAGE);
        SocketsViewModel sockets = new SocketsViewModel(new Texts(Lang.EN));
        sockets.startAfter(newest.before().sockets());
        sockets.replay(newest.read());
        SocketRow listener = sockets.rows().stream().filter(r -> r.fd() == 3).findFirst()
                .orElseThrow(() -> new AssertionError("the listener from event 1 is in the page's table"));
        assertEquals(TcpState.LISTEN, listener.state());
        assertEquals("127.0.0.1:5000", listener.local());
        assertTrue(new SocketsViewModel(new Texts(Lang.EN)).rows().isEmpty());
    }

    @Test
    void aConnectionWhoseHandshakeIsBeforeThePageKeepsItsNumbersOnIt() throws IOException {
        List<Event> all = new ArrayList<>();
        all.add(new Event(1, 1, "client", new Payload.Segment("client", "server", "tcp", List.of("SYN"), 7_000L, null,
                0, "captured", 64, "127.0.0.1:40000", "127.0.0.1:5000", null)));
        for (int i = 2; i <= EVENTS; i++)
            all.add(new Event(i, i, "client", new Payload.Segment("client", "server", "tcp", List.of("PSH", "ACK"),
                    7_001L + 10L * (i - 2), null, 10, "captured", 64, "127.0.0.1:40000", "127.0.0.1:5000", null)));
        Path file = dir.resolve("numbers.jsonl");
        JournalJsonl.write(all, file);
        ReplayPage newest = ReplayPage.newest(SavedJournal.open(file), PAGE);
        DiagramModel diagram = new DiagramModel(PAGE * 2);
        diagram.olderInFile(newest.olderInFile(), List.of(), newest.before().origins());
        diagram.append(newest.read());
        Row.SegmentArrow first = diagram.rows().stream().filter(Row.SegmentArrow.class::isInstance)
                .map(Row.SegmentArrow.class::cast).findFirst().orElseThrow();
        // Event 1,501 is the 1,500th data segment: 14,990 bytes after the SYN's sequence number + 1.
        assertEquals(newest.from(), first.event().seq());
        assertEquals(1L + 10L * (newest.from() - 2), first.relSeq(), "numbered from its SYN, 1,500 events before");
    }
}
