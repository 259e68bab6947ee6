package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.diagram.JournalFixtures.*;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.story.Bar;
import org.socketlab.story.Beat;
import org.socketlab.story.Lifeline;
import org.socketlab.story.RecordedRuns;
import org.socketlab.story.StoryText;

/** Journal in, rows, arrows, bars and marks out; no toolkit. */
class DiagramModelTest {
    private static final Messages EN = Messages.of(Lang.EN);
    private static final Messages ES = Messages.of(Lang.ES);

    private static DiagramModel model(List<Event> events) {
        DiagramModel m = new DiagramModel();
        m.append(events);
        return m;
    }

    private static int indexOfCall(DiagramModel m, String endpoint, String call) {
        for (Row r : m.rows())
            if (r instanceof Row.CallRow c && c.endpoint().equals(endpoint) && c.call().call().equals(call))
                return r.index();
        throw new AssertionError("no " + call + " of " + endpoint);
    }

    private static List<Row.SegmentArrow> segments(DiagramModel m) {
        return m.rows().stream().filter(r -> r instanceof Row.SegmentArrow).map(r -> (Row.SegmentArrow) r).toList();
    }

    @Test
    void startsWithTheFourLifelinesClientOnTheLeft() {
        DiagramModel m = new DiagramModel();
        assertEquals(
                List.of(new Lifeline("client", Lifeline.Role.PROGRAM), new Lifeline("client", Lifeline.Role.KERNEL),
                        new Lifeline("server", Lifeline.Role.KERNEL), new Lifeline("server", Lifeline.Role.PROGRAM)),
                m.lifelines());
        assertEquals(0, m.rowCount());
    }

    @Test
    void aTcpInfoReadingOnOneMachineHasNoRowYetReachesTheSocketTableOnceTheRowsPassIt() {
        List<Event> lifecycle = tcpLifecycle();
        List<Event> events = new ArrayList<>();
        Payload.TcpInfo reading = new Payload.TcpInfo(3, null, 40, 20, 200_000, 10, null, 32768, 4, 1, 65536L,
                Payload.TcpInfo.FROM_TCP_INFO, 0);
        for (Event e : lifecycle) {
            events.add(new Event(events.size() + 1, e.atNs(), e.endpoint(), e.payload()));
            if (e.payload() instanceof Payload.Call c && c.call().equals("send"))
                events.add(new Event(events.size() + 1, e.atNs() + 1, "client", reading));
        }
        events.add(new Event(events.size() + 1, lifecycle.getLast().atNs() + 1, "client", reading)); // after them all
        DiagramModel m = model(events);
        assertTrue(m.rows().stream().noneMatch(r -> r.event().payload() instanceof Payload.TcpInfo),
                "on one machine a reading has no row of its own");
        Predicate<List<Event>> hasReading = told -> told.stream().anyMatch(e -> e.payload() == reading);
        assertFalse(hasReading.test(m.eventsThrough(indexOfCall(m, "client", "connect") + 1)), "not before send");
        List<Event> atRecv = m.eventsThrough(indexOfCall(m, "server", "recv") + 1);
        assertEquals(1, atRecv.stream().filter(e -> e.payload() == reading).count(), "told once the rows pass it");
        assertEquals(2, m.eventsThrough(m.rowCount()).stream().filter(e -> e.payload() == reading).count(),
                "with the last row, the last reading too");
    }

    @Test
    void aTcpLifecycleShowsTheHandshakeBeforeTheAcceptRowThenTheDataThenTheFinExchange() {
        DiagramModel m = model(tcpLifecycle());
        // One row per event, in journal order, besides the states passed too quickly to be read: deduced from the
        // (here inferred) segments, SYN_SENT at the client's SYN and FIN_WAIT_1 at its FIN (which follows close(): this
        // journal has no entry times, so the descriptor is already gone).
        List<Row> read = m.rows().stream().filter(r -> !(r instanceof Row.StateMark s && s.deduced())).toList();
        assertEquals(tcpLifecycle().size(), read.size(), "one row per event, in journal order");
        for (int i = 0; i < read.size(); i++) assertEquals(i + 1, read.get(i).event().seq());
        assertEquals(List.of("fd 3 SYN_SENT (deduced)", "former fd 3 FIN_WAIT_1 (deduced)"),
                m.rows().stream().filter(r -> r instanceof Row.StateMark s && s.deduced())
                        .map(r -> DiagramText.label(r, EN)).toList());

        int accept = indexOfCall(m, "server", "accept");
        List<String> beforeAccept = segments(m).stream().filter(s -> s.index() < accept)
                .map(s -> String.join("+", s.segment().flags())).toList();
        assertEquals(List.of("SYN", "SYN+ACK", "ACK"), beforeAccept);
        Row.SegmentArrow syn = segments(m).getFirst();
        assertEquals("client", syn.segment().from());
        assertEquals("server", syn.segment().to());

        int send = indexOfCall(m, "client", "send");
        int recv = indexOfCall(m, "server", "recv");
        Row.SegmentArrow data = segments(m).stream().filter(s -> s.segment().len() == 4).findFirst().orElseThrow();
        assertTrue(send < data.index() && data.index() < recv, "the data goes on the wire between send and recv");

        List<String> fins = segments(m).stream().filter(s -> s.segment().flags().contains("FIN"))
                .map(s -> s.segment().from() + ">" + s.segment().to()).toList();
        assertEquals(List.of("client>server", "server>client"), fins);

        assertEquals("accept(3, peer=127.0.0.1:40000) = 4", DiagramText.label(m.row(accept), EN));
        assertEquals("send(3, \"hola\", 4, 0) = 4", DiagramText.label(m.row(send), EN));
    }

    @Test
    void aBlockedCallOpensABarThatItsReturnCloses() {
        DiagramModel m = model(tcpLifecycle());
        assertEquals(1, m.bars().size());
        Bar bar = m.bars().getFirst();
        assertInstanceOf(Row.BlockedRow.class, m.row(bar.openBeat()));
        assertEquals(indexOfCall(m, "server", "accept"), bar.closeBeat());
        assertEquals(Bar.Closing.RETURNED, bar.closing());
        assertEquals("server", bar.endpoint());
        assertTrue(bar.openAt(bar.closeBeat()), "before its return is shown the bar is still open");
        assertFalse(bar.openAt(bar.closeBeat() + 1));
    }

    @Test
    void aBarStaysOpenUntilTheCallReturnsOrIsCancelled() {
        Journal j = journal();
        j.append("server", new Payload.Blocked("accept", 3));
        j.append("client", ok("socket", null, 3));
        DiagramModel m = model(j.snapshot());
        assertEquals(Bar.Closing.OPEN, m.bars().getFirst().closing());
        assertEquals(-1, m.bars().getFirst().closeBeat());
        assertTrue(m.bars().getFirst().openAt(m.rowCount()));

        j.append("server", new Payload.Cancelled("accept", 3, 5_000_000));
        m.append(j.after(2));
        assertEquals(Bar.Closing.CANCELLED, m.bars().getFirst().closing());
        assertEquals(2, m.bars().getFirst().closeBeat());
        assertEquals("accept(3) cancelled after 5 ms", DiagramText.label(m.row(2), EN));
    }

    @Test
    void inferredSegmentsAreDashedAndSaySoWhileCapturedOnesCountFromEachSidesIsn() {
        Journal j = journal();
        j.append("client", inferred("client", "server", 0, "SYN"));
        j.append("client", captured("client", "server", 1000, null, 0, "SYN"));
        j.append("server", captured("server", "client", 5000, 1001L, 0, "SYN", "ACK"));
        j.append("client", captured("client", "server", 1001, 5001L, 0, "ACK"));
        j.append("client", captured("client", "server", 1001, 5001L, 4, "PSH", "ACK"));
        DiagramModel m = model(j.snapshot());
        List<Row.SegmentArrow> s = segments(m);
        assertFalse(s.get(0).captured());
        assertEquals("[SYN] seq ? len 0 (inferred)", DiagramText.label(s.get(0), EN));
        assertEquals("[SYN] seq ? len 0 (deducido)", DiagramText.label(s.get(0), ES));
        assertTrue(s.subList(1, 5).stream().allMatch(Row.SegmentArrow::captured));
        assertEquals("[SYN] seq 0 len 0", DiagramText.label(s.get(1), EN));
        assertEquals("[SYN, ACK] seq 0 ack 1 len 0", DiagramText.label(s.get(2), EN));
        assertEquals("[ACK] seq 1 ack 1 len 0", DiagramText.label(s.get(3), EN));
        assertEquals("[PSH, ACK] seq 1 ack 1 len 4", DiagramText.label(s.get(4), EN));
        assertFalse(DiagramText.label(s.get(4), EN).contains("inferred"));
    }

    @Test
    void theDiagramOfARealTcpBasicsRunShowsConnectEnteringAboveTheSynAndReturningBelowTheAck() {
        List<Event> journal = RecordedRuns.captured("tcp-basics");
        DiagramModel m = new DiagramModel();
        // Fed as the bridge feeds it, a few events at a time: late segments are told before rows already there.
        for (int i = 0; i < journal.size(); i += 3) m.append(journal.subList(i, Math.min(journal.size(), i + 3)));
        List<String> rows = m.rows().stream().map(r -> r.endpoint() + " " + DiagramText.label(r, EN)).toList();
        int entry = -1, syn = -1, ack = -1, ret = -1;
        for (Row r : m.rows()) {
            if (r instanceof Row.CallRow c && c.call().call().equals("connect")
                    && c.moment() == Beat.Moment.ENTRY)
                entry = r.index();
            if (r instanceof Row.SegmentArrow s && s.segment().flags().equals(List.of("SYN")) && syn < 0)
                syn = r.index();
            if (r instanceof Row.SegmentArrow s && s.segment().flags().equals(List.of("ACK")) && ack < 0)
                ack = r.index();
            if (r instanceof Row.CallRow c && c.call().call().equals("connect")
                    && c.moment() == Beat.Moment.RETURN)
                ret = r.index();
        }
        assertTrue(entry >= 0 && entry < syn && syn < ack && ack < ret, rows::toString);
        assertTrue(DiagramText.label(m.row(entry), EN).startsWith("connect(")
                && DiagramText.label(m.row(entry), EN).endsWith(") …"), rows::toString);
        assertTrue(DiagramText.label(m.row(ret), EN).endsWith(") = 0"));
        assertTrue(m.rows().stream().noneMatch(r -> r instanceof Row.SegmentArrow s && !s.captured()),
                "no inferred twin is drawn");
        DiagramModel atOnce = model(journal);
        assertEquals(atOnce.rows(), m.rows(), "fed in batches or at once, the same story");
    }

    @Test
    void aRefusedConnectIsMarkedAsAnErrorExplainedInPlainWordsAndAddsTheExternalKernel() {
        DiagramModel m = model(refusedConnect());
        Row.CallRow connect = (Row.CallRow) m.row(1);
        assertTrue(connect.error());
        assertEquals("connect(3, 127.0.0.1:5000) = -1 ECONNREFUSED", DiagramText.label(connect, EN));
        assertEquals("ECONNREFUSED: " + EN.get("errno.ECONNREFUSED"), DiagramText.errorExplanation(connect, EN));
        assertEquals("ECONNREFUSED: " + ES.get("errno.ECONNREFUSED"), DiagramText.errorExplanation(connect, ES));
        assertNull(DiagramText.errorExplanation(m.row(0), EN), "a call that worked has nothing to explain");
        assertFalse(((Row.CallRow) m.row(0)).error());
        assertEquals(
                List.of(new Lifeline("client", Lifeline.Role.PROGRAM), new Lifeline("client", Lifeline.Role.KERNEL),
                        new Lifeline("external", Lifeline.Role.KERNEL), new Lifeline("server", Lifeline.Role.KERNEL),
                        new Lifeline("server", Lifeline.Role.PROGRAM)),
                m.lifelines());
    }

    @Test
    void stateChangesAreMarksOnTheKernelWithTheTimeWaitTimeLeft() {
        DiagramModel m = model(tcpLifecycle());
        List<String> marks = m.rows().stream().filter(r -> r instanceof Row.StateMark)
                .map(r -> DiagramText.label(r, EN)).toList();
        assertTrue(marks.contains("fd 3 ESTABLISHED"), marks::toString);
        // The client closed fd 3 before: its connection waits in TIME_WAIT without a descriptor.
        assertEquals("former fd 3 TIME_WAIT 59 s", marks.getLast());
        Row timeWait = m.rows().stream().filter(r -> r instanceof Row.StateMark).reduce((a, b) -> b).orElseThrow();
        assertTrue(
                RowDetails.of(timeWait, EN).stream()
                        .anyMatch(d -> d.value().contains("2 MSL") && d.value().contains("60 s")),
                "where TIME_WAIT is shown it says why Linux keeps it 60 s when the RFC says 2MSL");
        List<String> queues = m.rows().stream().filter(r -> r instanceof Row.QueueMark)
                .map(r -> DiagramText.label(r, EN)).toList();
        // The first server's own marks stay short; every process starts at fd 3, so a forked or added endpoint's marks
        // name it (issue 57, window review 05).
        assertEquals(List.of("fd 3: accept queue 1, backlog 5", "fd 4: Recv-Q 4, Send-Q 0"), queues,
                "a listener's queue is its accept queue");
        assertEquals("Server 2 \u00b7 fd 3: Recv-Q 0, Send-Q 0",
                StoryText.whose("server-2", "fd 3: Recv-Q 0, Send-Q 0", true, Messages.of(Lang.EN)));
    }

    /**
     * Issue 57 (window review 7b, picture 05): in a real fork-server run Server 2 holds an fd 3 too, so the client's
     * plain "fd 3: Recv-Q 4, Send-Q 0" drawn between the Client and Server 2 lifelines named no socket. Once the story
     * has more than its first client and server, every kernel mark names its endpoint, the first client's and server's
     * too, in both languages (the plain two-endpoint story keeps them short: the test above).
     */
    @Test
    void afterAForkEveryKernelMarkNamesItsEndpoint() {
        DiagramModel m = model(RecordedRuns.best("fork-server"));
        List<Row> marks = m.rows().stream().filter(r -> r instanceof Row.QueueMark || r instanceof Row.TcpInfoMark)
                .toList();
        for (String endpoint : List.of("client", "server", "server-2"))
            assertTrue(marks.stream().anyMatch(r -> r.endpoint().equals(endpoint)), () -> endpoint + " has a mark");
        for (Messages lang : List.of(EN, ES))
            for (Row r : marks) {
                String label = DiagramText.label(r, lang), whose = DiagramText.endpointName(r.endpoint(), lang);
                // a queue read after its descriptor's close() returned is a former fd's (the parent's close(nv))
                String former = lang == ES ? "antiguo fd " : "former fd ";
                assertTrue(label.startsWith(whose + " \u00b7 fd ") || label.startsWith(whose + " \u00b7 " + former),
                        () -> r.endpoint() + "'s mark names it: " + label);
            }
        String client = marks.stream().filter(r -> r.endpoint().equals("client")).map(r -> DiagramText.label(r, ES))
                .findFirst().orElseThrow();
        assertTrue(client.startsWith("Cliente \u00b7 fd 3: "), client);
    }

    /**
     * Issue 57 ("a dead process's sockets say so"), looked at in the packaged window: after the forked child's exit(0)
     * the kernel closed its fd 4, and the connection lives on in FIN_WAIT; its marks drawn after the "exited" line
     * said "Server 2 · fd 4: Recv-Q 0, Send-Q 1", a descriptor no process had. The process's end is its descriptors'
     * close: marks told after it say "former fd 4", as after a close() that returned. A real fork-server run.
     */
    @Test
    void aChildsMarksAfterItsExitNameAFormerDescriptor() {
        DiagramModel m = model(RecordedRuns.best("fork-server"));
        int exited = -1;
        for (Row r : m.rows())
            if (r instanceof Row.ProcessRow p && p.endpoint().equals("server-2")
                    && Payload.Process.EXITED.equals(p.process().event()))
                exited = r.index();
        assertTrue(exited >= 0, "server-2 exited");
        List<String> after = new ArrayList<>();
        for (Row r : m.rows())
            if (r.index() > exited && r.endpoint().equals("server-2")
                    && (r instanceof Row.QueueMark || r instanceof Row.StateMark))
                after.add(DiagramText.label(r, EN));
        assertFalse(after.isEmpty(), "the child's connection was read after its exit");
        for (String label : after)
            assertTrue(label.contains("former fd 4"), () -> "after server-2's exit: " + after);
    }

    @Test
    void everyPayloadKindMakesARow() {
        Journal j = journal();
        j.append("client", ok("socket", null, 3));
        j.append("client", new Payload.Blocked("recv", 3));
        j.append("client", new Payload.Cancelled("recv", 3, 1));
        j.append("client", new Payload.State(3, "CLOSED", "SYN_SENT", "tcp_info"));
        j.append("client", new Payload.Queue(3, 0, 0));
        j.append("client", inferred("client", "server", 0, "SYN"));
        j.append("lesson", new Payload.Note(Map.of("en", "Now the handshake.", "es", "Ahora el saludo.")));
        DiagramModel m = model(j.snapshot());
        assertEquals(List.of(Row.CallRow.class, Row.BlockedRow.class, Row.CancelledRow.class, Row.StateMark.class,
                Row.QueueMark.class, Row.SegmentArrow.class, Row.NoteRow.class),
                m.rows().stream().map(Object::getClass).toList());
        assertEquals("Ahora el saludo.", DiagramText.label(m.row(6), ES));
        for (Row r : m.rows()) assertFalse(RowDetails.of(r, EN).isEmpty());
        assertEquals(4, m.lifelines().size(), "a note adds no lifeline");
    }

    @Test
    void eachNewClientAddsItsPairOnTheLeft() {
        Journal j = journal();
        j.append("client", ok("socket", null, 3));
        j.append("client-2", ok("socket", null, 3));
        DiagramModel m = model(j.snapshot());
        assertEquals(new Lifeline("client-2", Lifeline.Role.PROGRAM), m.lifelines().get(0));
        assertEquals(new Lifeline("client-2", Lifeline.Role.KERNEL), m.lifelines().get(1));
        assertEquals(new Lifeline("client", Lifeline.Role.PROGRAM), m.lifelines().get(2));
        assertEquals(6, m.lifelines().size());
        assertEquals("Client 2", DiagramText.endpointName("client-2", EN));
    }

    @Test
    void detailsShowArgsResultAndBytesAsTextAndHex() {
        DiagramModel m = model(tcpLifecycle());
        List<Detail> d = RowDetails.of(m.row(indexOfCall(m, "client", "send")), EN);
        assertTrue(d.contains(new Detail(EN.get("ui.diagram.details.hex"), "68 6f 6c 61", true)), d::toString);
        assertTrue(d.contains(new Detail(EN.get("ui.diagram.details.text"), "\"hola\"", true)), d::toString);
        assertTrue(d.contains(new Detail(EN.get("ui.diagram.details.result"), "4", true)), d::toString);
        List<Detail> refused = RowDetails.of(model(refusedConnect()).row(1), ES);
        assertTrue(refused.stream().anyMatch(x -> x.value().contains(ES.get("errno.ECONNREFUSED"))), refused::toString);
        assertEquals("00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f\n10",
                RowDetails.hex(new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
    }

    @Test
    void aBindOrConnectShowsTheSockaddrBytesWithThePortInNetworkOrder() {
        DiagramModel m = model(tcpLifecycle());
        List<Detail> bind = RowDetails.of(m.row(indexOfCall(m, "server", "bind")), EN);
        String family = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "02 00" : "00 02";
        assertTrue(
                bind.contains(
                        new Detail("struct sockaddr_in", family + " 13 88 7f 00 00 01  00 00 00 00 00 00 00 00", true)),
                bind::toString);
        assertTrue(bind.contains(new Detail("sin_port", "13 88  = htons(5000)", true)), bind::toString);
        assertTrue(bind.contains(new Detail("sin_addr", "7f 00 00 01  = inet_addr(\"127.0.0.1\")", true)),
                bind::toString);
        String es = RowDetails.of(m.row(indexOfCall(m, "client", "connect")), ES).stream()
                .filter(d -> d.name().equals(ES.get("ui.diagram.details.byteOrder"))).map(Detail::value).findFirst()
                .orElseThrow();
        assertTrue(es.contains("0x1388") && es.contains("13 88") && es.contains("htons(5000)")
                && es.contains("orden de red"), es);
        // A send has no address: no sockaddr lines.
        assertTrue(RowDetails.of(m.row(indexOfCall(m, "client", "send")), EN).stream()
                .noneMatch(d -> d.name().startsWith("sin_")));
        assertEquals("sin6_port", RowDetails.layout("[::1]:80").get(1).name());
        assertTrue(RowDetails.layout("/tmp/lab.sock").isEmpty());
        assertTrue(RowDetails.layout("NULL").isEmpty());
    }

    @Test
    void aWaitSaysItBlocksInTheKernelAndHowAResetEndsIt() {
        Row blocked = new Row.BlockedRow(0,
                new Event(1, 0, "server", new Payload.Blocked("accept", 3)),
                new Payload.Blocked("accept", 3));
        String how = RowDetails.of(blocked, EN).stream()
                .filter(x -> x.name().equals(EN.get("ui.diagram.details.howWaited")))
                .map(Detail::value).findFirst().orElseThrow();
        assertTrue(how.contains("accept() blocks inside the kernel") && how.contains("-1 EINTR")
                && !how.contains("POLLIN"), how);
        String es = RowDetails.of(blocked, ES).stream()
                .filter(x -> x.name().equals(ES.get("ui.diagram.details.howWaited")))
                .map(Detail::value).findFirst().orElseThrow();
        assertTrue(es.contains("accept() se bloquea dentro del núcleo") && es.contains("-1 EINTR")
                && !es.contains("POLLIN"), es);
    }
}
