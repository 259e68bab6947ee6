package org.socketlab.ui.diagram;

import java.util.function.IntToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.story.LinkTime;
import org.socketlab.story.TimeAxis;

/**
 * The window's diagram drawn to the link's time (issue 60), by the one axis the SVG export uses ({@link TimeAxis}): each
 * row's moment, where a segment's arrow lands, the ruler. Indexed by row (the older-events row, when there is one, is
 * not on the axis: it stays at the top). Plain Java: a view-model test reads it without the toolkit.
 *
 * @param axis   the story's beats on the axis
 * @param offset rows before the first beat (the older-events row)
 */
public record DiagramTime(TimeAxis axis, int offset) {
    /** The median crossing spans this many font sizes: a slant long enough to read, a handshake on a screen. */
    public static final double FLIGHT_FONT_SIZES = 12;
    /** A folded gap's height, in font sizes. */
    public static final double FOLD_FONT_SIZES = 2.4;

    /**
     * The rows of {@code model} on the time axis at font size {@code fs}, its first moment at {@code top};
     * {@code roomOfRow} says how much room row {@code i} needs across the drawing (narration); null when the link took
     * no time (one machine, a plain link): the rows keep their own heights then.
     */
    public static @Nullable DiagramTime of(DiagramModel model, double fs, double top, IntToDoubleFunction roomOfRow) {
        LinkTime link = model.linkTime();
        if (!link.timed()) return null;
        int offset = model.beatOffset();
        TimeAxis axis = TimeAxis.of(model.beats(), link, top, TimeAxis.scale(link, fs * FLIGHT_FONT_SIZES, 0.02, 400),
                fs * FOLD_FONT_SIZES, i -> roomOfRow.applyAsDouble(i + offset));
        return new DiagramTime(axis, offset);
    }

    /** Where row {@code row}'s moment stands (a segment leaves there); the older-events row is above the axis. */
    public double momentY(int row) {
        return row < offset ? 0 : axis.y(row - offset);
    }

    /** Where a segment's arrow lands: at its arrival, else (lost, inferred) where it left. */
    public double arrivalY(int row, Payload.Segment segment) {
        return row < offset ? 0 : axis.arrivalY(row - offset, segment);
    }

    /** Where a segment the link delivered twice lands the second time; NaN for any other. */
    public double secondArrivalY(Payload.Segment segment) {
        return segment.arrivedTwice() && segment.link() != null && segment.link().arrivedNs().size() > 1
                ? axis.yAt(segment.link().arrivedNs().get(1))
                : Double.NaN;
    }

    /** Pixels a millisecond on the ruler. */
    public double pxPerMs() {
        return axis.pxPerMs();
    }
}
