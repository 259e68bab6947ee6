package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;

/**
 * Every sentence a lesson says about its own run (issue 41 item 1), as a predicate on a recorded journal: each journal
 * under {@code runs/} is a real run of today's lesson file (recorded in the private lab network, wire captured;
 * nagle-slow on this computer's loopback); each test reads the sentence said there, then edits a copy of the journal
 * so that the fact is not so, and the sentence is no longer said (another one, true of the copy, is, or the step's
 * check fails).
 */
class RunSentencesTest {
    /** A recorded run: {@code runs/<name>.jsonl} (the lesson's id, or the id and how that run differs). */
    private static List<Event> recorded(String name) throws IOException {
        try (Reader in = new InputStreamReader(RunSentencesTest.class.getResourceAsStream("runs/" + name + ".jsonl"),
                StandardCharsets.UTF_8)) {
            return JournalJsonl.read(in);
        }
    }

    /** What step {@code step} says of the run in these events (English), or null when it says nothing. */
    private static String said(String id, List<Event> events, int step) {
        Lesson lesson = LessonLoader.load(id);
        Text t = LessonRunner.said(lesson.toldAt(step), RunFacts.of(lesson, events), step);
        return t == null ? null : t.en();
    }

    private static RunExpr.Condition failedCheck(String id, List<Event> events, int step) {
        Lesson lesson = LessonLoader.load(id);
        return ToldOfRun.failedCheck(lesson.toldAt(step), RunFacts.of(lesson, events), step);
    }

    /** Index of step {@code n}'s narration in the events. */
    private static int noteOf(String id, List<Event> events, int n) {
        String en = LessonLoader.load(id).steps().get(n - 1).narration().en();
        for (int i = 0; i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Note note && en.equals(note.text().get("en"))) return i;
        throw new AssertionError("no narration of step " + n);
    }

    private static List<Event> mapped(List<Event> events, int from, int to, UnaryOperator<Payload> change) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            out.add(i >= from && i < to ? new Event(e.seq(), e.atNs(), e.endpoint(), change.apply(e.payload())) : e);
        }
        return out;
    }

    private static Payload.Segment withWindow(Payload.Segment s, int window) {
        return new Payload.Segment(s.from(), s.to(), s.proto(), s.flags(), s.seqNo(), s.ackNo(), s.len(), s.origin(),
                window, s.src(), s.dst(), s.wireNs(), s.packet(), s.wallNs(), s.lost());
    }

    private static Payload.Call withResult(Payload.Call c, long result) {
        return new Payload.Call(c.call(), c.fd(), c.args(), result, c.errno(), c.errnoName(), c.data(), c.blockedNs(),
                c.elided(), c.enteredNs(), c.inode(), c.madeInodes());
    }

    private static Payload.Call withBlocked(Payload.Call c, long blockedNs) {
        return new Payload.Call(c.call(), c.fd(), c.args(), c.result(), c.errno(), c.errnoName(), c.data(), blockedNs,
                c.elided(), c.enteredNs(), c.inode(), c.madeInodes());
    }

    /** The run with step {@code n}'s own call (the first call journaled after its narration) changed. */
    private static List<Event> stepCall(String id, List<Event> run, int n, UnaryOperator<Payload.Call> change) {
        int from = noteOf(id, run, n), to = noteOf(id, run, n + 1);
        boolean[] done = {false};
        return mapped(run, from, to, p -> {
            if (done[0] || !(p instanceof Payload.Call c)) return p;
            done[0] = true;
            return change.apply(c);
        });
    }

    private static boolean isSegment(Payload p) {
        return p instanceof Payload.Segment s && s.captured();
    }

    @Test
    void flowControlSaysWhatSendCopiedAgainstTheQueuesOfItsOwnRun() throws IOException {
        List<Event> run = recorded("flow-control");
        String here = said("flow-control", run, 11);
        // The queues read after the signal cut send() short: 4096 + 6145 less the FIN's 1 = 10240 copied.
        assertTrue(here.startsWith("send() copied 10240 bytes before the signal cut it short: the server's recv-q "
                + "(4096) plus the client's send-q after it (6144 bytes, and 1 more for its FIN"), here);
        // The same run had send() returned less than the queues hold (an ACK not yet back), or more.
        int reset = noteOf("flow-control", run, 11);
        for (long copied : List.of(8192L, 12288L)) {
            List<Event> edited = mapped(run, reset, run.size(), p -> p instanceof Payload.Call c
                    && c.call().equals("send") ? withResult(c, copied) : p);
            String there = said("flow-control", edited, 11);
            assertFalse(there.contains("Every byte copied was waiting"), there);
            assertTrue(there.contains(copied == 8192
                    ? "make 10240: 2048 bytes count twice"
                    : "The socket table's last readings: the server's recv-q 4096, the client's send-q 6145."), there);
        }
    }

    @Test
    void flowControlSaysAZeroWindowOnlyWhereOneWasCaptured() throws IOException {
        List<Event> run = recorded("flow-control");
        String here = said("flow-control", run, 10);
        assertTrue(here.startsWith("In this run the server advertised a window of 0 (1 segment(s) with win 0)"), here);
        assertNull(failedCheck("flow-control", run, 10));
        // The same run had the server's last ACK still offered room: no zero window.
        List<Event> edited = mapped(run, 0, run.size(), p -> p instanceof Payload.Segment s && s.captured()
                && s.from().equals("server") && s.window() != null && s.window() == 0 && !s.flags().contains("RST")
                        ? withWindow(s, 16)
                        : p);
        String there = said("flow-control", edited, 10);
        assertTrue(there.startsWith("No segment with a window of 0 was captured in this run: the window the server "
                + "last advertised was 16 bytes"), there);
        assertNotNull(failedCheck("flow-control", edited, 10), "the step did not show its point");
    }

    @Test
    void partialIoSaysNoRoomWasFreedOnlyWhereTheSendQueueGrew() throws IOException {
        List<Event> run = recorded("partial-io");
        String here = said("partial-io", run, 19);
        assertTrue(here.startsWith("send() took 1152 more bytes of the 95968 still to go"), here);
        assertTrue(here.contains("No acknowledgement freed any room: the client's send-q grew from 4032 to 5184"),
                here);
        int from = noteOf("partial-io", run, 19), to = noteOf("partial-io", run, 20);
        List<Event> edited = mapped(run, from, to, p -> p instanceof Payload.Queue q && q.sendQ() > 0
                ? new Payload.Queue(q.fd(), q.recvQ(), 1000, q.inode())
                : p);
        String there = said("partial-io", edited, 19);
        assertFalse(there.contains("No acknowledgement freed"), there);
        assertTrue(there.contains("went from 4032 to 1000 bytes: the server's acknowledgements took bytes out"),
                there);
    }

    @Test
    void partialIoSendsTheRestOfItsBufferAsASendAllLoopDoes() throws IOException {
        List<Event> run = recorded("partial-io");
        List<Payload.Call> sends = run.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Call c && c.call().equals("send") && c.fd() != null)
                .map(p -> (Payload.Call) p).filter(c -> Long.parseLong(c.args().get("len")) > 1000).toList();
        assertEquals(List.of("100000", "95968", "94816"), sends.stream().map(c -> c.args().get("len")).toList());
    }

    @Test
    void nagleSaysYLeftUnacknowledgedDataOnlyWhereXWasUnacknowledged() throws IOException {
        List<Event> run = recorded("nagle");
        String here = said("nagle", run, 19);
        assertTrue(here.startsWith("\"y\" left at once although \"x\" was not yet acknowledged (1 byte(s)"), here);
        assertNull(failedCheck("nagle", run, 21));
        // An ACK of "x" just before "y" left: then this run could not tell TCP_NODELAY from Nagle, and says so; each
        // send() still left in its own segment, so nothing TCP_NODELAY promises failed.
        int yAt = -1;
        for (int i = noteOf("nagle", run, 19); i < run.size() && yAt < 0; i++)
            if (run.get(i).payload() instanceof Payload.Segment s && s.captured() && s.from().equals("client")
                    && s.len() > 0)
                yAt = i;
        Payload.Segment y = (Payload.Segment) run.get(yAt).payload();
        List<Event> edited = new ArrayList<>(run);
        edited.add(yAt, new Event(run.get(yAt).seq(), run.get(yAt).atNs(), "server", ackOf(y, y.seqNo(), -1)));
        String there = said("nagle", edited, 19);
        assertTrue(there.startsWith("\"x\" had already been acknowledged when \"y\" left"), there);
        assertNull(failedCheck("nagle", edited, 21));
    }

    @Test
    void nagleFailsWhereYAndZLeftTogetherAsNagleWouldHaveHeldThem() throws IOException {
        List<Event> run = recorded("nagle");
        // "y" held until the ACK of "x" and "z" joining it: one segment of two bytes, and no probe after it.
        List<Event> edited = new ArrayList<>();
        int from = noteOf("nagle", run, 18), to = noteOf("nagle", run, 22), newData = 0;
        for (int i = 0; i < run.size(); i++) {
            Event e = run.get(i);
            if (i > from && i < to && e.payload() instanceof Payload.Segment s && s.captured()
                    && s.from().equals("client") && s.len() > 0 && ++newData >= 2) {
                if (newData == 2) edited.add(new Event(e.seq(), e.atNs(), e.endpoint(), withLen(s, 2)));
                continue;
            }
            edited.add(e);
        }
        RunExpr.Condition failed = failedCheck("nagle", edited, 21);
        assertNotNull(failed, "TCP_NODELAY sends each send() at once, in its own segment");
        assertTrue(failed.source().contains("segments(client, data, 18)"), failed.source());
    }

    @Test
    void nagleSaysWhenItsOwnRunWasSlowerThanTheDelayedAck() throws IOException {
        // Recorded on loopback pinned to one core beside three busy loops: each send() came after the ACK before it.
        List<Event> run = recorded("nagle-slow");
        String here = said("nagle", run, 15);
        assertTrue(here.startsWith("3 sends, 3 data segments on the wire, each alone: this time the steps took longer"),
                here);
        assertNull(failedCheck("nagle", run, 15));
        assertNull(failedCheck("nagle", run, 21));
    }

    @Test
    void nagleCountsTheSegmentsOfItsOwnBurst() throws IOException {
        List<Event> run = recorded("nagle");
        assertTrue(said("nagle", run, 15).startsWith("3 sends, 2 data segments on the wire"));
        assertNull(failedCheck("nagle", run, 15));
        // Without Nagle: "b" and "c" leave at once, each while "a" is unacknowledged; the step did not show its point.
        List<Event> noNagle = burst(run, false);
        assertNull(said("nagle", noNagle, 15));
        assertNotNull(failedCheck("nagle", noNagle, 15));
        // A slow run: each ACK back before the next send(), so each leaves alone, none while another is unacknowledged.
        List<Event> slow = burst(run, true);
        assertTrue(said("nagle", slow, 15).startsWith("3 sends, 3 data segments on the wire, each alone"),
                said("nagle", slow, 15));
        assertNull(failedCheck("nagle", slow, 15));
    }

    /**
     * The run with the wire of steps 12 to 15 written again: "a", "b" and "c" each in its own one-byte segment, after
     * its send()'s narration, each acknowledged before the next ({@code acked}), or all three before one ACK of them all.
     */
    private static List<Event> burst(List<Event> run, boolean acked) {
        int from = noteOf("nagle", run, 12), to = noteOf("nagle", run, 16);
        List<Event> out = new ArrayList<>();
        Event first = null;
        for (int i = 0; i < run.size(); i++) {
            Event e = run.get(i);
            if (i > from && i < to && e.payload() instanceof Payload.Segment s && s.captured()) {
                if (first == null && s.from().equals("client") && s.len() > 0) first = e;
                continue;
            }
            out.add(e);
        }
        Payload.Segment a = (Payload.Segment) first.payload();
        for (int k = 2; k >= 0; k--) { // the last first, so the earlier narrations stay where they are
            Payload.Segment one = new Payload.Segment(a.from(), a.to(), a.proto(), a.flags(), a.seqNo() + k, a.ackNo(),
                    1, a.origin(), a.window(), a.src(), a.dst(), a.wireNs() + k * 1_000_000L, a.packet(), a.wallNs(),
                    false);
            List<Event> wire = new ArrayList<>(List.of(new Event(first.seq(), first.atNs(), "client", one)));
            if (acked || k == 2)
                wire.add(new Event(first.seq(), first.atNs(), "server", ackOf(one, one.seqNo() + 1, 1)));
            out.addAll(noteOf("nagle", out, 12 + k) + 1, wire);
        }
        return out;
    }

    /** An ACK from the server of the client's bytes up to {@code ackNo}, {@code after} ns after {@code s} left. */
    private static Payload.Segment ackOf(Payload.Segment s, long ackNo, long after) {
        return new Payload.Segment("server", "client", "tcp", List.of("ACK"), 1L, ackNo, 0, Payload.Segment.CAPTURED,
                512, s.dst(), s.src(), s.wireNs() + after, null, s.wallNs(), false);
    }

    private static Payload.Segment withLen(Payload.Segment s, int len) {
        return new Payload.Segment(s.from(), s.to(), s.proto(), s.flags(), s.seqNo(), s.ackNo(), len, s.origin(),
                s.window(), s.src(), s.dst(), s.wireNs(), s.packet(), s.wallNs(), s.lost());
    }

    @Test
    void nagleSaysATailLossProbeOnlyWhereASegmentWasSentAgain() throws IOException {
        List<Event> run = recorded("nagle");
        String here = said("nagle", run, 21);
        assertTrue(here.startsWith("On the wire, 4 data segments: one per send() and one sent again.")
                && here.contains("tail loss probe (RFC 8985)"), here);
        // Without the second copy: one segment per send(), nothing sent again.
        List<Event> once = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Event e : run) {
            if (e.payload() instanceof Payload.Segment s && s.captured() && s.from().equals("client") && s.len() > 0
                    && seen.contains(s.seqNo() + "/" + s.len()))
                continue;
            if (e.payload() instanceof Payload.Segment s && s.captured() && s.len() > 0)
                seen.add(s.seqNo() + "/" + s.len());
            once.add(e);
        }
        assertEquals("On the wire, 3 data segments: one per send().", said("nagle", once, 21));
    }

    @Test
    void reuseportSaysWhereTheConnectionsOfItsOwnRunWaited() throws IOException {
        List<Event> run = recorded("reuseport");
        assertEquals("In this run: 2 in the first one's queue and 2 in the second one's.", said("reuseport", run, 17));
        assertEquals("Here they were 2; the 2 in the other queue are still there.", said("reuseport", run, 18));
        int first = fdMadeAt("reuseport", run, 1), second = fdMadeAt("reuseport", run, 5);
        List<Event> allInFirst = mapped(run, 0, run.size(), p -> p instanceof Payload.Queue q && q.recvQ() > 0
                ? new Payload.Queue(q.fd(), q.fd() == first ? 4 : q.fd() == second ? 0 : q.recvQ(), q.sendQ(),
                        q.inode())
                : p);
        assertTrue(said("reuseport", allInFirst, 17).startsWith("In this run the hash put them all in the same queue: "
                + "4 in the first one's and 0 in the second one's."));
        assertEquals("Here that was all 4 of them: the other queue was empty, so no connection is left waiting.",
                said("reuseport", allInFirst, 18));
    }

    private static int fdMadeAt(String id, List<Event> run, int step) {
        for (int i = noteOf(id, run, step); i < run.size(); i++)
            if (run.get(i).payload() instanceof Payload.Call c && c.call().equals("socket")) return (int) c.result();
        throw new AssertionError();
    }

    /** The run without its lost segments: what was sent arrived the first time, nothing was sent again. */
    private static List<Event> nothingLost(List<Event> run) {
        return run.stream().filter(e -> !(isSegment(e.payload()) && ((Payload.Segment) e.payload()).lost())).toList();
    }

    @Test
    void lostSegmentSaysTheRtoFromTheRetransmissionOfItsOwnRun() throws IOException {
        List<Event> run = recorded("lost-segment");
        String here = said("lost-segment", run, 10);
        assertTrue(here.matches("recv\\(\\) waited \\d+ ms in all, since before \"uno\" left\\. The client sent \"uno\""
                + " again 20\\d ms after the first copy .*that is the RTO.*"), here);
        assertNull(said("lost-segment", nothingLost(run), 10));
        assertNotNull(failedCheck("lost-segment", nothingLost(run), 10));
    }

    @Test
    void lostSynSaysTheInitialRtoFromTheRetransmissionOfItsOwnRun() throws IOException {
        List<Event> run = recorded("lost-syn");
        String here = said("lost-syn", run, 6);
        assertTrue(here.matches("connect\\(\\) took 10\\d\\d ms\\. The client sent the SYN again 10\\d\\d ms after .*"),
                here);
        assertNull(said("lost-syn", nothingLost(run), 6));
        assertNotNull(failedCheck("lost-syn", nothingLost(run), 6));
    }

    @Test
    void nagleCountsATailLossProbeWhereItLeftNotInALaterStep() throws IOException {
        List<Event> run = recorded("nagle");
        assertTrue(said("nagle", run, 15).startsWith("3 sends, 2 data segments on the wire: \"a\" alone and"),
                said("nagle", run, 15));
        assertNull(failedCheck("nagle", run, 15));
        // The kernel sends "a" again while the server's delayed ACK is late (seen under load): 3 data segments, 2 new.
        int a = -1;
        for (int i = noteOf("nagle", run, 12); i < run.size() && a < 0; i++)
            if (run.get(i).payload() instanceof Payload.Segment s && s.captured() && s.from().equals("client")
                    && s.len() > 0)
                a = i;
        List<Event> probed = new ArrayList<>(run);
        probed.add(a + 1, run.get(a));
        String here = said("nagle", probed, 15);
        assertTrue(here.contains("3 data segments on the wire") && here.contains("and one sent again"), here);
        assertNull(failedCheck("nagle", probed, 15), "two new segments and one sent again: still Nagle's two");
        // Step 21 counts from step 18: without its own probe, the one of step 15 is not said there.
        List<Event> noLaterProbe = new ArrayList<>(probed);
        Set<String> sent = new HashSet<>();
        for (int i = noteOf("nagle", probed, 18); i < noLaterProbe.size(); i++)
            if (noLaterProbe.get(i).payload() instanceof Payload.Segment s && s.captured()
                    && s.from().equals("client") && s.len() > 0 && !sent.add(s.seqNo() + "/" + s.len()))
                noLaterProbe.remove(i--);
        String there = said("nagle", noLaterProbe, 21);
        assertTrue(there.equals("On the wire, 3 data segments: one per send()."), there);
    }

    @Test
    void fastRetransmitSaysWhatFiredInItsOwnRun() throws IOException {
        List<Event> run = recorded("fast-retransmit");
        String here = said("fast-retransmit", run, 11);
        assertTrue(here.contains("after 1 duplicate ACK(s) with SACK: not the three duplicate ACKs")
                && here.contains("RACK (RFC 8985"), here);
        // Two more duplicate ACKs before the retransmission: the classic rule's three.
        int dup = -1;
        List<Payload.Segment> seen = new ArrayList<>();
        for (int i = noteOf("fast-retransmit", run, 9); i < run.size() && dup < 0; i++)
            if (run.get(i).payload() instanceof Payload.Segment s && s.captured() && s.from().equals("server")
                    && s.len() == 0 && seen.stream().anyMatch(p -> p.ackNo().equals(s.ackNo())))
                dup = i;
            else
                if (run.get(i).payload() instanceof Payload.Segment s && s.captured() && s.from().equals("server"))
                    seen.add(s);
        List<Event> three = new ArrayList<>(run);
        three.add(dup, run.get(dup));
        three.add(dup, run.get(dup));
        String there = said("fast-retransmit", three, 11);
        assertTrue(there.contains("after 3 duplicate ACKs: the classic fast retransmit (RFC 5681)"), there);
        assertFalse(there.contains("RACK"), there);
    }

    @Test
    void fastRetransmitSaysWhenATimerSentDosAgainBeforeTresLeft() throws IOException {
        // Recorded in the private lab network beside a test run (load ~40): "tres" left 200 ms after "dos", too late.
        List<Event> run = recorded("fast-retransmit-slow");
        String here = said("fast-retransmit", run, 11);
        assertTrue(here.startsWith("This time \"tres\" left after the client's kernel had already sent \"dos\" again on"
                + " a timer"), here);
        assertNull(failedCheck("fast-retransmit", run, 11));
        // The quick run: "tres" left while "dos" was unacknowledged, so its duplicate ACK with SACK is checked.
        List<Event> quick = recorded("fast-retransmit");
        assertNull(failedCheck("fast-retransmit", quick, 11));
        List<Event> noSack = mapped(quick, 0, quick.size(), p -> p instanceof Payload.Segment s
                && s.from().equals("server")
                        ? new Payload.Segment(s.from(), s.to(), s.proto(), s.flags(), s.seqNo(), s.ackNo(), s.len(),
                                s.origin(), s.window(), s.src(), s.dst(), s.wireNs(), null, s.wallNs(), s.lost())
                        : p);
        assertNotNull(failedCheck("fast-retransmit", noSack, 11), "no SACK although \"tres\" came before \"dos\"");
    }

    @Test
    void orderAfterLossSaysDosWaitedOnlyWhereTheServerSackedIt() throws IOException {
        List<Event> run = recorded("order-after-loss");
        String here = said("order-after-loss", run, 10);
        assertTrue(here.matches("\"uno\" was sent again [\\d.]+ ms after its first copy, with \"dos\" already waiting "
                + "at the server\\."), here);
        List<Event> noSack = mapped(run, 0, run.size(), p -> p instanceof Payload.Segment s && s.from().equals("server")
                ? new Payload.Segment(s.from(), s.to(), s.proto(), s.flags(), s.seqNo(), s.ackNo(), s.len(),
                        s.origin(), s.window(), s.src(), s.dst(), s.wireNs(), null, s.wallNs(), s.lost())
                : p);
        assertNull(said("order-after-loss", noSack, 10));
        assertNotNull(failedCheck("order-after-loss", noSack, 10));
    }

    @Test
    void timeoutsSaysHowLongRecvWaitedFromItsOwnRun() throws IOException {
        List<Event> run = recorded("timeouts");
        String here = said("timeouts", run, 10);
        assertTrue(here.startsWith("recv() waited 307 ms, close to SO_RCVTIMEO's 300 ms, and returned -1 EAGAIN"),
                here);
        assertNull(failedCheck("timeouts", run, 10));
        String late = said("timeouts", stepCall("timeouts", run, 10, c -> withBlocked(c, 412_000_000L)), 10);
        assertTrue(late.startsWith("recv() waited 412 ms, 112 ms more than SO_RCVTIMEO's 300 ms"), late);
        // A recv() that returned EAGAIN without waiting out the timeout did not show the lesson's point.
        List<Event> quick = stepCall("timeouts", run, 10, c -> withBlocked(c, 0));
        assertNull(said("timeouts", quick, 10));
        assertNotNull(failedCheck("timeouts", quick, 10));
    }

    @Test
    void timeoutsSaysTheSecondRecvDidNotWaitOnlyWhereItDidNot() throws IOException {
        List<Event> run = recorded("timeouts");
        assertTrue(said("timeouts", run, 12).startsWith("This time recv() returned at once, without blocking"));
        String waited = said("timeouts", stepCall("timeouts", run, 12, c -> withBlocked(c, 2_400_000L)), 12);
        assertTrue(waited.startsWith("This time recv() waited 2.4 ms, less than the timeout"), waited);
    }

    @Test
    void timeoutsSaysWhatEachSendCopiedBeforeItsTimeoutInItsOwnRun() throws IOException {
        List<Event> run = recorded("timeouts");
        String partial = said("timeouts", run, 14);
        assertTrue(partial.startsWith("send() copied 5760 of the 65536 bytes into the kernel and waited 318 ms"),
                partial);
        String more = said("timeouts", run, 15);
        assertTrue(more.startsWith("send() copied 576 more bytes and returned that count after waiting 309 ms"), more);
        String none = said("timeouts", stepCall("timeouts", run, 15, c -> withResult(c, -1)), 15);
        assertTrue(none.startsWith("send() waited 309 ms without copying anything and returned -1 EAGAIN"), none);
        assertTrue(said("timeouts", run, 16).startsWith("send() waited 304 ms without copying anything"));
        assertNotNull(failedCheck("timeouts", stepCall("timeouts", run, 16, c -> withBlocked(c, 0)), 16));
    }

    @Test
    void timeoutsSaysHowLongPollWaitedOnUdpFromItsOwnRun() throws IOException {
        List<Event> run = recorded("timeouts");
        assertTrue(said("timeouts", run, 19).startsWith("poll() waited 300 ms and returned 0"));
        List<Event> quick = stepCall("timeouts", run, 19, c -> withBlocked(c, 5_000_000L));
        assertNull(said("timeouts", quick, 19));
        assertNotNull(failedCheck("timeouts", quick, 19));
    }

    @Test
    void selectSaysTheBytesItMissedFromTheQueuesOfItsOwnRun() throws IOException {
        List<Event> run = recorded("select");
        String slip = said("select", run, 14);
        assertTrue(slip.startsWith("select(5, …) waited 300 ms and returned 0, with 3 bytes waiting on connection 5"),
                slip);
        String stale = said("select", run, 18);
        assertTrue(stale.startsWith("select() waited 302 ms and returned 0, with 3 bytes waiting on connection 4"),
                stale);
        // Where the select did not wait its timeout, or no bytes were waiting, it showed nothing: nothing is said.
        for (int step : new int[]{14, 18}) {
            List<Event> quick = stepCall("select", run, step, c -> withBlocked(c, 0));
            assertNull(said("select", quick, step));
            assertNotNull(failedCheck("select", quick, step));
            int from = noteOf("select", run, step), to = noteOf("select", run, step + 1);
            List<Event> empty = mapped(run, 0, to, p -> p instanceof Payload.Queue q && q.recvQ() > 0
                    ? new Payload.Queue(q.fd(), 0, q.sendQ(), q.inode())
                    : p);
            assertNull(said("select", empty, step), "step " + step + " from " + from);
            assertNotNull(failedCheck("select", empty, step));
        }
    }

    private static Payload.Call withArg(Payload.Call c, String key, String value) {
        Map<String, String> args = new LinkedHashMap<>(c.args());
        args.put(key, value);
        return new Payload.Call(c.call(), c.fd(), args, c.result(), c.errno(), c.errnoName(), c.data(), c.blockedNs(),
                c.elided(), c.enteredNs(), c.inode(), c.madeInodes());
    }

    @Test
    void getaddrinfoSaysWhatThisMachinesListHeld() throws IOException {
        List<Event> run = recorded("getaddrinfo");
        // This machine's /etc/hosts has no ::1 for localhost: the run's list held 127.0.0.1 alone.
        String localhost = said("getaddrinfo", run, 5);
        assertTrue(localhost.startsWith("No IPv6 address: on this machine localhost is 127.0.0.1 only"), localhost);
        // On a machine whose /etc/hosts also names ::1 (the same run, its list edited), the other sentence is said.
        String both = "[{ai_family=AF_INET6, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, ai_addr=[::1]:5000}, "
                + "{ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, ai_addr=127.0.0.1:5000}]";
        String withV6 = said("getaddrinfo", stepCall("getaddrinfo", run, 5, c -> withArg(c, "res", both)), 5);
        assertTrue(withV6.startsWith("1 of the 2 addresses are IPv6"), withV6);
        // AI_PASSIVE's wildcards, 0.0.0.0 first; in another order the sentence that names the order is not said.
        assertTrue(said("getaddrinfo", run, 1).startsWith("Two addresses: 0.0.0.0 (AF_INET) first"));
        String swapped = "[{ai_family=AF_INET6, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, ai_addr=[::]:5000}, "
                + "{ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, ai_addr=0.0.0.0:5000}]";
        String other = said("getaddrinfo", stepCall("getaddrinfo", run, 1, c -> withArg(c, "res", swapped)), 1);
        assertTrue(other.startsWith("The list holds 2 addresses, in the order of the line above"), other);
        // The loop's list: ::1 first, then 127.0.0.1; a list with 127.0.0.1 first fails the step's check.
        assertNull(failedCheck("getaddrinfo", run, 9));
        String loopbackV4First = "[{ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, "
                + "ai_addr=127.0.0.1:5000}, {ai_family=AF_INET6, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, "
                + "ai_addr=[::1]:5000}]";
        List<Event> v4First = stepCall("getaddrinfo", run, 9, c -> withArg(c, "res", loopbackV4First));
        assertNotNull(failedCheck("getaddrinfo", v4First, 9));
        assertNull(failedCheck("getaddrinfo", run, 6));
        assertNotNull(failedCheck("getaddrinfo", stepCall("getaddrinfo", run, 6, c -> withArg(c, "res", both)), 6));
    }

    @Test
    void numbersAreWrittenInEachLanguagesWay() {
        assertEquals("4,4", RunExpr.format(4.4, Lang.ES));
        assertEquals("4.4", RunExpr.format(4.4, Lang.EN));
        assertEquals("206", RunExpr.format(205.9, Lang.ES));
    }
}
