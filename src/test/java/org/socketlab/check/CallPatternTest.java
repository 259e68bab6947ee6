package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/** The call pattern of check files: names, alternatives, groups, repetition, "...", and where a list stops fitting. */
class CallPatternTest {
    private static final String SERVER = "socket ... bind ... listen (accept (read|recv|recvfrom) ... close)*";

    private static List<String> calls(String words) {
        return words.isBlank() ? List.of() : Arrays.asList(words.trim().split("\\s+"));
    }

    @Test
    void anIterativeServerMatches() {
        CallPattern p = CallPattern.parse(SERVER);
        assertTrue(p.matches(calls("socket setsockopt bind listen")));
        assertTrue(p.matches(calls("socket bind listen accept4 read write read close accept recvfrom close")));
        assertTrue(p.matches(
                calls("socket setsockopt bind listen accept4 recvfrom sendto recvfrom sendto recvfrom close")));
    }

    @Test
    void whereAListStopsFitting() {
        CallPattern p = CallPattern.parse("socket setsockopt? bind listen (accept (read|recv|recvfrom) ... close)*");
        // getsockname right after accept: the pattern wants a read there.
        assertEquals(5, p.firstMismatch(calls("socket setsockopt bind listen accept4 getsockname recvfrom close")));
        // A connection left open at the end: every call fits, but the list ends too early.
        List<String> open = calls("socket bind listen accept read write");
        // With "..." before listen any call may still be followed by a listen: the list only ends too early.
        assertEquals(6, CallPattern.parse(SERVER).firstMismatch(calls("socket bind listen accept4 getsockname read")));
        assertEquals(open.size(), p.firstMismatch(open));
        assertEquals(0, p.firstMismatch(calls("bind listen")));
        assertEquals(-1, p.firstMismatch(calls("socket bind listen")));
    }

    @Test
    void repetitionAndAlternatives() {
        CallPattern p = CallPattern.parse("socket (sendto|send)+ recvfrom? close");
        assertTrue(p.matches(calls("socket sendto close")));
        assertTrue(p.matches(calls("socket sendto send sendto recvfrom close")));
        assertFalse(p.matches(calls("socket close")));
        assertFalse(p.matches(calls("socket sendto recvfrom recvfrom close")));
        assertTrue(CallPattern.parse("a ... b").matches(calls("a x y z b")));
        assertTrue(CallPattern.parse("a ... b").matches(calls("a b")));
        assertFalse(CallPattern.parse("a ... b").matches(calls("a b c")));
        assertTrue(CallPattern.parse("(a b?)*").matches(calls("a a b a")));
        assertTrue(CallPattern.parse("(a*)*").matches(calls("a a")));
    }

    @Test
    void aLongRunIsMatchedWithoutRecursion() {
        List<String> many = new ArrayList<>(List.of("socket", "bind", "listen"));
        for (int i = 0; i < 200_000; i++) many.addAll(List.of("accept", "read", "write", "read", "close"));
        assertTrue(CallPattern.parse(SERVER).matches(many));
        many.add("accept");
        assertEquals(many.size(), CallPattern.parse(SERVER).firstMismatch(many));
    }

    @Test
    void mistakesNameTheirColumn() {
        Messages en = Messages.of(Lang.EN);
        for (String[] bad : new String[][]{{"socket (bind", "8", "never closed"}, {"socket bind)", "12", "closes no"},
                {"* socket", "1", "must follow"}, {"socket**", "8", "two repetitions"}, {"", "1", "empty"},
                {"socket | ", "10", "nothing after"}, {"socket ()", "8", "group is empty"},
                {"socket 3", "8", "expected a call name"}}) {
            LocalizedException e = assertThrows(LocalizedException.class, () -> CallPattern.parse(bad[0]), bad[0]);
            String text = en.text(e);
            assertTrue(text.contains("column " + bad[1]) && text.contains(bad[2]), bad[0] + " -> " + text);
        }
    }

    @Test
    void groupsNestedBeyondTheLimitAreRefusedInTheUsersLanguageNotWithAStackOverflow() {
        String fine = "(".repeat(CallPattern.MAX_DEPTH) + "socket" + ")".repeat(CallPattern.MAX_DEPTH);
        assertTrue(CallPattern.parse(fine).matches(List.of("socket")));
        for (int depth : new int[]{CallPattern.MAX_DEPTH + 1, 100_000}) {
            String deep = "(".repeat(depth) + "socket" + ")".repeat(depth);
            LocalizedException e = assertThrows(LocalizedException.class, () -> CallPattern.parse(deep));
            String es = Messages.of(Lang.ES).text(e);
            assertTrue(es.contains("columna " + (CallPattern.MAX_DEPTH + 1)) && es.contains("niveles"), es);
        }
    }
}
