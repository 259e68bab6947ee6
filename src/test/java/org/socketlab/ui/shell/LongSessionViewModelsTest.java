package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.story.table.SocketRow;
import org.socketlab.ui.code.CodeViewModel;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.journal.JournalViewModel;
import org.socketlab.ui.playback.PlaybackModel;
import org.socketlab.ui.sockets.SocketsViewModel;
import org.socketlab.ui.statemachine.StateMachineViewModel;

/**
 * A session far longer than the window keeps: 200,000 events (a listener, then 20,000 connections, each accepted,
 * echoed and closed), fed as the bridge feeds them, in batches, to the diagram, the journal list, the socket table,
 * the state machine and the code panel wired as the window wires them. Every view stays bounded, says that older
 * events are not shown, and still shows the listener opened 200,000 events ago.
 */
class LongSessionViewModelsTest {
    private static final int EVENTS = 200_000;
    private static final int WINDOW = 2_000;
    private static final int LISTENER = 3, CLIENT = 4, CONN = 5;
    private static final String SERVER = "127.0.0.1:5000";

    /** The journal of the session, made as the lab journals it (calls with their args, kernel states with inodes). */
    private static final class Session {
        final List<Event> events = new ArrayList<>();
        long inode = 100;

        void add(String endpoint, Payload p) {
            events.add(new Event(events.size() + 1, events.size() * 1_000L + 1, endpoint, p));
        }

        void call(String endpoint, String call, Integer fd, Map<String, String> args, long result, byte[] data) {
            add(endpoint, new Payload.Call(call, fd, args, result, null, null, data, 0));
        }

        void state(String endpoint, int fd, String from, String to, long ino) {
            add(endpoint, new Payload.State(fd, from, to, "tcp_info", null, ino));
        }

        static Map<String, String> args(String... kv) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
            return m;
        }

        Session listener() {
            call("server", "socket", null, args("domain", "AF_INET", "type", "SOCK_STREAM"), LISTENER, null);
            call("server", "bind", LISTENER, args("addr", SERVER), 0, null);
            call("server", "listen", LISTENER, args("backlog", "5"), 0, null);
            state("server", LISTENER, "CLOSED", "LISTEN", 1);
            return this;
        }

        /** One connection: 10 events, both sides closed and gone by its end. */
        void connection(int n) {
            long c = ++inode, s = ++inode;
            String clientAddr = "127.0.0.1:" + (40_000 + n % 20_000);
            byte[] ping = ("ping " + n).getBytes(StandardCharsets.US_ASCII);
            call("client", "socket", null, args("domain", "AF_INET", "type", "SOCK_STREAM"), CLIENT, null);
            call("client", "connect", CLIENT, args("addr", SERVER), 0, null);
            state("client", CLIENT, "CLOSED", "ESTABLISHED", c);
            call("server", "accept", LISTENER, args("peer", clientAddr), CONN, null);
            call("client", "send", CLIENT, args("len", String.valueOf(ping.length)), ping.length, ping);
            call("server", "recv", CONN, args("len", "100"), ping.length, ping);
            call("client", "close", CLIENT, args(), 0, null);
            state("client", CLIENT, "ESTABLISHED", "CLOSED", c);
            call("server", "close", CONN, args(), 0, null);
            state("server", CONN, "ESTABLISHED", "CLOSED", s);
        }
    }

    private static List<Event> session() {
        Session s = new Session().listener();
        for (int n = 1; s.events.size() < EVENTS; n++) s.connection(n);
        return s.events.subList(0, EVENTS);
    }

    @Test
    void twoHundredThousandEventsKeepEveryViewBoundedAndTheOldListenerShown() {
        List<Event> journal = session();
        Texts texts = new Texts(Lang.EN);
        DiagramModel diagram = new DiagramModel(WINDOW);
        PlaybackModel playback = new PlaybackModel(() -> 0L);
        playback.instantProperty().set(true);
        playback.setLive(true);
        SocketsViewModel sockets = new SocketsViewModel(texts, () -> 0L);
        StateMachineViewModel states = new StateMachineViewModel(texts);
        CodeViewModel code = new CodeViewModel(texts);
        JournalViewModel list = new JournalViewModel(texts, WINDOW);
        PlaybackFollower follower = new PlaybackFollower(diagram, playback,
                List.of(sockets::replay, states::replay, code::replay),
                List.of(sockets::older, states::older, code::older));

        int batch = 2_999; // the bridge's batches are whatever arrived in a frame (here more than the window holds)
        for (int from = 0; from < journal.size(); from += batch) {
            List<Event> b = journal.subList(from, Math.min(journal.size(), from + batch));
            list.onEvents(b);
            diagram.append(b);
            playback.rowsRemoved(diagram.rowsDroppedByLastChange());
            playback.setTotal(diagram.rowCount());
            code.onEvents(b);
            follower.onEvents(b);
            assertTrue(diagram.rowCount() <= 2 * WINDOW + 1, () -> "diagram rows stay bounded: " + diagram.rowCount());
            assertTrue(list.lines().size() <= 2 * WINDOW + 1,
                    () -> "journal lines stay bounded: " + list.lines().size());
        }

        long older = diagram.olderEvents();
        assertTrue(older >= EVENTS - WINDOW && older < EVENTS, "older events let go: " + older);
        Row first = diagram.row(0);
        assertInstanceOf(Row.OlderRow.class, first, "the diagram starts by saying older events are not drawn");
        assertEquals(older, ((Row.OlderRow) first).count());
        assertEquals(older + 1, first.event().seq(), "the rows go on from the oldest event kept");
        assertEquals(EVENTS, diagram.row(diagram.rowCount() - 1).event().seq(), "the newest event is the last row");
        assertTrue(diagram.bars().stream().allMatch(b -> b.openBeat() > 0 && b.openBeat() < diagram.rowCount()),
                "bars on kept rows");
        assertTrue(list.lines().getFirst().text().startsWith(older + " older events are not listed"),
                list.lines().getFirst().text());

        // The socket table and the state machine at the live end: the listener from event 1 is still there, LISTEN.
        List<SocketRow> rows = sockets.rows();
        SocketRow listener = rows.stream().filter(r -> r.fd() == LISTENER && r.endpoint().equals("server")).findFirst()
                .orElseThrow(() -> new AssertionError("the listener made 200,000 events ago is in the table: " + rows));
        assertEquals(TcpState.LISTEN, listener.state());
        assertEquals(SERVER, listener.local());
        assertTrue(rows.size() <= 3, () -> "only the listener and the connection in progress: " + rows);
        assertTrue(states.picture().tcpAt("LISTEN").stream().anyMatch(b -> b.fd() == LISTENER),
                "the state machine shows it too");
        assertTrue(code.currentProperty().get() != null && code.currentProperty().get().seq() > older,
                () -> "the code panel shows a kept call: " + code.currentProperty().get() + " older " + older);
    }

    @Test
    void aPausedCursorStaysOnItsMomentWhileOlderRowsGo() {
        List<Event> journal = session().subList(0, 3 * WINDOW);
        DiagramModel diagram = new DiagramModel(WINDOW);
        PlaybackModel playback = new PlaybackModel(() -> 0L);
        List<Event> firstPart = journal.subList(0, WINDOW - 10);
        diagram.append(firstPart);
        playback.setTotal(diagram.rowCount());
        playback.seek(diagram.rowCount() - 5); // paused here, looking at one moment
        long seen = diagram.row(playback.visibleRows() - 1).event().seq();
        for (int from = firstPart.size(); from < journal.size(); from += 100) {
            diagram.append(journal.subList(from, Math.min(journal.size(), from + 100)));
            playback.rowsRemoved(diagram.rowsDroppedByLastChange());
            playback.setTotal(diagram.rowCount());
            int visible = playback.visibleRows();
            if (visible == 0) break; // the moment itself was let go: the cursor is at the top
            assertEquals(seen, diagram.row(visible - 1).event().seq(), "the cursor still shows the same moment");
        }
        assertTrue(diagram.olderEvents() > 0, "older events were let go meanwhile");
    }
}
