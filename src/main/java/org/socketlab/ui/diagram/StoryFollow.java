package org.socketlab.ui.diagram;

import java.util.function.DoubleUnaryOperator;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.socketlab.journal.Payload;

/**
 * Where the diagram scrolls to while it follows the playback cursor. Without a lesson it keeps the newest row in view.
 * In a lesson it keeps the step's story (issue 43 item 3: after a refused connect the [SYN] had scrolled away under the
 * lifelines' heads, so its RST was never seen beside it): the step's narration and every row after it when they fit,
 * else the rows from the step's first new row (the call that caused the rest) down, else that first new row at the top
 * with the rest below it, rather than the newest row at the bottom. Pure arithmetic on the rows' tops, so it is tested
 * without a screen.
 */
final class StoryFollow {
    /** How far back a step's narration is looked for: a longer step is followed by its newest row. */
    static final int ROWS_LOOKED_AT = 400;

    private StoryFollow() {
    }

    /**
     * The row of the narration of the step the newest of the {@code shown} rows belongs to, or -1: no lesson, no
     * narration, or the lesson's verdict came after it (the seq {@code lessonEnd}, -1 while none; the live lab follows
     * it; there the newest row is followed). A lab's note within the step (what the run showed, issue 57: "uno was
     * sent again 25 ms after its first copy" ended order-after-loss's story, and the SACK and the retransmission were
     * scrolled above the view) goes on with it. A paced lesson says the next step's narration as soon as a step's
     * call is made, and waits: that narration, with no row after it yet, ends the story of the step before it.
     */
    static int storyStart(DiagramModel m, int shown, Predicate<Payload.Note> stepNarration, long lessonEnd) {
        if (stepNarration == null) return -1;
        int least = Math.max(0, shown - ROWS_LOOKED_AT), i = shown - 1;
        // The waiting step's narration right after the rows of the step before (their last may be the run's note): that
        // step's story, told to its end.
        if (i > least && isStep(m.row(i), stepNarration) && !isStep(m.row(i - 1), stepNarration)) i--;
        for (; i >= least; i--) {
            Row row = m.row(i);
            if (lessonEnd >= 0 && row.event().seq() >= lessonEnd) return -1;
            if (row instanceof Row.NoteRow note && stepNarration.test(note.note())) return i;
        }
        return -1;
    }

    private static boolean isStep(Row row, Predicate<Payload.Note> stepNarration) {
        return row instanceof Row.NoteRow note && stepNarration.test(note.note());
    }

    /**
     * The scroll offset that shows the story starting at row {@code story} (-1: only the newest row) of the
     * {@code shown} rows, moving as little as it can from {@code now}.
     *
     * @param rowTop    rowTop[i] the top of row i, rowTop[shown] the bottom of the last
     * @param calls     whether a row is a call's
     * @param view      the height rows are drawn in
     * @param margin    room kept under the newest row
     * @param wholeRow  the first row top at or below an offset (the view starts with a whole row)
     */
    static double offset(double[] rowTop, int story, int shown, IntPredicate calls, double view, double margin,
            double now, DoubleUnaryOperator wholeRow) {
        double bottom = rowTop[shown] + margin;
        if (story >= 0) {
            int cause = cause(story, shown, calls);
            for (int from : new int[]{story, cause})
                if (bottom - rowTop[from] <= view) return keepInView(rowTop[from], bottom, view, now, wholeRow);
            return rowTop[cause];
        }
        return keepInView(rowTop[shown - 1], bottom, view, now, wholeRow);
    }

    /**
     * The step's first new row, the cause of the rest: its first call (a late mark of the step before may come between
     * the narration and it), else the row after the narration.
     */
    static int cause(int story, int shown, IntPredicate calls) {
        for (int i = story + 1; i < shown; i++) if (calls.test(i)) return i;
        return Math.min(story + 1, shown - 1);
    }

    private static double keepInView(double top, double bottom, double view, double now, DoubleUnaryOperator wholeRow) {
        if (bottom > now + view) return wholeRow.applyAsDouble(bottom - view);
        return top < now ? top : now;
    }

    /**
     * Whether a view at {@code offset} shows what {@link #offset} keeps: the newest row without a story (or all of
     * it when taller than the view); in a story, every row from its first new row down when they fit, else that row at
     * the top.
     */
    static boolean shows(double[] rowTop, int story, int shown, IntPredicate calls, double view, double offset) {
        int from = story < 0 ? shown - 1 : cause(story, shown, calls);
        if (rowTop[shown] - rowTop[from] <= view)
            return rowTop[from] >= offset - 0.5 && rowTop[shown] <= offset + view + 0.5;
        return story < 0
                ? rowTop[from] <= offset + view && rowTop[shown] >= offset
                : Math.abs(offset - rowTop[from]) < 0.5;
    }
}
