package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;

/** The story of real journals, recorded from lessons run on real loopback sockets (with tcpdump, and without). */
class StoryTest {

    private static int index(Story story, String what, Predicate<Beat> test) {
        for (int i = 0; i < story.beats().size(); i++) if (test.test(story.beats().get(i))) return i;
        throw new AssertionError("no " + what + " in the story:\n" + describe(story));
    }

    private static int lastIndex(Story story, String what, Predicate<Beat> test) {
        for (int i = story.beats().size() - 1; i >= 0; i--) if (test.test(story.beats().get(i))) return i;
        throw new AssertionError("no " + what + " in the story:\n" + describe(story));
    }

    static Predicate<Beat> call(String endpoint, String name, Beat.Moment moment) {
        return b -> b instanceof Beat.Call c && c.endpoint().equals(endpoint) && c.call().call().equals(name)
                && c.moment() == moment;
    }

    static Predicate<Beat> segment(String from, String... flags) {
        return b -> b instanceof Beat.Segment s && s.segment().from().equals(from)
                && s.segment().flags().equals(List.of(flags));
    }

    static Predicate<Beat> state(String endpoint, String to) {
        return b -> b instanceof Beat.State s && s.endpoint().equals(endpoint) && s.state().to().equals(to);
    }

    static String describe(Story story) {
        Messages m = Messages.of(Lang.EN);
        return story.beats().stream().map(b -> "#" + b.event().seq() + " " + b.endpoint() + " " + switch (b) {
            case Beat.Call c -> c.moment() + " " + StoryText.call(c);
            case Beat.Segment s -> s.segment().from() + ">" + s.segment().to() + " " + StoryText.segment(s, m);
            case Beat.State s -> StoryText.state(s.state(), m);
            default -> b.event().type();
        }).collect(Collectors.joining("\n"));
    }

    @Test
    void withCaptureEachSegmentIsToldOnceAsCapturedAndNoInferredTwinIsAMoment() {
        List<Event> journal = RecordedRuns.captured("tcp-basics");
        Story story = Story.of(journal);
        long capturedInJournal = journal.stream().filter(e -> e.payload() instanceof Payload.Segment s && s.captured())
                .count();
        long inferredInJournal = journal.stream().filter(e -> e.payload() instanceof Payload.Segment s && !s.captured())
                .count();
        List<Beat.Segment> told = story.beats().stream().filter(b -> b instanceof Beat.Segment)
                .map(b -> (Beat.Segment) b).toList();
        assertTrue(inferredInJournal > 0, "the lab journals its deductions beside the capture (the twins this hides)");
        assertTrue(told.stream().allMatch(Beat.Segment::captured), describe(story));
        assertEquals(capturedInJournal, told.size(), "every captured segment once");
        assertEquals(told.size(), told.stream().map(s -> s.event().seq()).distinct().count());
        assertEquals(inferredInJournal, story.hiddenTwins());
        assertEquals(Story.Wire.Kind.CAPTURED, story.wire().kind());
    }

    @Test
    void connectEntersAboveItsHandshakeAndReturnsBelowTheAckWithEstablishedAfterTheSynAck() {
        Story story = Story.of(RecordedRuns.best("tcp-basics"));
        int entry = index(story, "connect entry", call("client", "connect", Beat.Moment.ENTRY));
        int syn = index(story, "SYN", segment("client", "SYN"));
        int synAck = index(story, "SYN-ACK", segment("server", "SYN", "ACK"));
        int ack = index(story, "ACK", segment("client", "ACK"));
        int established = index(story, "client ESTABLISHED", state("client", "ESTABLISHED"));
        int ret = index(story, "connect return", call("client", "connect", Beat.Moment.RETURN));
        String order = describe(story);
        assertTrue(entry < syn && syn < synAck && synAck < ack && ack < ret, order);
        // Only the captured wire tells when the SYN-ACK arrived; deduced segments are all told inside the call.
        if (story.wire().kind() == Story.Wire.Kind.CAPTURED)
            assertTrue(synAck < established && established < ack,
                    "ESTABLISHED when the SYN-ACK arrives, before the ACK it sends:\n" + order);
        else
            assertTrue(entry < established, order);
        int accept = index(story, "accept",
                b -> b instanceof Beat.Call c && c.call().call().equals("accept") && c.moment() != Beat.Moment.ENTRY);
        assertTrue(ret < accept || ack < accept, "the handshake ends before accept returns:\n" + order);
    }

    @Test
    void closeWaitComesAfterTheFinWait1AndTheFinThatCausedIt() {
        Story story = Story.of(RecordedRuns.captured("tcp-basics"));
        String order = describe(story);
        int fin = index(story, "client FIN", segment("client", "FIN", "ACK"));
        int closeWait = index(story, "server CLOSE_WAIT", state("server", "CLOSE_WAIT"));
        int closeEntry = index(story, "client close", b -> b instanceof Beat.Call c && c.endpoint().equals("client")
                && c.call().call().equals("close") && c.moment() != Beat.Moment.RETURN);
        assertTrue(closeEntry < fin && fin < closeWait, order);
        // FIN_WAIT_1 lasts microseconds on loopback: a reading sees it on some runs only. When seen, it comes before the FIN.
        if (story.beats().stream().anyMatch(state("client", "FIN_WAIT_1"))) {
            int finWait1 = index(story, "client FIN_WAIT_1", state("client", "FIN_WAIT_1"));
            assertTrue(closeEntry < finWait1 && finWait1 < fin, order);
        }
        int serverFin = index(story, "server FIN", segment("server", "FIN", "ACK"));
        int timeWait = index(story, "client TIME_WAIT", state("client", "TIME_WAIT"));
        int lastAck = lastIndex(story, "client's last ACK", segment("client", "ACK"));
        assertTrue(serverFin < timeWait && timeWait < lastAck,
                "TIME_WAIT when the peer's FIN arrives, before the ACK of it:\n" + order);
    }

    @Test
    void aRefusedConnectReturnsBelowItsSynAndTheRst() {
        Story story = Story.of(RecordedRuns.best("connection-refused"));
        String order = describe(story);
        // A connect that waited a while in the kernel starts at its "blocked" moment, else at its entry.
        int entry = index(story, "connect entry", call("client", "connect", Beat.Moment.ENTRY)
                .or(b -> b instanceof Beat.Blocked w && w.blocked().call().equals("connect")));
        int syn = index(story, "SYN", segment("client", "SYN"));
        int rst = index(story, "RST", b -> b instanceof Beat.Segment s && s.segment().flags().contains("RST"));
        int ret = index(story, "refused connect", b -> b instanceof Beat.Call c && c.call().call().equals("connect")
                && c.moment() == Beat.Moment.RETURN && "ECONNREFUSED".equals(c.call().errnoName()));
        assertTrue(entry < syn && syn < rst && rst < ret, order);
        assertTrue(((Beat.Call) story.beats().get(ret)).error());
    }

    @Test
    void momentsFollowTheJournalsClockAndEveryEventIsToldOnceExceptTwins() {
        for (String lesson : List.of("tcp-basics", "connection-refused", "half-close")) {
            List<Event> journal = RecordedRuns.best(lesson);
            Story story = Story.of(journal);
            for (int i = 1; i < story.beats().size(); i++)
                assertTrue(story.beats().get(i - 1).atNs() <= story.beats().get(i).atNs(),
                        lesson + " beat " + i + "\n" + describe(story));
            List<Long> told = new ArrayList<>();
            for (Beat b : story.beats())
                // A call's entry and a deduced state (a state passed between two readings) retell an event.
                if (!(b instanceof Beat.Call c && c.moment() == Beat.Moment.ENTRY)
                        && !(b instanceof Beat.State s && s.deduced()))
                    told.add(b.event().seq());
            // tcp_info is told beside a lifeline only when drawn to the link's time: on one machine, not a moment.
            assertEquals(journal.size() - story.hiddenTwins() - tcpInfos(journal), told.size(), lesson);
            assertEquals(told.size(), told.stream().distinct().count(), lesson);
        }
    }

    @Test
    void withoutCaptureTheDeducedSegmentsAreShownInsideTheCallTheyWereDeducedFrom() {
        Story story = Story.of(RecordedRuns.inferred("tcp-basics"));
        String order = describe(story);
        assertEquals(0, story.hiddenTwins());
        assertEquals(Story.Wire.Kind.UNAVAILABLE, story.wire().kind());
        // A connect that waited a while in the kernel (a loaded machine) starts at its "blocked" moment, else its entry.
        int entry = index(story, "connect entry", call("client", "connect", Beat.Moment.ENTRY)
                .or(b -> b instanceof Beat.Blocked w && w.blocked().call().equals("connect")));
        int syn = index(story, "SYN", segment("client", "SYN"));
        int ret = index(story, "connect return", call("client", "connect", Beat.Moment.RETURN));
        assertTrue(entry < syn && syn < ret, order);
        assertFalse(((Beat.Segment) story.beats().get(syn)).captured());
        assertTrue(
                StoryText.segment((Beat.Segment) story.beats().get(syn), Messages.of(Lang.ES)).endsWith("(deducido)"));
    }

    @Test
    void aJournalWrittenBeforeCallsCarriedTheirEntryReadsAndTellsEachCallOnce() throws Exception {
        List<Event> journal = RecordedRuns.best("tcp-basics");
        StringWriter out = new StringWriter();
        JournalJsonl.write(journal, out);
        // The old format: no entered_ns on calls, no wire_ns on segments.
        String old = out.toString().replaceAll(",\"entered_ns\":\\d+", "").replaceAll(",\"wire_ns\":-?\\d+", "");
        assertFalse(old.contains("entered_ns") || old.contains("wire_ns"));
        List<Event> read = JournalJsonl.read(new StringReader(old));
        assertEquals(journal.size(), read.size());
        Story story = Story.of(read);
        assertTrue(story.beats().stream().noneMatch(b -> b instanceof Beat.Call c && c.moment() == Beat.Moment.ENTRY),
                "an entry not recorded is not drawn");
        // A deduced state (one passed between two readings, as without capture) retells an event: not counted.
        assertEquals(journal.size() - story.hiddenTwins() - tcpInfos(journal),
                story.beats().stream().filter(b -> !(b instanceof Beat.State s && s.deduced())).count());
        // and the new format reads back equal, entry and wire times included
        assertEquals(journal, JournalJsonl.read(new StringReader(out.toString())));
    }

    @Test
    void oneNameForEachEndpointInEachLanguage() {
        Messages en = Messages.of(Lang.EN), es = Messages.of(Lang.ES);
        assertEquals("Client", StoryText.endpointName("client", en));
        assertEquals("Client 2", StoryText.endpointName("client-2", en));
        assertEquals("Cliente 3", StoryText.endpointName("client-3", es));
        assertEquals("Servidor", StoryText.endpointName("server", es));
        assertEquals("Núcleo", StoryText.endpointName("external", es)); // one kernel on loopback: never "another"
        assertEquals("client-x", StoryText.endpointName("client-x", en));
        Story story = Story.of(RecordedRuns.best("multiple-clients"));
        List<String> clients = story.lifelines().stream()
                .filter(l -> l.role() == Lifeline.Role.PROGRAM && !l.endpoint().equals("server"))
                .map(l -> StoryText.endpointName(l.endpoint(), en)).toList();
        assertEquals(List.of("Client 3", "Client 2", "Client"), clients, "the newest client on the far left");
    }

    /**
     * Issue 57 (window review finding 8, screenshot 05): one rule orders the lanes of every drawing, a parent, its
     * forked children, then the peer. In a real fork-server run the server's children stand between the client and the
     * server (the first child nearest to it), each kernel towards the wire; they were drawn left of the client.
     */
    @Test
    void aForkedChildStandsBesideItsParentBetweenItAndThePeer() {
        Story story = Story.of(RecordedRuns.best("fork-server"));
        List<String> endpoints = story.lifelines().stream().map(Lifeline::endpoint).distinct().toList();
        assertEquals(List.of("client", "server-3", "server-2", "server"), endpoints, story.lifelines().toString());
        for (String child : List.of("server-2", "server-3")) {
            assertTrue(story.column(child, Lifeline.Role.KERNEL) < story.column(child, Lifeline.Role.PROGRAM),
                    child + ": its kernel towards the wire");
            assertFalse(StoryLayout.towardsWire(story.lifelines(), child), child);
        }
    }

    private static long tcpInfos(List<Event> journal) {
        return journal.stream().filter(e -> e.payload() instanceof Payload.TcpInfo).count();
    }
}
