package org.socketlab.story.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;

/**
 * The socket table holds states, read from a saved journal's names: each known name is its state, and a name this
 * SocketLab does not know (the journal's format takes any) is shown as written, as before.
 */
class SocketTrackerStateNamesTest {
    private static List<Event> journal(String to) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("domain", "AF_INET");
        args.put("type", "SOCK_STREAM");
        args.put("protocol", "0");
        List<Event> written = List.of(
                new Event(1, 1_000_000, "client", new Payload.Call("socket", null, args, 3, null, null, null, 0, null,
                        500_000, null, List.of(40711L))),
                new Event(2, 2_000_000, "client", new Payload.State(3, "CLOSED", to, "tcp_info", null, 40711L)));
        return written.stream().map(JournalJsonl::line).map(JournalJsonl::parseLine).toList();
    }

    @Test
    void eachTcpStateNameIsItsStateInTheTable() {
        for (TcpState s : TcpState.values()) {
            if (s == TcpState.CLOSED) continue; // a socket that never left CLOSED: the table keeps it CLOSED
            SocketTracker tracker = new SocketTracker();
            tracker.accept(journal(s.journalName()));
            SocketRow row = tracker.rows(0).getFirst();
            assertEquals(s, row.state());
            assertEquals(s.journalName(), row.stateText(Messages.of(Lang.EN)));
        }
    }

    @Test
    void aStateNameNoStateHasIsShownAsTheJournalWroteIt() {
        SocketTracker tracker = new SocketTracker();
        List<SocketTracker.Transition> moves = new ArrayList<>();
        for (Event e : journal("NEW_SYN_RECV")) tracker.accept(e).ifPresent(moves::add);
        SocketRow row = tracker.rows(0).getFirst();
        assertEquals(SocketState.read("NEW_SYN_RECV"), row.state());
        for (Lang l : Lang.values()) assertEquals("NEW_SYN_RECV", row.stateText(Messages.of(l)));
        assertEquals(List.of(SocketState.read("NEW_SYN_RECV")), moves.stream().map(SocketTracker.Transition::to)
                .toList());
    }
}
