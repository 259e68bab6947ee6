package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Issue 43 item 3: where the diagram scrolls while it follows a lesson's step, without the toolkit. After a refused
 * connect the [SYN] had scrolled away under the lifelines' heads, so its RST was never seen beside it.
 */
class StoryFollowTest {
    /** Six rows: an earlier row (0-40), the step's narration (40-100), the connect, SYN, RST, its -1 (to 340). */
    private static final double[] TOPS = {0, 40, 100, 160, 220, 280, 340};
    private static final double MARGIN = 8;

    /** The first row top at or below an offset, as the skin's. */
    private static final DoubleUnaryOperator WHOLE_ROW = o -> {
        for (double top : TOPS) if (top >= o - 0.5) return top;
        return o;
    };

    private static double offset(int story, double view, double now) {
        return StoryFollow.offset(TOPS, story, 6, i -> i == 2, view, MARGIN, now, WHOLE_ROW);
    }

    @Test
    void aStepThatFitsIsShownFromItsNarrationDown() {
        assertEquals(40, offset(1, 320, 0), "the narration at the top, the last row above the bottom");
        assertEquals(40, offset(1, 320, 200), "scrolled below the narration: back up to it");
        assertEquals(40, offset(1, 330, 40), "already in view: it stays");
    }

    @Test
    void withoutRoomForItsNarrationTheStepIsShownFromItsFirstNewRow() {
        assertEquals(100, offset(1, 260, 0), "the connect that caused the SYN and RST at the top");
    }

    @Test
    void aStepTallerThanTheViewKeepsItsFirstNewRowAtTheTopNotItsLast() {
        assertEquals(100, offset(1, 200, 0));
        assertEquals(100, offset(1, 120, 340), "scrolled past it: back to the cause");
        // Followed by its newest row, the view would have started at 160: the connect and its SYN gone.
        assertEquals(160, offset(-1, 200, 0), "without a lesson the newest row is kept in view");
    }

    @Test
    void theStepsCauseIsItsCallNotALateMarkOfTheStepBefore() {
        // Row 2 a late mark of the step before, row 3 the call: the call at the top.
        assertEquals(160, StoryFollow.offset(TOPS, 1, 6, i -> i == 3, 120, MARGIN, 0, WHOLE_ROW));
        assertEquals(2, StoryFollow.cause(1, 6, i -> false), "no call: the row after the narration");
    }

    @Test
    void theStepIsTheNarrationBeforeTheNewestRowAndNoOtherNoteAfterIt() {
        DiagramModel model = new DiagramModel();
        Payload.Call socket = new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0);
        Payload.Note step = new Payload.Note(Map.of("en", "A socket."));
        Payload.Note waiting = new Payload.Note(Map.of("en", "Then a connect."));
        Payload.Note verdict = new Payload.Note(Map.of("en", "Lesson done."));
        model.append(List.of(new Event(1, 1, "lab", step), new Event(2, 2, "client", socket),
                new Event(3, 3, "client", socket), new Event(4, 4, "lab", verdict), new Event(5, 5, "client", socket),
                new Event(6, 6, "lab", step), new Event(7, 7, "client", socket), new Event(8, 8, "lab", waiting),
                new Event(9, 9, "client", socket)));
        Predicate<Payload.Note> steps = note -> note == step || note == waiting;
        assertEquals(0, StoryFollow.storyStart(model, 3, steps, -1), "the step's narration");
        assertEquals(0, StoryFollow.storyStart(model, 1, steps, -1), "its narration alone");
        assertEquals(-1, StoryFollow.storyStart(model, 5, steps, 4), "after the verdict the newest row is followed");
        assertEquals(-1, StoryFollow.storyStart(model, 3, note -> false, -1), "no lesson");
        // A paced lesson says the next step's narration once a step's call is made, and waits for the next press.
        assertEquals(5, StoryFollow.storyStart(model, 8, steps, -1), "the step just made, to the narration that waits");
        assertEquals(7, StoryFollow.storyStart(model, 9, steps, -1), "once the waiting step's call is made, its story");
    }

    /**
     * Issue 57 (review 2026-11-26 picture 22): a lab's note within a step, what the run showed ("uno" was sent again 25
     * ms after its first copy), goes on with the step's story; it ended it, and the view followed the newest row.
     */
    @Test
    void aNoteOfTheRunWithinAStepKeepsItsStory() {
        DiagramModel model = new DiagramModel();
        Payload.Call send = new Payload.Call("send", 3, Map.of("data", "dos"), 3, null, null, null, 0);
        Payload.Note step = new Payload.Note(Map.of("en", "dos leaves right after uno."));
        Payload.Note run = new Payload.Note(Map.of("en", "uno was sent again 25 ms after its first copy."));
        model.append(List.of(new Event(1, 1, "lab", step), new Event(2, 2, "client", send),
                new Event(3, 3, "client", send), new Event(4, 4, "lab", run), new Event(5, 5, "client", send)));
        Predicate<Payload.Note> steps = note -> note == step;
        assertEquals(0, StoryFollow.storyStart(model, 4, steps, -1), "the run's note ends no story");
        assertEquals(0, StoryFollow.storyStart(model, 5, steps, -1), "nor does a row after it");
        assertEquals(-1, StoryFollow.storyStart(model, 5, steps, 4), "once it is the lesson's verdict, it does");
    }
}
