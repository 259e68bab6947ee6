package org.socketlab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing tool fails the run on CI and is a visible, explained skip elsewhere; never a quiet pass. */
class CiRulesTest {
    @Test
    void aMissingToolFailsOnCiAndIsReportedSkippedElsewhereNamingIt() {
        Class<? extends Throwable> expected = CiRules.onCi() ? AssertionFailedError.class : TestAbortedException.class;
        Throwable t = assertThrows(expected, () -> CiRules.requireOrSkip(false, "frobnicator (apt-get install frob)"));
        assertTrue(t.getMessage().contains("frobnicator (apt-get install frob)"), t.getMessage());
        assertTrue(t.getMessage().contains(".ci/run"), () -> "says how CI gets it: " + t.getMessage());
    }

    @Test
    void aPresentToolGoesOn() {
        assertDoesNotThrow(() -> CiRules.requireOrSkip(true, "gcc"));
    }
}
