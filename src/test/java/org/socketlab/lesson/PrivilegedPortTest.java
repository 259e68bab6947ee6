package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * privileged-port passes both ways and says which it saw: in this process (root with CAP_NET_BIND_SERVICE, as here and
 * on CI: bind gives 0) and, in a child JVM run as nobody with no capabilities, the way an ordinary user sees it (EACCES).
 */
class PrivilegedPortTest {
    private static final int CAP_NET_BIND_SERVICE = 10;
    private static final int LOW_PORT = 1023;

    private static boolean mayBindLowPorts() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("CapEff:"))
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) >>> CAP_NET_BIND_SERVICE & 1) == 1;
        throw new AssertionError("no CapEff line in /proc/self/status");
    }

    /**
     * net.ipv4.ip_unprivileged_port_start, read in one read(2). Not Files.readString: for a file whose size reads 0 it
     * first reads one byte, and a sysctl integer answers only a read from offset 0, so it gave "1" for 1024.
     */
    static int unprivilegedPortStart() throws IOException {
        return Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).getFirst().strip());
    }

    private static Payload.Call lowBind(Lab lab) {
        return lab.journal().snapshot().stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Call c && c.call().equals("bind")
                        && c.args().get("addr").endsWith(":" + LOW_PORT))
                .map(p -> (Payload.Call) p).findFirst()
                .orElseThrow(() -> new AssertionError("no bind to port " + LOW_PORT + " journaled"));
    }

    @Test
    void unprivilegedPortStartReadsAsTheKernelWritesIt() throws IOException {
        try (var in = new FileInputStream("/proc/sys/net/ipv4/ip_unprivileged_port_start")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip(),
                    String.valueOf(unprivilegedPortStart()));
        }
    }

    @Test
    void theBindBelow1024GivesWhatThisProcessesPrivilegeAllowsAndTheLabSaysWhich() throws Exception {
        try (Lab lab = Lab.onThisMachine()) {
            Lesson lesson = LessonLoader.load("privileged-port");
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            boolean allowed = mayBindLowPorts() || unprivilegedPortStart() <= LOW_PORT;
            Payload.Call bind = lowBind(lab);
            // Every run of the lesson sets SO_REUSEADDR and none listens, so other runs at the same time cannot hold the port.
            assertEquals(allowed ? "0" : "-1 EACCES",
                    bind.failed() ? "-1 " + bind.errnoName() : String.valueOf(bind.result()));
            Step step = lesson.steps().stream().filter(s -> "127.0.0.1:1023".equals(s.address())).findFirst()
                    .orElseThrow();
            Expect.Outcome told = step.expect().oneOf().get(allowed ? 0 : 1);
            assertEquals(List.of(told.saw()), report.outcomes());
            List<Event> events = lab.journal().snapshot();
            int at = -1;
            for (int i = 0; i < events.size(); i++) if (events.get(i).payload() == bind) at = i;
            assertTrue(
                    events.get(at + 1).endpoint().equals(Lab.ITSELF)
                            && events.get(at + 1).payload() instanceof Payload.Note n
                            && n.text().equals(told.saw().byCode()),
                    "the lab's note right after the bind says which result it was");
        }
    }

    /**
     * The unprivileged way for real, from a root test run: the program in a child JVM under setpriv as nobody (uid and gid 65534, nogroup on Debian),
     * no supplementary groups, no capabilities (setuid away from root empties the permitted set). Its class path is
     * copied where nobody may read it (the Maven repository under /root is not).
     */
    @Test
    void asNobodyTheLessonSeesEaccesAndStillPasses(@TempDir Path dir) throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        CiRules.requireOnCi(Files.isExecutable(setpriv), "setpriv (util-linux)");
        if (!mayBindLowPorts()) {
            System.err.println(
                    "PrivilegedPortTest: this process has no CAP_NET_BIND_SERVICE: the test above already checked the EACCES path here");
            return;
        }
        if (!Files.isExecutable(setpriv)) {
            System.err.println(
                    "PrivilegedPortTest: setpriv (util-linux) is missing: the lesson as an ordinary user was not checked");
            return;
        }
        List<String> classPath = ChildLessonRun.readableCopyOfClassPath(dir);
        String out = ChildLessonRun.passes(ChildLessonRun.AS_NOBODY, classPath, dir, "privileged-port");
        // Where this machine lets everyone take port 1023 (a container may set the sysctl to 0), nobody gets it too.
        boolean refused = unprivilegedPortStart() > LOW_PORT;
        assertTrue(out.contains(", 127.0.0.1:1023) = " + (refused ? "-1 EACCES" : "0")), out);
        Text saw = LessonLoader.load("privileged-port").steps().stream()
                .filter(s -> "127.0.0.1:1023".equals(s.address()))
                .findFirst().orElseThrow().expect().oneOf().get(refused ? 1 : 0).saw();
        assertTrue(out.contains(saw.en()), "the run says which result it saw: " + out);
    }
}
