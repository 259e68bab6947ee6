package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Issue 42 item 1's leftovers: a traced program's sockets are read from /proc ahead of strace's record, so a state can
 * be journaled before the call that made it, and strace's stamped return can come after the reading. The story tells
 * the state below its call all the same (LISTEN below listen(), CLOSED below close()). A connection first read in
 * TIME_WAIT (no capture: nothing on the wire to place it at) is not told right below the accept4() that made its
 * descriptor: TIME_WAIT needs a FIN of its own, which accept4() never sends.
 */
class TracedStatesTest {
    private static Event call(long seq, String name, Integer fd, Map<String, String> args, long result,
            long entered, long returned) {
        return new Event(seq, returned, "program",
                new Payload.Call(name, fd, args, result, null, null, null, 0, null, entered));
    }

    private static Event state(long seq, int fd, String from, String to, long at) {
        return new Event(seq, at, "program", new Payload.State(fd, from, to, "sock_diag", null, null));
    }

    private static List<String> told(List<Event> journal) {
        return Story.of(journal).beats().stream().map(b -> switch (b) {
            case Beat.Call c -> c.call().call() + (c.moment() == Beat.Moment.ENTRY ? " entry" : "");
            case Beat.State s -> s.state().to();
            default -> b.event().type();
        }).toList();
    }

    @Test
    void listenReadBeforeStracesLineIsToldBelowListen() {
        // The reading (145) lies between listen's entry (140) and its stamped return (150), journaled before its line.
        List<Event> journal = List.of(
                call(1, "socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, 100, 110),
                call(2, "bind", 3, Map.of("addr", "127.0.0.1:5000"), 0, 120, 130),
                state(3, 3, "CLOSED", "LISTEN", 145),
                call(4, "listen", 3, Map.of("backlog", "5"), 0, 140, 150),
                call(5, "close", 3, Map.of(), 0, 200, 210));
        assertEquals(List.of("socket", "bind", "listen", "LISTEN", "close"), told(journal));
    }

    @Test
    void closedReadBeforeStracesCloseLineIsToldBelowClose() {
        List<Event> journal = List.of(
                call(1, "socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, 100, 110),
                call(2, "bind", 3, Map.of("addr", "127.0.0.1:5000"), 0, 120, 130),
                call(3, "listen", 3, Map.of("backlog", "5"), 0, 140, 150),
                state(4, 3, "CLOSED", "LISTEN", 160),
                state(5, 3, "LISTEN", "CLOSED", 205),
                call(6, "close", 3, Map.of(), 0, 200, 210));
        assertEquals(List.of("socket", "bind", "listen", "LISTEN", "close", "CLOSED"), told(journal));
    }

    @Test
    void aConnectionFirstReadInTimeWaitIsNotToldBelowTheAccept4ThatMadeItsDescriptor() {
        List<Event> journal = List.of(
                call(1, "socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, 100, 110),
                call(2, "bind", 3, Map.of("addr", "127.0.0.1:5000"), 0, 120, 130),
                call(3, "listen", 3, Map.of("backlog", "5"), 0, 140, 150),
                state(4, 3, "CLOSED", "LISTEN", 160),
                call(5, "accept4", 3, Map.of("peer", "127.0.0.1:40000", "flags", "SOCK_CLOEXEC"), 4, 170, 300),
                call(6, "recvfrom", 4, Map.of("len", "100", "flags", "0"), 4, 310, 320),
                call(7, "close", 4, Map.of(), 0, 330, 340),
                state(8, 4, "CLOSED", "TIME_WAIT", 400));
        List<String> told = told(journal);
        assertEquals(List.of("socket", "bind", "listen", "LISTEN", "accept4", "recvfrom", "close", "TIME_WAIT"), told);
    }
}
