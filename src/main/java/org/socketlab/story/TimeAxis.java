package org.socketlab.story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import org.socketlab.journal.Payload;

/**
 * The story drawn to the link's time (issue 60): where each beat and each segment's arrival stand on a vertical axis
 * of {@code pxPerMs} pixels a millisecond, the same for the SVG and the window. A beat stands at its moment; a segment's
 * arrow leaves at its beat and lands at {@link #arrivalY}. Two things are not drawn to scale, and both are said: a
 * gap longer than {@link LinkTime#quietFoldOverNs()} while nothing crosses, or than a second while an arrow does, is folded to {@code foldPx} with a marked break
 * ({@link #folds()}), and a beat that needs room of its own across the drawing (narration) gets it there
 * ({@code roomOf}), pushing what follows down: everything between two such places keeps its scale.
 */
public final class TimeAxis {
    /** A folded gap: from {@code top} to {@code bottom} on the page, {@code ns} of time not drawn. */
    public record Fold(double top, double bottom, long ns) {
    }

    /** A mark of the ruler: {@code ms} after the story's first moment, at {@code y}. */
    public record Tick(double y, long ms) {
    }

    private final double top, pxPerMs;
    private final long startNs;
    /** Each beat's y, and for each its time on the axis (never earlier than the beat before). */
    private final double[] beatY;
    private final long[] beatNs;
    /**
     * The beats that take room across the drawing (narration), each at the first moment from its own when no arrow is
     * on the link (room added while an arrow crosses would stretch it), in order of that moment and then of the beats.
     */
    private final List<Room> rooms = new ArrayList<>();

    private record Room(long ns, int beat, double px) {
    }
    private final List<Fold> folds = new ArrayList<>();
    /** Fold starts and ends in time, and the room added before each (for arrivals between beats). */
    private final List<long[]> foldTimes = new ArrayList<>();
    private final double foldPx;
    private final double bottom;
    /** The last moment drawn (a beat, or an arrival after it). */
    private final long endNs;

    private TimeAxis(List<Beat> beats, LinkTime link, double top, double pxPerMs, double foldPx,
            IntToDoubleFunction roomOf) {
        this.top = top;
        this.pxPerMs = pxPerMs;
        this.foldPx = foldPx;
        int n = beats.size();
        beatY = new double[n];
        beatNs = new long[n];
        // Every moment drawn: the beats and the arrivals; a gap between two of them over the limit is folded.
        TreeSet<Long> moments = new TreeSet<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long t = Math.max(previous, beats.get(i).atNs());
            beatNs[i] = t;
            previous = t;
            moments.add(t);
            if (beats.get(i) instanceof Beat.Segment s && s.segment().arrivalNs() instanceof Long arrived)
                moments.add(arrived);
        }
        this.startNs = moments.isEmpty() ? 0 : moments.first();
        this.endNs = moments.isEmpty() ? 0 : moments.last();
        // What is on the link when: a gap an arrow crosses is folded only when it is over a second (an arrow is drawn
        // to scale unless its crossing itself is that long: a median pulled down by a loaded machine's plain
        // crossings must not cut it), a quiet gap when it is over the limit.
        List<long[]> flights = new ArrayList<>();
        for (Beat b : beats)
            if (b instanceof Beat.Segment s && s.segment().arrivalNs() instanceof Long arrived && arrived > b.atNs())
                flights.add(new long[]{b.atNs(), arrived});
        Long before = null;
        for (long t : moments) {
            if (before != null) {
                long from = before;
                boolean crossed = flights.stream().anyMatch(f -> f[0] < t && f[1] > from);
                if (t - before > (crossed ? LinkTime.FOLD_AT_MOST_NS : link.quietFoldOverNs()))
                    foldTimes.add(new long[]{before, t});
            }
            before = t;
        }
        for (int i = 0; i < n; i++) {
            double px = roomOf.applyAsDouble(i);
            if (px > 0) rooms.add(new Room(quietFrom(beatNs[i], flights), i, px));
        }
        rooms.sort(Comparator.comparingLong(Room::ns).thenComparingInt(Room::beat));
        double lowest = top;
        for (int i = 0; i < n; i++) {
            Room own = null;
            for (Room r : rooms) if (r.beat() == i) own = r;
            long at = own != null ? own.ns() : beatNs[i];
            beatY[i] = plain(at) + roomBefore(at, i);
            lowest = Math.max(lowest, beatY[i] + (own != null ? own.px() : 0));
        }
        for (long[] f : foldTimes) {
            double y = plain(f[0]) + roomBefore(f[0], Integer.MAX_VALUE);
            folds.add(new Fold(y, y + foldPx, f[1] - f[0]));
        }
        this.bottom = Math.max(lowest, lastArrival(beats));
    }

    /** The first moment from {@code ns} when no arrow is on the link. */
    private static long quietFrom(long ns, List<long[]> flights) {
        long t = ns;
        for (boolean moved = true; moved;) {
            moved = false;
            for (long[] f : flights)
                if (f[0] < t && f[1] > t) {
                    t = f[1];
                    moved = true;
                }
        }
        return t;
    }

    /** The room taken above a moment by the beats placed before it (at that very moment, those before {@code beat}). */
    private double roomBefore(long ns, int beat) {
        double px = 0;
        for (Room r : rooms) if (r.ns() < ns || r.ns() == ns && r.beat() < beat) px += r.px();
        return px;
    }

    /**
     * The axis for the story's beats, {@code pxPerMs} pixels a millisecond, starting at {@code top}; {@code roomOf}
     * says how much room the beat of that index needs across the drawing below its moment (0: drawn at its moment).
     */
    public static TimeAxis of(List<Beat> beats, LinkTime link, double top, double pxPerMs, double foldPx,
            IntToDoubleFunction roomOf) {
        return new TimeAxis(beats, link, top, pxPerMs, foldPx, roomOf);
    }

    /**
     * A scale at which the median crossing spans {@code flightPx} (a slanted arrow long enough to read), kept between
     * {@code minPxPerMs} and {@code maxPxPerMs}.
     */
    public static double scale(LinkTime link, double flightPx, double minPxPerMs, double maxPxPerMs) {
        if (link.medianFlightNs() <= 0) return maxPxPerMs;
        return Math.clamp(flightPx / (link.medianFlightNs() / 1e6), minPxPerMs, maxPxPerMs);
    }

    private double lastArrival(List<Beat> beats) {
        double y = top;
        for (Beat b : beats)
            if (b instanceof Beat.Segment s && s.segment().arrivalNs() instanceof Long arrived)
                y = Math.max(y, yAt(arrived));
        return y;
    }

    /** Where time {@code ns} stands before any beat's room: scaled, less the folded gaps before it. */
    private double plain(long ns) {
        long folded = 0;
        int foldsBefore = 0;
        for (long[] f : foldTimes) {
            if (f[1] > ns) break;
            folded += f[1] - f[0];
            foldsBefore++;
        }
        return top + (ns - startNs - folded) / 1e6 * pxPerMs + foldsBefore * foldPx;
    }

    /** Where beat {@code i} stands. */
    public double y(int beat) {
        return beatY[beat];
    }

    /** Where a moment stands (an arrival between beats). */
    public double yAt(long ns) {
        return plain(ns) + roomBefore(ns, -1); // above narration placed at that very moment: it follows the arrival
    }

    /** Where a segment's arrow lands: at its arrival, else (lost, inferred, one moment) where it left. */
    public double arrivalY(int beat, Payload.Segment s) {
        Long arrived = s.arrivalNs();
        return arrived == null || arrived <= beatNs[beat] ? beatY[beat] : yAt(arrived);
    }

    /** The lowest point drawn: the last beat's room or the last arrival. */
    public double bottom() {
        return bottom;
    }

    public double pxPerMs() {
        return pxPerMs;
    }

    public List<Fold> folds() {
        return List.copyOf(folds);
    }

    /**
     * The ruler's marks every {@code stepMs} from the first moment, none inside a fold (the time there is not drawn)
     * and none in a beat's room (the scale stops there).
     */
    public List<Tick> ticks(long stepMs) {
        List<Tick> ticks = new ArrayList<>();
        if (beatNs.length == 0 || stepMs <= 0) return ticks;
        for (long ms = 0; startNs + ms * 1_000_000 <= endNs && ticks.size() < 10_000; ms += stepMs) {
            long ns = startNs + ms * 1_000_000;
            boolean folded = false;
            for (long[] f : foldTimes) folded |= ns > f[0] && ns < f[1];
            if (!folded) ticks.add(new Tick(yAt(ns), ms));
        }
        return ticks;
    }

    /** A folded gap's length as the drawings say it: in seconds from one second on ("1.2 s"), else "250 ms". */
    public static String foldLength(long ns) {
        return ns >= 1_000_000_000L
                ? String.format(Locale.ROOT, "%.1f s", ns / 1e9)
                : String.format(Locale.ROOT, "%.0f ms", ns / 1e6);
    }

    /** A ruler step of 1, 2 or 5 times a power of ten milliseconds whose marks stand at least {@code minPx} apart. */
    public long tickStepMs(double minPx) {
        long step = 1;
        for (int k = 0; step * pxPerMs < minPx && k < 30; k++)
            step = switch (Long.toString(step).charAt(0)) {
                case '1' -> step * 2;
                case '2' -> step / 2 * 5;
                default -> step * 2;
            };
        return step;
    }
}
