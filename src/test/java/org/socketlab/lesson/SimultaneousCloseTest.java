package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * simultaneous-close reaches CLOSING for real: the kernel's own readings (tcp_info, sock_diag) show both sockets in
 * FIN_WAIT_1 at once, then the client FIN_WAIT_1 → CLOSING → TIME_WAIT and the server FIN_WAIT_1 → FIN_WAIT_2 →
 * TIME_WAIT; the capture shows that no FIN crossed the wire before the reads let it out.
 */
class SimultaneousCloseTest {

    /** The run's state changes of one socket (by inode), as the lab journaled them. */
    private static List<String> path(List<Event> events, String endpoint, long inode) {
        List<String> states = new ArrayList<>();
        for (Event e : events)
            if (e.endpoint().equals(endpoint) && e.payload() instanceof Payload.State s && s.inode() != null
                    && s.inode() == inode) {
                        if (states.isEmpty()) states.add(s.from());
                        states.add(s.to());
                    }
        return states;
    }

    private static long inodeOf(List<Event> events, String endpoint, int fd) {
        return events.stream()
                .filter(e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.State s && s.fd() == fd
                        && s.inode() != null)
                .map(e -> ((Payload.State) e.payload()).inode()).findFirst()
                .orElseThrow(() -> new AssertionError(endpoint + " fd " + fd + " has no state with an inode"));
    }

    private static Payload.Call call(LessonReport report, String endpoint, String call, Predicate<Payload.Call> which) {
        return report.steps().stream().filter(s -> s.step().endpoint().equals(endpoint) && s.step().call().equals(call))
                .map(LessonReport.StepResult::call).filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no " + endpoint + " " + call));
    }

    @Test
    void bothSidesSitInFinWait1ThenTheClientPassesThroughClosing() {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("simultaneous-close"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            List<Event> events = lab.journal().snapshot();
            Payload.Call clientSend = call(report, "client", "send", c -> true),
                    serverSend = call(report, "server", "send", c -> true);
            Payload.Call clientRecv = call(report, "client", "recv", c -> c.result() > 0),
                    serverRecv = call(report, "server", "recv", c -> true);
            // The reads took every byte the other side's non-blocking send had taken: the FIN came after them all.
            assertTrue(clientSend.result() < 100_000 && serverSend.result() < 100_000, "both sends were partial");
            assertEquals(serverSend.result(), clientRecv.result(),
                    "the client's MSG_WAITALL recv ended at the server's FIN");
            assertEquals(clientSend.result(), serverRecv.result(),
                    "the server's MSG_WAITALL recv ended at the client's FIN");

            long client = inodeOf(events, "client", clientSend.fd()),
                    server = inodeOf(events, "server", serverSend.fd());
            assertEquals(List.of("CLOSED", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT"),
                    path(events, "client", client));
            assertEquals(List.of("CLOSED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"),
                    path(events, "server", server));
            // CLOSING is the kernel's own word for the socket (TCP_INFO's state byte), not something the lab deduced.
            assertTrue(
                    events.stream()
                            .anyMatch(e -> e.payload() instanceof Payload.State s && "CLOSING".equals(s.to())
                                    && "tcp_info".equals(s.source())),
                    "CLOSING was read with getsockopt(TCP_INFO)");
            // Both in FIN_WAIT_1 at once: the server's reached it before the client's left it.
            long serverFinWait1 = seqOf(events, "server", server, "FIN_WAIT_1"),
                    clientClosing = seqOf(events, "client", client, "CLOSING");
            assertTrue(serverFinWait1 < clientClosing,
                    "the server was in FIN_WAIT_1 before the client went on to CLOSING");

            // The rules that deduce segments without capture see each FIN held behind unsent bytes: none is deduced at a
            // shutdown (it left later, inside the other side's read, which no rule sees).
            assertTrue(events.stream().noneMatch(e -> e.payload() instanceof Payload.Segment s
                    && Payload.Segment.INFERRED.equals(s.origin()) && s.flags().contains("FIN")), "no FIN deduced");

            CiRules.requireCapture(lab); // the states above are the kernel's; the wire needs capture (else skipped visibly)
            List<Payload.Segment> fins = events.stream().map(Event::payload).filter(p -> p instanceof Payload.Segment s
                    && Payload.Segment.CAPTURED.equals(s.origin()) && s.flags().contains("FIN"))
                    .map(p -> (Payload.Segment) p).toList();
            assertEquals(2, fins.size(), "one FIN each way on the wire: " + fins);
            for (Payload.Segment fin : fins) {
                // Each FIN left only when the other side's read opened its window, inside that read.
                Payload.Call opener = fin.from().equals("server") ? clientRecv : serverRecv;
                assertTrue(fin.wireNs() >= opener.enteredNs() && fin.wireNs() <= eventAt(events, opener),
                        fin.from() + "'s FIN crossed the wire during the "
                                + (fin.from().equals("server") ? "client" : "server") + "'s recv");
            }
        }
    }

    /**
     * An ordinary user's run: no capture (tcpdump needs privilege), states read all the same. The program in a child JVM
     * as nobody with no capabilities; when this test itself is not root, the test above was that run.
     */
    @Test
    void asNobodyWithoutCaptureTheLessonStillReachesClosing(@TempDir Path dir)
            throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        CiRules.requireOnCi(Files.isExecutable(setpriv), "setpriv (util-linux)");
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
        if (!root || !Files.isExecutable(setpriv)) {
            System.err.println(
                    "SimultaneousCloseTest: not root or no setpriv: the test above already ran the lesson as this user");
            return;
        }
        String out = ChildLessonRun.passes(ChildLessonRun.AS_NOBODY, ChildLessonRun.readableCopyOfClassPath(dir), dir,
                "simultaneous-close");
        String notCaptured = Messages.of(Lang.EN).get("cli.run.inferred", "\u0000");
        assertTrue(out.contains(notCaptured.substring(0, notCaptured.indexOf('\u0000'))),
                "nobody may not capture: " + out);
        assertTrue(out.contains("shutdown(") && out.contains("MSG_WAITALL) = "), out);
    }

    private static long seqOf(List<Event> events, String endpoint, long inode, String to) {
        return events.stream()
                .filter(e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.State s
                        && s.inode() != null
                        && s.inode() == inode && s.to().equals(to))
                .mapToLong(Event::seq).findFirst().orElseThrow();
    }

    private static long eventAt(List<Event> events, Payload.Call call) {
        return events.stream().filter(e -> e.payload() instanceof Payload.Call c && c.call().equals(call.call())
                && c.enteredNs() == call.enteredNs()).mapToLong(Event::atNs).findFirst().orElseThrow();
    }
}
