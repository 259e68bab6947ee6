package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.socketlab.ui.diagram.JournalFixtures.ok;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;

/**
 * Issue 78: after Reset all the new session opened with the last lesson's late FIN/ACK ("seq 0 ack 1603499630", told
 * by the wire after the cut though it crossed before it) and a tcp_info row of an fd 4 the new session did not have.
 * The new session's bridge leaves both to the session before; the journal keeps them where they came.
 */
class SessionStartTest {
    private static Payload.TcpInfo reading(int fd, long inode) {
        return new Payload.TcpInfo(fd, inode, 122_500, 1_000, 300_000, 10, null, 1448, 1, 1, 65_160L,
                Payload.TcpInfo.FROM_TCP_INFO, 0);
    }

    private static Payload.Call socketMade(int fd, long inode) {
        Payload.Call c = ok("socket", null, fd, "domain", "AF_INET", "type", "SOCK_STREAM", "protocol", "0");
        return c.withInodes(null, List.of(inode));
    }

    @Test
    void theOldLabsLateSegmentsAndReadingsStayInTheSessionBefore() {
        AtomicLong clock = new AtomicLong();
        Journal journal = new Journal(() -> clock.addAndGet(1_000_000));
        journal.append("server", socketMade(4, 900L)); // the old session's connection
        long finCrossed = journal.now();
        long cutAt = journal.now(); // Reset all's cut
        long cut = journal.size();
        JournalBridge bridge = new JournalBridge(journal, cut);
        bridge.startsAtCut(cutAt);
        List<Event> delivered = new ArrayList<>();
        bridge.addSink(delivered::addAll);

        // Told after the cut: the wire's late word on the old FIN/ACK, and a reading of the old fd 4 after it.
        Event lateFin = journal.append("server", new Payload.Segment("server", "client", "tcp", List.of("FIN", "ACK"),
                1L, 1603499630L, 0, Payload.Segment.CAPTURED, 502, "10.77.0.2:5000", "10.77.0.1:40112", finCrossed,
                null, null, false, null));
        Event oldReading = journal.append("server", reading(4, 900L));
        // The new session's own: its socket, and a reading of it.
        Event made = journal.append("server", socketMade(3, 901L));
        Event newReading = journal.append("server", reading(3, 901L));
        bridge.drain();

        assertEquals(List.of(made, newReading), delivered,
                "not the old FIN/ACK (#" + lateFin.seq() + ") nor the old fd 4's reading (#" + oldReading.seq() + ")");
        assertEquals(newReading.seq(), journal.size(), "the journal keeps every event, numbered where it came");
        bridge.close();
    }

    @Test
    void aSessionWithoutACutDeliversEverything() {
        Journal journal = new Journal();
        JournalBridge bridge = new JournalBridge(journal);
        List<Event> delivered = new ArrayList<>();
        bridge.addSink(delivered::addAll);
        Event reading = journal.append("server", reading(4, 900L));
        bridge.drain();
        assertEquals(List.of(reading), delivered);
        bridge.close();
    }
}
