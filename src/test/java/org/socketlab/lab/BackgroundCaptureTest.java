package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.CiRules;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * The window's lab starts tcpdump in the background (so the window need not wait for it): calls pressed at once still
 * come after the journal's word on the capture, and the handshake of the very first connect is seen on the wire.
 * A lab closed while its tcpdump still starts leaves no process and no thread behind.
 */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class BackgroundCaptureTest {

    @RepeatedTest(3)
    void callsPressedAtOnceComeAfterTheCaptureAndTheirSegmentsAreCaptured() throws Exception {
        try (Lab lab = Lab.capturingInBackground(Libc.forThisMachine())) {
            firstCallsComeAfterTheCaptureAndAreCaptured(lab);
        }
    }

    /** Calls pressed at once, with no wait of any kind: what a student's first quick press does. */
    private static void firstCallsComeAfterTheCaptureAndAreCaptured(Lab lab) throws Exception {
        int port = freePort();
        int listener = (int) call(lab.server(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        call(lab.server(), new Request.Bind(listener, SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET)));
        call(lab.server(), new Request.Listen(listener, 1));
        int client = (int) call(lab.client(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        assertEquals(0,
                call(lab.client(), new Request.Connect(client, SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET)))
                        .result());

        List<Event> journal = lab.journal().snapshot();
        assertTrue(journal.getFirst().payload() instanceof Payload.Capture,
                () -> "the capture's event comes first: " + journal.getFirst());
        CiRules.requireCapture(lab); // off CI without tcpdump or root: skipped visibly, the journal's reason checked
        long syns = lab.journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Segment s
                && s.origin().equals("captured") && s.flags().equals(List.of("SYN"))).count();
        assertEquals(1, syns, "the first connect's SYN was captured");
    }

    @Test
    void aLabClosedWhileItsCaptureStartsLeavesNothingBehind() throws InterruptedException {
        long children = ProcessHandle.current().children().count();
        Lab lab = Lab.capturingInBackground(Libc.forThisMachine());
        lab.close();
        assertEquals(children, ProcessHandle.current().children().count(), "no tcpdump left");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().equals("socketlab-start-capture")) continue;
            t.join(10_000); // it has completed the lab's wait; it only has to return
            assertFalse(t.isAlive(), "the starting thread ended");
        }
    }

    /**
     * Issue 62: the window's lab starts nothing in the background until the window is complete (tcpdump and the
     * endpoints' processes took CPU from its first frames); then both start, and a lab closed before leaves nothing.
     */
    @Test
    void theWindowsLabStartsItsCaptureAndProcessesWhenAsked() throws Exception {
        long children = ProcessHandle.current().children().count();
        try (Lab lab = Lab.forWindow(Libc.forThisMachine())) {
            assertTrue(backgroundThreads().isEmpty(),
                    () -> "nothing starts before it is asked: " + backgroundThreads());
            assertEquals(children, ProcessHandle.current().children().count(), "no tcpdump, no endpoint process yet");
            lab.beginBackground();
            lab.beginBackground(); // once
            lab.awaitCapture();
            CiRules.requireCapture(lab);
            // the server's and the client's processes, started ahead, each once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (endpointProcesses() < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertEquals(2, endpointProcesses(), "the two endpoints' processes, started ahead once");
        }
        assertEquals(children, ProcessHandle.current().children().count(), "nothing left after the lab");
        Lab closedAtOnce = Lab.forWindow(Libc.forThisMachine());
        closedAtOnce.close();
        assertTrue(backgroundThreads().isEmpty(), () -> "a lab closed before it began starts nothing: "
                + backgroundThreads());
        assertEquals(children, ProcessHandle.current().children().count());
    }

    /** The window's lab's first call begins its capture itself, and its handshake is seen on the wire. */
    @Test
    void theWindowsLabsFirstCallBeginsItsCapture() throws Exception {
        try (Lab lab = Lab.forWindow(Libc.forThisMachine())) {
            firstCallsComeAfterTheCaptureAndAreCaptured(lab);
        }
    }

    /** This JVM's child processes that are endpoint processes. */
    private static long endpointProcesses() {
        return ProcessHandle.current().children().filter(p -> p.info().command()
                .map(c -> c.endsWith(EndpointProcess.PROGRAM)).orElse(false)).count();
    }

    /** The threads that start a lab's capture and its endpoints' processes, alive now. */
    private static List<String> backgroundThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("socketlab-start-capture") || n.equals("socketlab-endpoint-starter")).toList();
    }

    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        return (Payload.Call) e.call(r).get(10, TimeUnit.SECONDS).payload();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
