package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;

/**
 * Issue 42 item 1: in the window's diagram a call glibc made inside getaddrinfo() is labelled under it, and its details
 * say whose call it is, in the window's language; the program's own call is labelled as before.
 */
class LibraryCallRowTest {
    private static Event call(long seq, String name, Integer fd, Map<String, String> args, long result) {
        return new Event(seq, seq * 10, "program",
                new Payload.Call(name, fd, args, result, null, null, null, 0, null, seq * 10 - 5));
    }

    @Test
    void aCallOfTheLibraryIsLabelledUnderGetaddrinfoAndItsDetailsSayWhose() {
        List<Event> journal = List.of(
                call(1, "socket", null, Map.of("domain", "AF_NETLINK", "type", "SOCK_RAW|SOCK_CLOEXEC"), 3),
                call(2, "close", 3, Map.of(), 0),
                call(3, "socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3));
        List<Beat> beats = Story.of(journal).beats();
        Row library = Row.of(0, beats.get(0), false), own = Row.of(2, beats.get(2), false);
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            // (the arguments are in the order of the test's map, which Map.of does not fix)
            assertTrue(DiagramText.label(library, m).startsWith("getaddrinfo() › socket(")
                    && DiagramText.label(library, m).contains("AF_NETLINK"), DiagramText.label(library, m));
            assertTrue(DiagramText.label(own, m).startsWith("socket(") && DiagramText.label(own, m).contains("AF_INET"),
                    DiagramText.label(own, m));
            String said = m.get("story.call.library", "getaddrinfo()");
            assertTrue(RowDetails.of(library, m).contains(new Detail(m.get("ui.diagram.details.madeBy"), said, false)),
                    () -> lang + ": " + RowDetails.of(library, m));
            assertEquals(0, RowDetails.of(own, m).stream().filter(d -> d.value().equals(said)).count());
        }
    }
}
