package org.socketlab.story;

import java.util.ArrayDeque;

/**
 * Where the labels of a drawing to time stand (issue 60): marks stand at their moments, and several may fall within a
 * line's height; a label that would cover one already placed moves down to the first free place below it. One rule for
 * every painter (the window's canvas, the SVG), decided here with no toolkit: boxes are numbers, placed in the order the
 * painter draws them.
 */
public final class LabelPlaces {
    /** The boxes placed, as left, top, right, bottom; the oldest are let go once there are many (far above). */
    private final ArrayDeque<double[]> placed = new ArrayDeque<>();

    /**
     * How far down a box of {@code w} by {@code h} at ({@code left}, {@code top}) must move to cover no box placed
     * before it; the box is kept as placed there.
     */
    public double dodge(double left, double top, double w, double h) {
        double dy = 0;
        for (int tries = 0; tries < 400; tries++) {
            double[] hit = null;
            for (double[] b : placed)
                if (left < b[2] && left + w > b[0] && top + dy < b[3] && top + dy + h > b[1]) {
                    hit = b;
                    break;
                }
            if (hit == null) break;
            dy = hit[3] - top + 0.5;
        }
        placed.addLast(new double[]{left, top + dy, left + w, top + dy + h});
        while (placed.size() > 400) placed.removeFirst();
        return dy;
    }

    /**
     * The left edge of a label {@code width} wide written beside a lifeline at {@code axisX}, {@code gap} away from it:
     * on its right when {@code right} (towards the wire, {@link StoryLayout#towardsWire}), else ending on its left.
     */
    public static double besideLeft(double axisX, boolean right, double gap, double width) {
        return right ? axisX + gap : axisX - gap - width;
    }
}
