package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/** The lessons of issue 12 show what they say, on the real kernel. */
class NewCallLessonsTest {
    private static final int CAP_NET_RAW = 13;

    private static LessonReport run(String id, Lab lab) {
        LessonReport report = new LessonRunner().run(LessonLoader.load(id), lab);
        assertTrue(report.passed(), () -> id + ": " + report.mismatch().describe(Messages.of(Lang.EN)));
        return report;
    }

    /** Whether this process may open raw sockets: bit 13 of CapEff in /proc/self/status. */
    private static boolean hasCapNetRaw() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("CapEff:"))
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) >>> CAP_NET_RAW & 1) == 1;
        throw new AssertionError("/proc/self/status has no CapEff line");
    }

    @Test
    void rawSocketLessonTellsWhichResultItSawHere() throws IOException {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = run("raw-socket", lab);
            Payload.Call socket = report.steps().getFirst().call();
            boolean privileged = hasCapNetRaw();
            assertEquals(privileged, !socket.failed(),
                    "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) with CAP_NET_RAW " + privileged);
            if (!privileged) assertEquals("EPERM", socket.errnoName());
            Expect.Outcome told = report.steps().getFirst().step().expect().oneOf().get(privileged ? 0 : 1);
            assertEquals(List.of(told.saw()), report.outcomes());
            // The journal says it right after the call, as a note of the lab.
            List<Event> events = lab.journal().snapshot();
            int call = -1;
            for (int i = 0; i < events.size(); i++)
                if (events.get(i).payload() instanceof Payload.Call c && c.call().equals("socket")) {
                    call = i;
                    break;
                }
            assertTrue(
                    call >= 0 && events.get(call + 1).payload() instanceof Payload.Note n
                            && n.text().equals(told.saw().byCode()),
                    "the lab's note after the socket call tells which result it was");
        }
    }

    /**
     * The other way round from the test above, in a child JVM: as root, without CAP_NET_RAW (setpriv drops it from the
     * bounding set, so the child's root has no such capability), the lesson still passes and says EPERM.
     */
    @Test
    void rawSocketLessonPassesWithoutCapNetRawInAChildProcess() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        CiRules.requireOnCi(Files.isExecutable(setpriv), "setpriv (util-linux)");
        if (!hasCapNetRaw()) {
            System.err.println(
                    "NewCallLessonsTest: this process has no CAP_NET_RAW: the test above already checked the EPERM path here");
            return;
        }
        if (!Files.isExecutable(setpriv)) {
            System.err.println(
                    "NewCallLessonsTest: setpriv (util-linux) is missing: the lesson without CAP_NET_RAW was not checked");
            return;
        }
        String out = ChildLessonRun.passes(List.of(setpriv.toString(), "--bounding-set", "-net_raw"),
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)), Path.of("."),
                "raw-socket");
        assertTrue(out.contains("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = -1 EPERM"), out);
        Text eperm = LessonLoader.load("raw-socket").steps().getFirst().expect().oneOf().get(1).saw();
        assertTrue(out.contains(eperm.en()), "the run says it saw EPERM: " + out);
    }

    @Test
    void writeToClosedPeerShowsTheFirstSendTakenThenEpipeAndRecvReadsTheEnd() {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = run("write-to-closed-peer", lab);
            List<Payload.Call> sends = report.steps().stream().filter(s -> s.step().call().equals("send"))
                    .map(LessonReport.StepResult::call).toList();
            assertEquals(4, sends.get(0).result());
            assertEquals("EPIPE", sends.get(1).errnoName());
            assertEquals("MSG_NOSIGNAL", sends.get(1).args().get("flags"));
            Payload.Call recv = report.steps().stream().filter(s -> s.step().call().equals("recv")).findFirst()
                    .orElseThrow().call();
            // The FIN came before the RST, and an RST in CLOSE_WAIT leaves EPIPE (not ECONNRESET): recv() reads the end.
            assertEquals(0, recv.result(), recv.toString());
            assertEquals(null, recv.errnoName());
        }
    }

    @Test
    void pollMultiplexingJournalsEveryPollAsStraceWritesIt() {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = run("poll-multiplexing", lab);
            List<String> polls = report.steps().stream().filter(s -> s.step().call().equals("poll"))
                    .map(s -> CallFormat.line(s.call())).toList();
            assertEquals(7, polls.size());
            assertTrue(polls.getFirst().matches("poll\\(\\[\\{fd=\\d+, events=POLLIN}], 1, 0\\) = 0 \\(\\[]\\)"),
                    polls.getFirst());
            assertTrue(polls.getLast().matches(
                    "poll\\(\\[\\{fd=\\d+, events=POLLIN}], 1, 3000\\) = 1 \\(\\[\\{fd=\\d+, revents=POLLIN\\|POLLERR\\|POLLHUP}]\\)"),
                    polls.getLast());
        }
    }

    @Test
    void seqpacketKeepsRecordsAndSocketpairNamesBothEnds() {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = run("seqpacket", lab);
            Payload.Call pair = report.steps().stream().filter(s -> s.step().call().equals("socketpair")).findFirst()
                    .orElseThrow().call();
            assertEquals(2, pair.madeFds().size());
            assertTrue(CallFormat.line(pair).startsWith("socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ["),
                    CallFormat.line(pair));
        }
    }
}
