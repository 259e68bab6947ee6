package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Libc;

/**
 * AF_UNIX sockets put nothing on any wire: the unix-domain lesson journals no segment, captured or inferred, whether
 * the wire is captured or not. What the kernel does keep for them (unix_diag: LISTEN, ESTABLISHED, the accept queue,
 * the bytes waiting to be read) is journaled instead, each socket named by its inode.
 */
class UnixDomainKernelTest {

    @ParameterizedTest(name = "capture {0}")
    @ValueSource(booleans = {true, false})
    void theUnixDomainLessonJournalsNoSegmentAndTheStatesTheKernelKeeps(boolean capture) {
        Lesson lesson = LessonLoader.load("unix-domain");
        try (Lab lab = new Lab(Libc.forThisMachine(), new Journal(), capture)) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            List<Event> events = lab.journal().snapshot();
            assertEquals(List.of(), events.stream().filter(e -> e.payload() instanceof Payload.Segment).toList(),
                    "no segment of any kind for AF_UNIX");

            List<Payload.State> states = events.stream().map(Event::payload).filter(p -> p instanceof Payload.State)
                    .map(p -> (Payload.State) p).toList();
            assertTrue(states.stream().allMatch(s -> s.source().equals("unix_diag")),
                    () -> "states from unix_diag: " + states);
            assertTrue(states.stream().allMatch(s -> s.inode() != null && s.inode() > 0),
                    () -> "each state names its socket's inode: " + states);
            // Per socket (by inode), the states the kernel went through.
            Map<Long, List<String>> lives = states.stream().collect(Collectors.groupingBy(Payload.State::inode,
                    LinkedHashMap::new,
                    Collectors.mapping(s -> s.from() + ">" + s.to(), Collectors.toList())));
            assertTrue(lives.containsValue(List.of("CLOSED>LISTEN", "LISTEN>CLOSED")), () -> "the listener: " + lives);
            assertTrue(lives.containsValue(List.of("CLOSED>ESTABLISHED", "ESTABLISHED>CLOSED")),
                    () -> "a connected socket: " + lives);
            assertEquals(5, lives.size(),
                    () -> "listener, and two connections of a client and an accepted socket each; the failed ones never changed: "
                            + lives);

            List<Payload.Queue> queues = events.stream().map(Event::payload).filter(p -> p instanceof Payload.Queue)
                    .map(p -> (Payload.Queue) p).toList();
            assertTrue(queues.stream().anyMatch(q -> q.recvQ() == 12 && q.sendQ() == 0),
                    () -> "12 bytes wait in the accepted socket: " + queues);
            assertTrue(queues.stream().anyMatch(q -> q.recvQ() == 1 && q.sendQ() == 5),
                    () -> "one connection waits in the accept queue (backlog 5): " + queues);
        }
    }
}
