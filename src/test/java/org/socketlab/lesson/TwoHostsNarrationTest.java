package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;

/**
 * A lesson moved to two machines ({@code run --two-hosts}) says nothing of one loopback above calls on the link
 * (issue 59, X1): each shipped lesson that moves speaks its {@code two_hosts} words where its own would be false, and
 * a lesson that cannot say its point on two machines (inaddr-any: 127.0.0.1 against 0.0.0.0) is refused in one line.
 */
class TwoHostsNarrationTest {
    @Test
    void noMovedLessonNamesALoopbackAndEveryRefusalSaysWhy() {
        Map<String, String> refusedForWords = new TreeMap<>();
        List<String> moved = new ArrayList<>();
        for (String id : LessonCatalog.IDS) {
            Lesson lesson = LessonLoader.load(id);
            if (lesson.onTwoHosts()) continue;
            try {
                Lesson there = TwoHosts.rewrite(lesson);
                moved.add(id);
                for (Step s : there.steps()) {
                    assertFalse(s.narration().namesOneMachine(), id + " step " + s.number() + ": " + s.narration());
                    assertTrue(s.narration().onTwoHosts() == null, id + ": moved words are final");
                }
            } catch (LocalizedException refused) {
                if (refused.key().equals("lesson.twoHosts.narration")) refusedForWords.put(id, refused.getMessage());
            }
        }
        assertEquals(List.of("inaddr-any"), List.copyOf(refusedForWords.keySet()),
                "only inaddr-any cannot say its point on two machines: " + refusedForWords);
        assertTrue(moved.size() >= 28, "the lessons that move: " + moved);
    }

    @Test
    void aLessonFileWhoseNarrationNamesTheLoopbackIsNotMovedWithoutItsTwoHostWords() {
        Lesson inaddrAny = LessonLoader.load("inaddr-any");
        LocalizedException refused = assertThrows(LocalizedException.class, () -> TwoHosts.rewrite(inaddrAny));
        assertEquals("lesson.twoHosts.narration", refused.key());
        assertEquals(TwoHosts.Fit.ONE_MACHINE, TwoHosts.fit(inaddrAny));
    }
}
