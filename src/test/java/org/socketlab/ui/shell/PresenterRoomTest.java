package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 78 item 2: presenter mode's diagram keeps half the screen's height at any zoom; the words above it get what
 * the talk (all but the call strip) has beyond that, nothing when it has no more.
 */
class PresenterRoomTest {
    @Test
    void theWordsGetWhatTheTalkHasBeyondHalfTheScreen() {
        // 1280x720, a call strip of 110 px: the talk is 610 px; the diagram keeps 360 (and the layout's slack).
        assertEquals(610 - 360 - PresenterRoom.SLACK_PX, PresenterRoom.wordsRoom(610, 720, 0), 1e-9);
        assertEquals(1080 - 150 - 540 - PresenterRoom.SLACK_PX, PresenterRoom.wordsRoom(1080 - 150, 1080, 0), 1e-9);
        // The lifelines' heads are over the drawing's half: the words give them their height.
        assertEquals(610 - 360 - 45 - PresenterRoom.SLACK_PX, PresenterRoom.wordsRoom(610, 720, 45), 1e-9);
    }

    @Test
    void aTalkNoTallerThanTheDiagramsShareLeavesTheWordsNothing() {
        assertEquals(0, PresenterRoom.wordsRoom(300, 720, 0));
        assertEquals(0, PresenterRoom.wordsRoom(0, 720, 0), "before the first layout");
        assertEquals(0, PresenterRoom.wordsRoom(610, 0, 0));
    }

    @Test
    void theDiagramKeepsHalfTheScreenAndNeverLessThanItsLeast() {
        for (double h : new double[]{480, 720, 768, 1080, 2160})
            assertTrue(PresenterRoom.diagramKeeps(h, 40) >= h / 2 + 40, "at " + h);
        assertEquals(PresenterViews.DIAGRAM_LEAST_PX, PresenterRoom.diagramKeeps(10, 0));
    }
}
