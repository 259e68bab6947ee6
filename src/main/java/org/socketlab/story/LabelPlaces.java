package org.socketlab.story;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Where the labels of a drawing to time stand (issues 60 and 78): marks stand at their moments, and several may fall
 * within a line's height; a label that would cover one already placed moves down to the first free place below it. A
 * label is first slid sideways inside the drawing (right of the time ruler, left of the drawing's right edge), and
 * text that must not move (a folded gap's length, a narration across the drawing) is kept clear of. One rule for
 * every painter (the window's canvas, the SVG), decided here with no toolkit: boxes are numbers, placed in the order
 * the painter draws them. A text that cannot be slid inside is said shorter ({@link #shortest}): the painter keeps
 * the whole text for a tooltip or the row's details.
 */
public final class LabelPlaces {
    /** A text's box on the page (its halo): left and top edges, width and height. */
    public record Box(double left, double top, double width, double height) {
        public double right() {
            return left + width;
        }

        public double bottom() {
            return top + height;
        }

        /** Whether the two boxes share more than a sliver (half a pixel) of area. */
        public boolean covers(Box o) {
            return left < o.right() - 0.5 && o.left < right() - 0.5 && top < o.bottom() - 0.5
                    && o.top < bottom() - 0.5;
        }

        Box moved(double dx, double dy) {
            return new Box(left + dx, top + dy, width, height);
        }
    }

    /** The labels placed, oldest first; the oldest are let go once there are many (far above). */
    private final ArrayDeque<Box> placed = new ArrayDeque<>();
    /** What never moves and is never let go: a fold's length, a narration's lines. */
    private final List<Box> kept = new ArrayList<>();
    /** No label starts left of this: the time ruler's marks are there. */
    private final double leftEdge;

    /** Labels anywhere across the page. */
    public LabelPlaces() {
        this(Double.NEGATIVE_INFINITY);
    }

    /** Labels kept right of {@code leftEdge} (the time ruler's room). */
    public LabelPlaces(double leftEdge) {
        this.leftEdge = leftEdge;
    }

    /** Text drawn where it is, which every label placed from now on keeps clear of. */
    public void keepClear(Box box) {
        kept.add(box);
    }

    /**
     * A label of one or more lines (its boxes as asked for): each line slid sideways inside the drawing (from the
     * left edge to {@code rightEdge}; a line wider than that starts at the left edge), then all of them moved down
     * together to the first place where none covers text placed or kept before. Returns the boxes as placed, which
     * later labels keep clear of.
     */
    public List<Box> place(List<Box> lines, double rightEdge) {
        List<Box> placedHere = place(lines, rightEdge, Double.POSITIVE_INFINITY);
        return placedHere == null ? List.of() : placedHere;
    }

    /**
     * As {@link #place(List, double)}, moved down at most {@code farthest}: a label with no free place that near its
     * mark (the labels of a flight of a hundred segments sent within a millisecond) is not placed, and null returned:
     * the painter leaves it out rather than write it far from what it names or on another.
     */
    public @Nullable List<Box> place(List<Box> lines, double rightEdge, double farthest) {
        List<Box> at = new ArrayList<>(lines.size());
        for (Box b : lines) at.add(b.moved(inside(b.left(), b.width(), leftEdge, rightEdge) - b.left(), 0));
        return settle(at, farthest);
    }

    /** The boxes moved down together to the first place where none covers text placed or kept before; kept there. */
    private @Nullable List<Box> settle(List<Box> at, double farthest) {
        double dy = 0;
        for (int tries = 0; tries < 2000; tries++) { // (then it stays where it got to, as the SVG always did)
            if (dy > farthest) return null;
            double down = 0;
            for (Box b : at) {
                Box there = b.moved(0, dy);
                Box hit = hitBy(there);
                if (hit != null) {
                    down = hit.bottom() - there.top() + 0.5;
                    break;
                }
            }
            if (down == 0) break;
            dy += down;
        }
        List<Box> out = new ArrayList<>(at.size());
        for (Box b : at) out.add(b.moved(0, dy));
        placed.addAll(out);
        while (placed.size() > 4000) placed.removeFirst();
        return out;
    }

    /**
     * Lets go of the labels placed that end above {@code y}: a painter placing its rows in time order says where the
     * next rows start, so that a long flight's labels are compared with those near them only (none is let go by
     * count while a cascade of them may still reach below).
     */
    public void forgetAbove(double y) {
        placed.removeIf(b -> b.bottom() < y);
    }

    private @Nullable Box hitBy(Box b) {
        for (Box k : kept) if (b.covers(k)) return k;
        for (Box p : placed) if (b.covers(p)) return p;
        return null;
    }

    /**
     * How far down a box of {@code w} by {@code h} at ({@code left}, {@code top}) must move to cover no box placed
     * before it; the box is kept as placed there (not slid sideways: the caller has kept it inside).
     */
    public double dodge(double left, double top, double w, double h) {
        List<Box> at = settle(List.of(new Box(left, top, w, h)), Double.POSITIVE_INFINITY);
        return at == null ? 0 : at.getFirst().top() - top;
    }

    /**
     * The first of {@code ways} (one text said in ways ever shorter, the whole first) whose {@code width} fits in
     * {@code room}; else the shortest cut with "…" to fit (at least its first letter); "" when not even that fits. Issue
     * 78: at 200 % on 1024 px the diagram is ~11 letters of its type wide; whatever is cut here is said whole where
     * the pointer rests on it.
     */
    public static String shortest(List<String> ways, ToDoubleFunction<String> width, double room) {
        for (String way : ways)
            if (width.applyAsDouble(way) <= room) return way;
        String text = ways.getLast();
        for (int end = text.length() - 1; end >= 1; end--) {
            String tried = text.substring(0, end).stripTrailing() + "…";
            if (width.applyAsDouble(tried) <= room) return tried;
        }
        return "";
    }

    /** Where a text {@code width} wide asked to start at {@code left} starts inside [{@code lo}, {@code hi}]. */
    public static double inside(double left, double width, double lo, double hi) {
        return Math.max(lo, Math.min(hi - width, left));
    }

    /**
     * The left edge of a label {@code width} wide written beside a lifeline at {@code axisX}, {@code gap} away from it:
     * on its right when {@code right} (towards the wire, {@link StoryLayout#towardsWire}), else ending on its left.
     */
    public static double besideLeft(double axisX, boolean right, double gap, double width) {
        return right ? axisX + gap : axisX - gap - width;
    }

    /** The pairs of boxes, each from a different label, that cover each other (a test's finding, in words). */
    public static List<String> covering(List<List<Box>> labels, List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++)
            for (int j = i + 1; j < labels.size(); j++)
                for (Box a : labels.get(i))
                    for (Box b : labels.get(j))
                        if (a.covers(b)) out.add(names.get(i) + " / " + names.get(j));
        return out.stream().distinct().toList();
    }
}
