package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.kernel.TcpState;
import org.socketlab.story.table.SocketRow;
import org.socketlab.story.table.SocketTracker;

/**
 * Sockets are identified by their inode, not their fd number (issue 41, item 6): two endpoints that each have an fd 3
 * are two sockets everywhere, and a socket of a finished session (the old listener seen CLOSED, an old connection
 * leaving TIME_WAIT) is never drawn as, or attributed to, the new socket that took its fd number. Journals written by
 * hand in the JSON Lines format, as the lab writes them.
 */
class SocketInodeStoryTest {
    /** Writes events as the lab's JSON Lines and reads them back: what a saved journal is. */
    private static final class Lines {
        final List<String> lines = new ArrayList<>();
        long seq, at;

        Lines call(String endpoint, String call, Integer fd, long result, Long inode, List<Long> made,
                String... args) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
            at += 1_000_000;
            return add(endpoint, new Payload.Call(call, fd, a, result, null, null, null, 0, null, at - 500_000, inode,
                    made));
        }

        Lines socket(String endpoint, int fd, long inode) {
            return call(endpoint, "socket", null, fd, null, List.of(inode), "domain", "AF_INET", "type",
                    "SOCK_STREAM", "protocol", "0");
        }

        Lines state(String endpoint, int fd, String from, String to, Long inode) {
            at += 1_000_000;
            return add(endpoint, new Payload.State(fd, from, to, "tcp_info", null, inode));
        }

        Lines queue(String endpoint, int fd, long recvQ, long sendQ, Long inode) {
            at += 1_000_000;
            return add(endpoint, new Payload.Queue(fd, recvQ, sendQ, inode));
        }

        Lines capture() {
            at += 1_000_000;
            return add("lab", new Payload.Capture(Payload.Capture.UNAVAILABLE, "not installed"));
        }

        private Lines add(String endpoint, Payload payload) {
            lines.add(JournalJsonl.line(new Event(++seq, at, endpoint, payload)));
            return this;
        }

        List<Event> events() {
            return lines.stream().map(JournalJsonl::parseLine).toList();
        }

        long last() {
            return seq;
        }
    }

    private static List<Beat.State> states(Story story) {
        return story.beats().stream().filter(b -> b instanceof Beat.State).map(b -> (Beat.State) b).toList();
    }

    private static List<Long> stateInodes(Story story) {
        return states(story).stream().map(s -> s.state().inode()).toList();
    }

    /** Two programs (the processes of the next issue) each have an fd 3: a server and two clients. */
    private static Lines threeFdThrees() {
        Lines j = new Lines().capture();
        j.socket("server", 3, 100).call("server", "bind", 3, 0, 100L, List.of(), "addr", "127.0.0.1:5000")
                .call("server", "listen", 3, 0, 100L, List.of(), "backlog", "5")
                .state("server", 3, "CLOSED", "LISTEN", 100L);
        j.socket("client", 3, 200).call("client", "connect", 3, 0, 200L, List.of(), "addr", "127.0.0.1:5000")
                .state("client", 3, "CLOSED", "ESTABLISHED", 200L).queue("server", 3, 1, 5, 100L);
        j.socket("client-2", 3, 300).call("client-2", "connect", 3, 0, 300L, List.of(), "addr", "127.0.0.1:5000")
                .state("client-2", 3, "CLOSED", "ESTABLISHED", 300L).queue("server", 3, 2, 5, 100L);
        j.call("client", "close", 3, 0, 200L, List.of()).state("client", 3, "ESTABLISHED", "FIN_WAIT_1", 200L)
                .queue("client", 3, 0, 1, 200L);
        return j;
    }

    @Test
    void twoEndpointsThatEachHaveAnFd3AreTwoSocketsInTheStoryTheTableAndTheExports() {
        List<Event> events = threeFdThrees().events();

        Story story = Story.of(events);
        assertEquals(List.of(100L, 200L, 300L, 200L), stateInodes(story), "every socket's own states, none lost");
        assertEquals(List.of("server", "client", "client-2", "client"),
                states(story).stream().map(Beat::endpoint).toList(), "each on its own endpoint's lifeline");
        // The listener's queue stays its accept queue although a client's fd 3 closed meanwhile.
        List<Beat.Queue> queues = story.beats().stream().filter(b -> b instanceof Beat.Queue)
                .map(b -> (Beat.Queue) b).toList();
        assertEquals(List.of(true, true, false), queues.stream().map(Beat.Queue::listener).toList());

        SocketTracker table = new SocketTracker();
        table.accept(events);
        List<SocketRow> rows = table.rows(0);
        assertEquals(3, rows.size(), () -> "one row each: " + rows);
        assertEquals(List.of("server", "client", "client-2"), rows.stream().map(SocketRow::endpoint).toList());
        assertTrue(rows.stream().allMatch(r -> r.fd() == 3));
        assertEquals(List.of(TcpState.LISTEN, TcpState.FIN_WAIT_1, TcpState.ESTABLISHED),
                rows.stream().map(SocketRow::state).toList());
        assertEquals(List.of(true, false, true), rows.stream().map(SocketRow::open).toList());

        String md = MarkdownTranscript.render(events, Lang.EN, "fd 3");
        // Each line names its endpoint: three "fd 3" that are three sockets.
        assertTrue(md.contains("**Client** `socket(AF_INET, SOCK_STREAM, 0) = 3`"), md);
        assertTrue(md.contains("**Client 2** `socket(AF_INET, SOCK_STREAM, 0) = 3`"), md);
        assertTrue(md.contains("**Client 2** fd 3 ESTABLISHED"), md);
        // Read after its close() returned: the descriptor is gone, the connection is not.
        assertTrue(md.contains("**Client** former fd 3 FIN_WAIT_1"), md);
        assertEquals(4, count(md, "fd 3 "), md);
        String svg = SvgDiagram.render(events, Lang.EN, "fd 3");
        assertEquals(3, count(svg, ">fd 3 "), svg);
        assertEquals(1, count(svg, ">former fd 3 "), svg);
    }

    /**
     * The queues read after a descriptor's close() returned are a former fd's too, as its states are: at every size of
     * the window a "former fd 3 FIN_WAIT_2" mark sat under "fd 3: Recv-Q 0, Send-Q 1" of the same closed socket
     * (packaged app, 2026-11-27), beside a server whose fd 3 was open.
     */
    @Test
    void aQueueReadAfterItsDescriptorsCloseReturnedNamesAFormerDescriptor() {
        List<Event> events = threeFdThrees().events();
        List<Beat.Queue> queues = Story.of(events).beats().stream().filter(b -> b instanceof Beat.Queue)
                .map(b -> (Beat.Queue) b).toList();
        assertEquals(List.of(false, false, true), queues.stream().map(Beat.Queue::formerFd).toList());
        assertEquals("former fd 3: Recv-Q 0, Send-Q 1", StoryText.queue(queues.getLast(), Messages.of(Lang.EN)));
        assertEquals("antiguo fd 3: Recv-Q 0, Send-Q 1", StoryText.queue(queues.getLast(), Messages.of(Lang.ES)));
        assertEquals("fd 3: accept queue 2, backlog 5", StoryText.queue(queues.get(1), Messages.of(Lang.EN)));
        assertTrue(SvgDiagram.render(events, Lang.EN, "q").contains("former fd 3: Recv-Q 0, Send-Q 1"));
        assertTrue(MarkdownTranscript.render(events, Lang.EN, "q").contains("former fd 3: Recv-Q 0, Send-Q 1"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    /**
     * The walkthrough's two cases (issue 41): after Reset the old listener's LISTEN -> CLOSED comes before the new
     * session's socket() = 19, and the old client's fd 20 leaves TIME_WAIT between the new fd 20's setsockopt and its
     * connect.
     */
    private static Lines resetThenNumbersReused() {
        Lines j = new Lines().capture();
        j.socket("server", 19, 500).call("server", "listen", 19, 0, 500L, List.of(), "backlog", "5")
                .state("server", 19, "CLOSED", "LISTEN", 500L);
        j.socket("client", 20, 600).call("client", "connect", 20, 0, 600L, List.of(), "addr", "127.0.0.1:5000")
                .state("client", 20, "CLOSED", "ESTABLISHED", 600L);
        j.call("client", "close", 20, 0, 600L, List.of()).state("client", 20, "ESTABLISHED", "TIME_WAIT", 600L);
        j.call("server", "close", 19, 0, 500L, List.of()); // Reset all: its CLOSED is seen a moment later
        return j;
    }

    private static Lines newSession(Lines j) {
        j.capture(); // the new session's first event
        j.state("server", 19, "LISTEN", "CLOSED", 500L); // the old listener, seen by the sampler
        j.socket("server", 19, 700).call("server", "listen", 19, 0, 700L, List.of(), "backlog", "5")
                .state("server", 19, "CLOSED", "LISTEN", 700L);
        j.socket("client", 20, 800).call("client", "setsockopt", 20, 0, 800L, List.of(), "level", "SOL_SOCKET",
                "option", "SO_REUSEADDR", "value", "1");
        j.state("client", 20, "TIME_WAIT", "CLOSED", 600L); // the old connection leaves TIME_WAIT, 60 s on
        j.call("client", "connect", 20, 0, 800L, List.of(), "addr", "127.0.0.1:5000")
                .state("client", 20, "CLOSED", "ESTABLISHED", 800L).queue("client", 20, 0, 0, 800L);
        return j;
    }

    /**
     * Issue 57 (window review finding 8): order-after-loss ended with two identical "former fd 3 CLOSED" marks on the
     * client. They were two sockets, as in the lab's journal of that lesson: the UDP socket that took fd 3 closed, and a
     * minute after its close the TCP connection that had fd 3 left TIME_WAIT. One mark each, and they read apart: the
     * second says its TIME_WAIT is over, in the diagram, the SVG and the transcript alike.
     */
    @Test
    void aTimeWaitsEndIsToldAsSuchBesideAnotherSocketClosedOnItsNumber() {
        Lines j = new Lines().capture();
        j.socket("client", 3, 100).call("client", "connect", 3, 0, 100L, List.of(), "addr", "127.0.0.1:5000")
                .state("client", 3, "CLOSED", "ESTABLISHED", 100L);
        j.call("client", "close", 3, 0, 100L, List.of()).state("client", 3, "ESTABLISHED", "TIME_WAIT", 100L);
        j.call("client", "socket", null, 3, null, List.of(200L), "domain", "AF_INET", "type", "SOCK_DGRAM",
                "protocol", "0").state("client", 3, "UNBOUND", "BOUND", 200L);
        j.call("client", "close", 3, 0, 200L, List.of()).state("client", 3, "BOUND", "CLOSED", 200L);
        j.state("client", 3, "TIME_WAIT", "CLOSED", 100L);
        List<Event> events = j.events();
        Messages en = Messages.of(Lang.EN);
        List<Beat.State> closed = states(Story.of(events)).stream()
                .filter(b -> b.state().to().equals("CLOSED")).toList();
        assertEquals(List.of(200L, 100L), closed.stream().map(b -> b.state().inode()).toList(), "one mark each");
        List<String> labels = closed.stream().map(b -> StoryText.state(b, en)).toList();
        assertEquals(List.of("former fd 3 CLOSED", "former fd 3 CLOSED (its TIME_WAIT is over)"), labels);
        assertEquals("antiguo fd 3 CLOSED (acabó su TIME_WAIT)",
                StoryText.state(closed.getLast(), Messages.of(Lang.ES)));
        assertTrue(SvgDiagram.render(events, Lang.EN, "s").contains("former fd 3 CLOSED (its TIME_WAIT is over)"));
        assertTrue(
                MarkdownTranscript.render(events, Lang.EN, "s").contains("former fd 3 CLOSED (its TIME_WAIT is over)"));
    }

    @Test
    void aNewSessionDrawsNoneOfThePreviousSessionsSocketsOnTheFdNumbersItReused() {
        Lines j = resetThenNumbersReused();
        long cut = j.last();
        List<Event> all = newSession(j).events();
        List<Event> session = all.stream().filter(e -> e.seq() > cut).toList();

        // The new session's story: only its own sockets' states, none of the old ones on their reused numbers.
        Story story = Story.of(session);
        assertEquals(List.of(700L, 800L), stateInodes(story), () -> "states: " + states(story));
        assertFalse(MarkdownTranscript.render(session, Lang.EN, "s").contains("fd 19 CLOSED"));
        assertFalse(MarkdownTranscript.render(session, Lang.EN, "s").contains("fd 20 CLOSED"));
        assertFalse(SvgDiagram.render(session, Lang.EN, "s").contains(">fd 20 CLOSED"));

        // Its socket table: the new fd 20 was never CLOSED by the old socket's event, nor its queues another's.
        SocketTracker table = new SocketTracker();
        List<SocketTracker.Transition> moves = new ArrayList<>();
        for (Event e : session) table.accept(e).ifPresent(moves::add);
        assertEquals(List.of(TcpState.LISTEN, TcpState.ESTABLISHED),
                moves.stream().map(SocketTracker.Transition::to).toList(),
                "the state machine animates only the session's sockets");
        List<SocketRow> rows = table.rows(0);
        assertEquals(List.of(TcpState.LISTEN, TcpState.ESTABLISHED), rows.stream().map(SocketRow::state).toList(),
                rows::toString);

        // The whole journal tells the old socket's end as its own, beside the new socket on the same number.
        Story whole = Story.of(all);
        assertEquals(List.of(500L, 600L, 600L, 500L, 700L, 600L, 800L), stateInodes(whole));
        SocketTracker wholeTable = new SocketTracker();
        wholeTable.accept(all);
        assertEquals(List.of(TcpState.LISTEN, TcpState.ESTABLISHED),
                wholeTable.rows(0).stream().map(SocketRow::state).toList(),
                "the old sockets went away when the kernel let them go");
    }

    @Test
    void aSessionSeenFromItsStartDrawsNoOldSocketEvenOnANumberItDidNotReuse() {
        Lines j = resetThenNumbersReused();
        long cut = j.last();
        j.capture();
        j.socket("client", 21, 900).call("client", "connect", 21, 0, 900L, List.of(), "addr", "127.0.0.1:5000");
        j.state("client", 20, "TIME_WAIT", "CLOSED", 600L); // fd 20 is nobody's in this session
        j.state("client", 21, "CLOSED", "ESTABLISHED", 900L);
        List<Event> session = j.events().stream().filter(e -> e.seq() > cut).toList();

        Story seenFromItsStart = Story.of(session, new Twins(), new SequenceOrigins(), SocketIdentities.sessionStart());
        assertEquals(List.of(900L), stateInodes(seenFromItsStart));
        // So do the exports of the session from its start (the window knows where its session starts).
        assertFalse(
                MarkdownTranscript.render(session, Lang.EN, "s", SocketIdentities.sessionStart())
                        .contains("fd 20 CLOSED"));
        assertFalse(
                SvgDiagram.render(session, Lang.EN, "s", "light", SocketIdentities.sessionStart())
                        .contains(">fd 20 CLOSED"));
        assertTrue(MarkdownTranscript.render(session, Lang.EN, "s", SocketIdentities.sessionStart())
                .contains("fd 21 ESTABLISHED"));
        // Events that may start anywhere (a range of steps, a page of a file) still tell it: it may be theirs.
        assertTrue(MarkdownTranscript.render(session, Lang.EN, "s").contains("fd 20 CLOSED"));
        assertEquals(List.of(600L, 900L), stateInodes(Story.of(session)));
        // The events let go from a long session's view are known to it: their sockets are the session's.
        SocketIdentities known = SocketIdentities.sessionStart();
        known.appendAll(j.events().stream().filter(e -> e.seq() <= cut).toList());
        assertEquals(List.of(600L, 900L),
                stateInodes(Story.of(session, new Twins(), new SequenceOrigins(), known)));
    }

    @Test
    void journalsWhoseCallsNameNoInodeAreToldAsBefore() {
        // The same session written before calls carried inodes: the fd is all there is, as it always was.
        Lines j = resetThenNumbersReused();
        long cut = j.last();
        List<Event> session = newSession(j).events().stream().filter(e -> e.seq() > cut).map(e -> {
            if (!(e.payload() instanceof Payload.Call c)) return e;
            return new Event(e.seq(), e.atNs(), e.endpoint(), new Payload.Call(c.call(), c.fd(), c.args(), c.result(),
                    c.errno(), c.errnoName(), c.data(), c.blockedNs(), c.elided(), c.enteredNs()));
        }).toList();
        assertEquals(List.of(500L, 700L, 600L, 800L), stateInodes(Story.of(session)));
        assertEquals(List.of(500L, 700L, 600L, 800L),
                stateInodes(Story.of(session, new Twins(), new SequenceOrigins(), SocketIdentities.sessionStart())));
    }
}
