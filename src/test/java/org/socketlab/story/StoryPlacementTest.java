package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;

/**
 * Over every lesson's real run with the wire captured: every state change sits, in the story, in a step where its
 * cause is: a call on that very socket, or a captured segment of that socket's own connection (its peer, and its own
 * address when known). Never under a segment of another connection of the same endpoint (issue 20 §1).
 */
class StoryPlacementTest {
    static final List<String> IDS = LessonCatalog.HOST_IDS; // the loss lessons run only in the lab network (LossLessonsTest)

    /** What this test reads of a socket's connection from the journal: connect's or accept's peer, the first SYN's source. */
    private static final class Conn {
        String peer, local;
        /** Made for a state seen before its accept() returned (a blocked accept: the kernel is quicker). */
        boolean beforeItsAccept;
    }

    @ParameterizedTest
    @FieldSource("IDS")
    void everyStateChangeSitsUnderACauseOnItsOwnConnectionOrUnderItsOwnCall(String id) {
        List<Event> journal = RecordedRuns.captured(id);
        Map<Long, Conn> ofState = connections(journal);
        Story story = Story.of(journal);
        // The story's beats, cut into the lesson's steps at each narration.
        List<List<Beat>> steps = new ArrayList<>();
        steps.add(new ArrayList<>());
        for (Beat b : story.beats()) {
            if (b instanceof Beat.Note && !b.endpoint().equals(Lab.ITSELF)) steps.add(new ArrayList<>());
            steps.getLast().add(b);
        }
        List<String> misplaced = new ArrayList<>();
        for (int step = 0; step < steps.size(); step++) {
            for (Beat b : steps.get(step)) {
                if (!(b instanceof Beat.State st)) continue;
                Conn conn = ofState.get(b.event().seq());
                boolean caused = steps.get(step).stream()
                        .anyMatch(c -> ownCall(c, st) || ownSegment(c, st, conn) || ownDeath(c, st));
                if (!caused)
                    misplaced.add("step " + step + ": #" + b.event().seq() + " " + b.endpoint() + " fd "
                            + st.state().fd() + " " + st.state().from() + " -> " + st.state().to() + " (peer "
                            + (conn == null ? "?" : conn.peer) + ")");
            }
        }
        assertEquals(List.of(), misplaced, id + ":\n" + StoryTest.describe(story));
    }

    private static boolean ownCall(Beat b, Beat.State st) {
        return b instanceof Beat.Call c && c.endpoint().equals(st.endpoint())
                && (c.call().fd() != null && c.call().fd() == st.state().fd()
                        || c.call().madeFds().contains(st.state().fd()));
    }

    /** Its process's death (the kill SocketLab sent, or its end) closes every socket it had. */
    private static boolean ownDeath(Beat b, Beat.State st) {
        return b instanceof Beat.Process p && p.endpoint().equals(st.endpoint()) && st.state().to().equals("CLOSED")
                && !Payload.Process.STARTED.equals(p.process().event());
    }

    private static boolean ownSegment(Beat b, Beat.State st, Conn conn) {
        if (!(b instanceof Beat.Segment seg) || !seg.segment().captured() || conn == null || conn.peer == null)
            return false;
        Payload.Segment s = seg.segment();
        String me = st.endpoint();
        if (s.from().equals(me))
            return conn.peer.equals(s.dst()) && (conn.local == null || conn.local.equals(s.src()));
        if (s.to().equals(me))
            return conn.peer.equals(s.src()) && (conn.local == null || conn.local.equals(s.dst()));
        return false;
    }

    /** For each state event (by seq), its socket's connection as the journal tells it. */
    private static Map<Long, Conn> connections(List<Event> journal) {
        Map<String, Conn> byFd = new HashMap<>();
        Map<Long, Conn> byInode = new HashMap<>();
        Map<Long, Conn> ofState = new HashMap<>();
        for (int i = 0; i < journal.size(); i++) {
            Event e = journal.get(i);
            switch (e.payload()) {
                case Payload.Call c -> {
                    // A closed fd is no longer that socket: a reading of the next socket to get its number may come
                    // before the accept() that returns it (sigpipe's second connection, seen under load).
                    if (c.call().equals("close") && c.fd() != null && !c.failed())
                        byFd.remove(e.endpoint() + "/" + c.fd());
                    for (int fd : c.madeFds()) {
                        Conn early = byFd.get(e.endpoint() + "/" + fd);
                        if (early != null && early.beforeItsAccept) early.beforeItsAccept = false;
                        else byFd.put(e.endpoint() + "/" + fd, new Conn());
                    }
                    if (c.call().equals("accept") && !c.failed())
                        byFd.get(e.endpoint() + "/" + c.result()).peer = c.wireAddress(CallArg.PEER);
                    if (c.call().equals("getpeername") && c.fd() != null && !c.failed()) // addrlen's truncated accept
                        byFd.computeIfAbsent(e.endpoint() + "/" + c.fd(), k -> new Conn()).peer = c
                                .wireAddress(CallArg.ADDR);
                    if (c.call().equals("connect") && c.fd() != null)
                        byFd.computeIfAbsent(e.endpoint() + "/" + c.fd(), k -> new Conn()).peer = c
                                .wireAddress(CallArg.ADDR);
                }
                case Payload.Segment s when s.captured() && s.flags().equals(List.of("SYN")) -> {
                    for (Map.Entry<String, Conn> c : byFd.entrySet())
                        if (c.getKey().startsWith(s.from() + "/") && s.dst().equals(c.getValue().peer)
                                && c.getValue().local == null)
                            c.getValue().local = s.src();
                }
                case Payload.State s -> {
                    Conn conn = s.inode() == null ? null : byInode.get(s.inode());
                    if (conn == null) conn = byFd.get(e.endpoint() + "/" + s.fd());
                    if (conn == null && acceptedLater(journal, i, e.endpoint(), s.fd())) {
                        conn = new Conn(); // its accept() returns later in the journal and names the peer then
                        conn.beforeItsAccept = true;
                        byFd.put(e.endpoint() + "/" + s.fd(), conn);
                    }
                    if (conn != null && s.inode() != null) byInode.putIfAbsent(s.inode(), conn);
                    if (conn != null) ofState.put(e.seq(), conn);
                }
                default -> {
                }
            }
        }
        return ofState;
    }

    /** Whether an accept() of {@code endpoint} after {@code index} returns {@code fd}. */
    private static boolean acceptedLater(List<Event> journal, int index, String endpoint, int fd) {
        for (Event later : journal.subList(index + 1, journal.size()))
            if (later.endpoint().equals(endpoint) && later.payload() instanceof Payload.Call c
                    && c.call().equals("accept") && !c.failed() && c.result() == fd)
                return true;
        return false;
    }
}
