package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;

/** A condition's "and" and "or": "and" binds first; a group the journal cannot tell does not decide it alone. */
class RunExprTest {
    /** Facts of a run that reached no step: {@code result(1)} cannot be told. */
    private static final RunFacts NOTHING = RunFacts.of(LessonLoader.load("nagle"), List.of());

    private static boolean holds(String condition) {
        return RunExpr.condition(condition).holds(NOTHING, 1);
    }

    @Test
    void andBindsBeforeOr() {
        assertTrue(holds("1 == 2 and 1 == 1 or 2 == 2"));
        assertFalse(holds("1 == 2 or 1 == 1 and 2 == 3"));
        assertTrue(holds("1 == 2 or 2 == 3 or 3 == 3"));
        assertFalse(holds("1 == 2 or 2 == 3"));
    }

    @Test
    void aGroupThatHoldsDecidesWhateverTheOthersCannotTell() {
        assertTrue(holds("result(1) == 0 or 1 == 1"));
        assertTrue(holds("1 == 1 or result(1) == 0"));
        assertThrows(RunFacts.Unknown.class, () -> holds("result(1) == 0 or 1 == 2"));
    }

    @Test
    void anOrWithNothingAfterItIsRefused() {
        assertThrows(LocalizedException.class, () -> RunExpr.condition("1 == 1 or"));
        assertThrows(LocalizedException.class, () -> RunExpr.condition("1 == 1 or and 2 == 2"));
    }
}
