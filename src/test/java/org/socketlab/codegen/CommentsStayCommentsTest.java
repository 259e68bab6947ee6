package org.socketlab.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Issue 35, item 5, at the writer: data of the journal said in a program's comments (an errno name, an endpoint)
 * never ends the comment. The readers already refuse an unsafe endpoint; these events are made here, past them, as a
 * writer might one day be handed them.
 */
class CommentsStayCommentsTest {
    private static final String EVIL = "int evil(void);";

    @Test
    void lineBreaksInTheJournalsDataNeverEndAComment() {
        for (String endpoint : List.of("client", "x\nint main", "y\r\n" + EVIL, "z\u2028" + EVIL, "w\\")) {
            List<Event> events = List.of(
                    new Event(1, 10, endpoint,
                            new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3,
                                    null, null, null, 0, 5)),
                    new Event(2, 20, endpoint,
                            new Payload.Call("connect", 3, Map.of("addr", "127.0.0.1:5000"), -1, 111,
                                    "ECONNREFUSED\n" + EVIL + "\r" + EVIL + "\u2029" + EVIL + "\u0085" + EVIL
                                            + " \\u000a" + EVIL + " \\",
                                    null, 0, 15)),
                    new Event(3, 30, endpoint,
                            new Payload.Call("close", 3, Map.of(), 0, null, null, null, 0, 25)));
            CodeScript script = CodeScript.of(events);
            assertEquals(List.of(endpoint), script.endpoints());
            for (Messages m : List.of(Messages.of(Lang.EN), Messages.of(Lang.ES)))
                for (Language language : Language.values()) {
                    Program p = CodeGenerator.program(language, script, endpoint, m);
                    String prefix = language == Language.PYTHON ? "#" : "//";
                    assertEquals(p.lines().size(), p.text().split("\n", -1).length - 1,
                            language + ": one line per line: " + p.text());
                    for (String line : p.lines()) {
                        assertTrue(line.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028'
                                || c == '\u2029'), language + ": " + line);
                        if (line.contains(EVIL))
                            assertTrue(line.strip().startsWith(prefix), language + ": data outside a comment: " + line);
                        if (line.strip().startsWith(prefix))
                            assertFalse(line.endsWith("\\"), language + ": C would join the next line: " + line);
                        assertFalse(line.strip().startsWith(prefix) && line.contains("\\u000a"),
                                language + ": javac reads \\u000a as a line break, even in a comment: " + line);
                    }
                    assertTrue(p.text().contains(EVIL), language + ": the data is still said, in a comment");
                }
        }
    }

    @Test
    void inertTextKeepsWhatIsSafe() {
        String plain = "Prints the bytes (\\xNN where not printable) and the sender's address: ECONNREFUSED.";
        assertEquals(plain, Writer.inert(plain));
        assertEquals("a b c d", Writer.inert("a\nb\rc\u2028d"));
        assertEquals("\\ u000a", Writer.inert("\\u000a"));
    }
}
