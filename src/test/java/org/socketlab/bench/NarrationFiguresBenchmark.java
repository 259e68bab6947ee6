package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * The figures the narration states, measured on this kernel. Not part of the test run; run with
 * {@code mvn -B test -Dtest=NarrationFiguresBenchmark}. Prints: how long the kernel keeps a TIME_WAIT connection
 * (the narration says a fixed 60 s on Linux, against RFC 9293's 2MSL), the accept queue a backlog of 1 holds
 * (backlog + 1), and flow-control's send-q in FIN_WAIT_1 against the bytes not yet acknowledged (one more: the FIN).
 */
class NarrationFiguresBenchmark {

    @Test
    void printFigures() {
        System.out.println();
        System.out.println("SocketLab narration figures on this kernel (" + System.getProperty("os.version") + ")");
        List<Event> timeWait = run("time-wait");
        timeWait.stream().filter(
                e -> e.payload() instanceof Payload.State s && "TIME_WAIT".equals(s.to()) && s.timeWaitMs() != null)
                .findFirst().ifPresent(
                        e -> System.out.printf("  TIME_WAIT kept for            %6d ms (RFC 9293 2MSL = 240000 ms)%n",
                                ((Payload.State) e.payload()).timeWaitMs()));
        long acceptQueue = run("backlog-full").stream()
                .filter(e -> e.endpoint().equals("server") && e.payload() instanceof Payload.Queue q
                        && q.sendQ() == 1)
                .mapToLong(e -> ((Payload.Queue) e.payload()).recvQ()).max().orElse(-1);
        System.out.printf("  accept queue with backlog 1   %6d connections%n", acceptQueue);
        List<Event> flow = run("flow-control");
        long sent = flow.stream()
                .filter(e -> e.endpoint().equals("client") && e.payload() instanceof Payload.Call c
                        && c.call().equals("send"))
                .mapToLong(e -> ((Payload.Call) e.payload()).result()).reduce((a, b) -> b).orElse(-1);
        long unread = flow.stream()
                .filter(e -> e.endpoint().equals("server") && e.payload() instanceof Payload.Queue q && q.sendQ() == 0
                        && q.recvQ() > 0)
                .mapToLong(e -> ((Payload.Queue) e.payload()).recvQ()).reduce((a, b) -> b).orElse(-1);
        long sendQ = flow.stream()
                .filter(e -> e.endpoint().equals("client") && e.payload() instanceof Payload.Queue q && q.sendQ() > 0)
                .mapToLong(e -> ((Payload.Queue) e.payload()).sendQ()).reduce((a, b) -> b).orElse(-1);
        System.out.printf(
                "  flow-control: send took %d, reader kept %d, send-q in FIN_WAIT_1 %d (= %d + 1 for the FIN)%n",
                sent, unread, sendQ, sent - unread);
    }

    private static List<Event> run(String id) {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load(id), lab);
            assertTrue(report.passed(), id);
            return lab.journal().snapshot();
        }
    }
}
