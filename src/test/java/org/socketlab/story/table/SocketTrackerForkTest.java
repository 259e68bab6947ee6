package org.socketlab.story.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * The socket table of a real fork-server run (issue 39): a socket a fork() shared is one row, held open while any of
 * its processes holds it, and its states go on in that row for the process that last acted on it (the window showed
 * the connection ESTABLISHED under the parent's closed copy while the child's FIN_WAIT_2 was drawn).
 */
class SocketTrackerForkTest {
    @Test
    void aForkedSocketStaysOneRowOpenWhileTheChildHoldsItAndTakesItsStates() {
        List<Event> journal;
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("fork-server"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            journal = lab.journal().snapshot();
        }
        int forked = indexOf(journal, e -> e.endpoint().equals("server-2") && e.payload() instanceof Payload.Process p
                && p.event().equals(Payload.Process.FORKED));
        // The parent's close of its copy of the connection, after the fork: the child still has it.
        int parentClose = indexOf(journal, e -> journal.indexOf(e) > forked && e.endpoint().equals("server")
                && e.payload() instanceof Payload.Call c && c.call().equals("close") && !c.failed()
                && c.fd() != null && c.fd() == 4);
        SocketTracker tracker = new SocketTracker();
        tracker.accept(journal.subList(0, parentClose + 1));
        List<SocketRow> fd4 = tracker.rows(0).stream().filter(r -> r.fd() == 4).toList();
        assertEquals(1, fd4.size(), () -> "one socket, one row: " + fd4);
        assertTrue(fd4.getFirst().open(), () -> "the child still holds it: " + fd4);
        assertEquals("server-2", fd4.getFirst().endpoint(), () -> "its row is the holder's: " + fd4);
        // The first state the child's socket goes through after that is told in that row.
        int childState = indexOf(journal, e -> journal.indexOf(e) > parentClose && e.endpoint().equals("server-2")
                && e.payload() instanceof Payload.State s && s.fd() == 4);
        tracker = new SocketTracker();
        tracker.accept(journal.subList(0, childState + 1));
        Payload.State state = (Payload.State) journal.get(childState).payload();
        List<SocketRow> now = tracker.rows(0).stream().filter(r -> r.fd() == 4).toList();
        assertEquals(1, now.size(), () -> "one row: " + now);
        assertEquals(state.toState(), now.getFirst().state(), () -> "the child's state is the row's: " + now);
        assertEquals("server-2", now.getFirst().endpoint(), () -> "" + now);
    }

    private static int indexOf(List<Event> journal, Predicate<Event> which) {
        for (int i = 0; i < journal.size(); i++) if (which.test(journal.get(i))) return i;
        throw new AssertionError("not in the journal: " + journal);
    }
}
