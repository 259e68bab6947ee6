package org.socketlab.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.socketlab.story.Beat;
import org.socketlab.story.Lifeline;
import org.socketlab.story.StoryLayout;

/**
 * How the SVG's lanes fit a page (issue 79): a traced program of 12 processes has 25 lanes, one row of them 5,642 px
 * wide. Past {@link #MAX_WIDTH} the lanes are folded into rows of lanes, drawn one under another as diagrams of their
 * own, each with its own heads and the moments that touch its lanes; the story's numbers say the order across rows. An
 * endpoint's program and kernel stay in one row (a call goes from one to the other); a kernel with no program of its own
 * (the far end of connections from outside, {@code external}) is drawn in every row, as it is the other end of every
 * row's segments. Every lane is at least {@link #MIN_LANE} wide and at least as wide as its head's box and a gap, so
 * no head crosses the middle between it and its neighbour. No toolkit: widths are the painter's estimates.
 */
final class LaneFolding {
    /** The widest page folded rows may take: a full-HD screen's width. */
    static final double MAX_WIDTH = 1920;
    /** The least distance between two neighbouring lanes' axes. */
    static final double MIN_LANE = 100;
    /** The room left of the first lane and right of the last, and the least room between two heads. */
    private static final double LEFT = 30, RIGHT_MARGIN = 10, HEAD_GAP = 8;

    /** One row of lanes: the story's lifelines it draws, in their order, and their axes' x (null: the painter's own). */
    record Band(List<Lifeline> lifelines, double @Nullable [] x) {
        /** Whether this row draws {@code beat}: it touches one of the row's own lanes (or, in the first row, no lane). */
        boolean draws(Beat beat, boolean first, Set<Lifeline> everywhere) {
            List<Lifeline> touched = lanes(beat);
            if (touched.isEmpty()) return first;
            boolean own = false, all = true;
            for (Lifeline l : touched) {
                if (lifelines.contains(l) && !everywhere.contains(l)) own = true;
                if (!everywhere.contains(l)) all = false;
            }
            return own || all && first;
        }
    }

    /** The rows of lanes and the page width they take (the widest row, at least {@code least}). */
    record Folded(List<Band> bands, double page, Set<Lifeline> everywhere) {
        boolean folded() {
            return bands.size() > 1;
        }

        /** The row that holds {@code lane} as its own (not a lane drawn in every row), -1 when none. */
        int bandOf(Lifeline lane) {
            for (int i = 0; i < bands.size(); i++) if (bands.get(i).lifelines().contains(lane)) return i;
            return -1;
        }
    }

    private LaneFolding() {
    }

    /**
     * {@code lifelines} in one row {@code least} wide or wider, when that row is at most {@link #MAX_WIDTH} (or
     * {@code fold} is false: a drawing to time has one axis), else folded into as few rows as fit, their lanes shared
     * out evenly.
     */
    static Folded of(List<Lifeline> lifelines, ToDoubleFunction<Lifeline> headWidth, double least, boolean fold) {
        double whole = Math.max(least, width(lifelines, headWidth));
        if (!fold || whole <= MAX_WIDTH || lifelines.size() < 3)
            return new Folded(List.of(new Band(lifelines, null)), whole, Set.of());
        Set<Lifeline> everywhere = new LinkedHashSet<>();
        List<List<Lifeline>> units = new ArrayList<>();
        for (Lifeline l : lifelines) {
            if (!Lifeline.hasProgram(l.endpoint())) everywhere.add(l);
            else
                if (!units.isEmpty() && units.getLast().getFirst().endpoint().equals(l.endpoint()))
                    units.getLast().add(l);
                else
                    units.add(new ArrayList<>(List.of(l)));
        }
        List<List<List<Lifeline>>> rows = greedy(units, lifelines, everywhere, headWidth);
        List<List<List<Lifeline>>> even = evenly(units, rows.size());
        if (even.stream().allMatch(r -> packedWidth(lanes(r, lifelines, everywhere), headWidth) <= MAX_WIDTH))
            rows = even;
        double page = Math.min(least, MAX_WIDTH);
        for (List<List<Lifeline>> row : rows)
            page = Math.max(page, packedWidth(lanes(row, lifelines, everywhere), headWidth));
        List<Band> bands = new ArrayList<>();
        for (List<List<Lifeline>> row : rows) {
            List<Lifeline> lanes = lanes(row, lifelines, everywhere);
            bands.add(new Band(lanes, packed(lanes, headWidth, page)));
        }
        return new Folded(List.copyOf(bands), page, Set.copyOf(everywhere));
    }

    /** Rows filled in order while they fit; a unit wider than a page alone takes a row of its own. */
    private static List<List<List<Lifeline>>> greedy(List<List<Lifeline>> units, List<Lifeline> order,
            Set<Lifeline> everywhere, ToDoubleFunction<Lifeline> headWidth) {
        List<List<List<Lifeline>>> rows = new ArrayList<>();
        List<List<Lifeline>> row = new ArrayList<>();
        for (List<Lifeline> unit : units) {
            row.add(unit);
            if (row.size() > 1 && packedWidth(lanes(row, order, everywhere), headWidth) > MAX_WIDTH) {
                row.removeLast();
                rows.add(row);
                row = new ArrayList<>(List.of(unit));
            }
        }
        if (!row.isEmpty()) rows.add(row);
        return rows;
    }

    /** The units shared out into {@code count} rows whose sizes differ by one at most, in order. */
    private static List<List<List<Lifeline>>> evenly(List<List<Lifeline>> units, int count) {
        List<List<List<Lifeline>>> rows = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < count; i++) {
            int to = from + (units.size() - from) / (count - i);
            rows.add(new ArrayList<>(units.subList(from, to)));
            from = to;
        }
        return rows;
    }

    /** A row's lanes in the story's order: its units' and the lanes drawn in every row. */
    private static List<Lifeline> lanes(List<List<Lifeline>> row, List<Lifeline> order, Set<Lifeline> everywhere) {
        Set<Lifeline> in = new LinkedHashSet<>(everywhere);
        for (List<Lifeline> unit : row) in.addAll(unit);
        return order.stream().filter(in::contains).toList();
    }

    /**
     * The width one row of {@code lanes} needs ({@link StoryLayout#columns} spread over it): each two neighbours at
     * least {@link #MIN_LANE} apart and as far as the wider of their heads and a gap, the first and last head inside.
     */
    static double width(List<Lifeline> lanes, ToDoubleFunction<Lifeline> headWidth) {
        if (lanes.isEmpty()) return LEFT + RIGHT_MARGIN;
        double base = 1000;
        double[] x = StoryLayout.columns(lanes, LEFT, base);
        double scale = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double room = Math.max(MIN_LANE, Math.max(headWidth.applyAsDouble(lanes.get(i)),
                    headWidth.applyAsDouble(lanes.get(i + 1))) + HEAD_GAP);
            scale = Math.max(scale, room / Math.max(1, x[i + 1] - x[i]));
        }
        scale = Math.max(scale, (headWidth.applyAsDouble(lanes.getFirst()) / 2 + HEAD_GAP) / Math.max(1, x[0] - LEFT));
        double right = LEFT + base - x[x.length - 1];
        scale = Math.max(scale, (headWidth.applyAsDouble(lanes.getLast()) / 2 + HEAD_GAP) / Math.max(1, right));
        return Math.ceil(LEFT + RIGHT_MARGIN + base * scale + 2);
    }

    /**
     * The least room before each lane's axis (from the row's left for the first) and after the last: two neighbours at
     * least {@link #MIN_LANE} apart and as far as the wider of their heads and a gap, so neither head crosses the middle
     * between them; the first and last heads inside the row.
     */
    private static double[] needs(List<Lifeline> lanes, ToDoubleFunction<Lifeline> headWidth) {
        int n = lanes.size();
        double[] need = new double[n + 1];
        need[0] = headWidth.applyAsDouble(lanes.getFirst()) / 2 + HEAD_GAP;
        for (int i = 1; i < n; i++)
            need[i] = Math.max(MIN_LANE, Math.max(headWidth.applyAsDouble(lanes.get(i - 1)),
                    headWidth.applyAsDouble(lanes.get(i))) + HEAD_GAP);
        need[n] = headWidth.applyAsDouble(lanes.getLast()) / 2 + HEAD_GAP;
        return need;
    }

    /** The width a folded row of {@code lanes} needs: each lane its least room ({@link #needs}). */
    static double packedWidth(List<Lifeline> lanes, ToDoubleFunction<Lifeline> headWidth) {
        if (lanes.isEmpty()) return LEFT + RIGHT_MARGIN;
        double sum = 0;
        for (double v : needs(lanes, headWidth)) sum += v;
        return Math.ceil(LEFT + RIGHT_MARGIN + sum + 2);
    }

    /**
     * The axes of a folded row of {@code lanes} on a page {@code page} wide: each gap its least room, and what is left
     * shared out in {@link StoryLayout#columns}'s proportions (a program and its kernel wider apart than two processes),
     * on a pixel's middle.
     */
    static double[] packed(List<Lifeline> lanes, ToDoubleFunction<Lifeline> headWidth, double page) {
        int n = lanes.size();
        double[] need = needs(lanes, headWidth);
        double[] ideal = StoryLayout.columns(lanes, 0, 1000);
        double[] weight = new double[n + 1];
        for (int i = 0; i <= n; i++) weight[i] = (i < n ? ideal[i] : 1000) - (i > 0 ? ideal[i - 1] : 0);
        double spare = page - packedWidth(lanes, headWidth), total = 0;
        for (double w : weight) total += w;
        double[] x = new double[n];
        double acc = LEFT;
        for (int i = 0; i < n; i++) {
            acc += need[i] + Math.max(0, spare) * weight[i] / total;
            x[i] = Math.floor(acc) + 0.5;
        }
        return x;
    }

    /** The lanes a moment is drawn on; none for one drawn across the width (narration, the capture's status). */
    static List<Lifeline> lanes(Beat beat) {
        String e = beat.endpoint();
        Lifeline program = new Lifeline(e, Lifeline.Role.PROGRAM), kernel = new Lifeline(e, Lifeline.Role.KERNEL);
        return switch (beat) {
            case Beat.Call c -> List.of(program, kernel);
            case Beat.Segment s -> List.of(new Lifeline(s.drawnFrom(), Lifeline.Role.KERNEL),
                    new Lifeline(s.drawnTo(), Lifeline.Role.KERNEL));
            case Beat.Blocked b -> List.of(program);
            case Beat.Cancelled c -> List.of(program);
            case Beat.Process p -> List.of(program);
            case Beat.Note n -> List.of();
            case Beat.Capture c -> List.of();
            default -> List.of(kernel);
        };
    }
}
