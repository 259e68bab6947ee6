package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** Issue 79: a thread's start and end in a JSON Lines journal, written and read back the same; no process is a thread. */
class ThreadEventJsonTest {
    @Test
    void threadEventsRoundTrip() throws Exception {
        List<Event> events = List.of(
                new Event(1, 10, "program-4242-thread-1", Payload.Process.thread(4243, 4242)),
                new Event(2, 20, "program-4242-thread-1", Payload.Process.threadEnded(4243, 4242, 0)),
                new Event(3, 30, "program-4242-thread-2", Payload.Process.threadEnded(4244, 4242, null)));
        StringWriter out = new StringWriter();
        JournalJsonl.write(events, out);
        String text = out.toString();
        assertTrue(text.contains("\"event\":\"thread\"") && text.contains("\"parent_pid\":4242")
                && text.contains("\"event\":\"thread-ended\""), text);
        List<Event> back = JournalJsonl.read(new StringReader(text));
        assertEquals(events.stream().map(Event::payload).toList(), back.stream().map(Event::payload).toList());
        assertTrue(back.stream().allMatch(e -> ((Payload.Process) e.payload()).ofThread()));
    }

    @Test
    void aThreadWithoutItsProcessIsRefused() {
        String line = "{\"seq\":1,\"at_ns\":1,\"type\":\"process\",\"endpoint\":\"program-1-thread-1\","
                + "\"event\":\"thread\",\"pid\":2}";
        assertThrows(LocalizedException.class, () -> JournalJsonl.parseLine(line));
    }
}
