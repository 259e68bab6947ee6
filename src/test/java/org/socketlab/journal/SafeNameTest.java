package org.socketlab.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/** Names read from files are one segment of a safe alphabet (issue 35): every name the program makes passes. */
public class SafeNameTest {
    /** Names hostile to a writer: out of the folder, a new line in a comment, nothing, too long, an option. */
    public static final List<String> HOSTILE = List.of("../../../x", "a/b", "x\nint main", "", "a".repeat(200), ".",
            "..",
            "-rf", "a b", "a\\b", "C:x", "x\r", "caf\u00e9", "x\u2028y", "_x", "a.c", "x\u0000");

    @Test
    void everyNameTheProgramMakesIsSafe() {
        for (String name : List.of("client", "client-2", "client-37", "server", "server-1", "server-100000",
                "external", "lab", "program", "program-4194304", "tcp-basics", "free-lab", "recorded-20250101-1200",
                "conn_2", "s", "x".repeat(SafeName.MAX_LENGTH), "tcp-echo-server", "Server2")) {
            assertTrue(SafeName.isSafe(name), name);
            assertEquals(name, SafeName.check("endpoint", name));
            byte[] b = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
            assertTrue(SafeName.isSafe(b, 1, b.length - 1), name);
        }
    }

    @Test
    void hostileNamesAreRefusedInBothLanguagesAndShownOnOneLine() {
        for (String name : HOSTILE) {
            assertFalse(SafeName.isSafe(name), name);
            byte[] b = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
            assertFalse(SafeName.isSafe(b, 1, b.length - 1), name);
            LocalizedException e = assertThrows(LocalizedException.class, () -> SafeName.check("endpoint", name));
            assertEquals("name.unsafe", e.key());
            String en = Messages.of(Lang.EN).text(e), es = Messages.of(Lang.ES).text(e);
            assertTrue(en.startsWith("endpoint \"" + SafeName.shown(name) + "\" is not a safe name: use 1 to 64 "),
                    en);
            assertTrue(
                    es.startsWith("endpoint \"" + SafeName.shown(name) + "\" no es un nombre seguro: usa de 1 a 64 "),
                    es);
            for (String message : List.of(en, es))
                assertTrue(message.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028'), message);
        }
        assertFalse(SafeName.isSafe(null));
        assertFalse(SafeName.isSafe("y".repeat(SafeName.MAX_LENGTH + 1)));
        assertEquals("x\\nint main", SafeName.shown("x\nint main"));
        assertEquals("a".repeat(40) + "… (200)", SafeName.shown("a".repeat(200)));
    }
}
