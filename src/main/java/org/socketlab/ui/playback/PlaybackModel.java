package org.socketlab.ui.playback;

import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Plays the journal at human speed. The calls already happened (in microseconds); this only moves a cursor over
 * the recorded events, so replaying, stepping back or scrubbing never re-runs a call.
 * <p>
 * {@link #positionProperty()} is a row count with a fraction: rows below {@code floor(position)} are shown whole,
 * the next one is being drawn ({@code position - floor(position)} of its way). Time comes from an injectable
 * monotonic clock and {@link #tick()} is called once per frame, so tests drive it without the toolkit or sleeps.
 */
public final class PlaybackModel {
    public static final double MIN_SPEED = 0.1;
    public static final double MAX_SPEED = 4.0;
    /** One event per 600 ms at 1x: slow enough to follow an arrow, quick enough for a lecture. */
    public static final long BASE_NS_PER_EVENT = 600_000_000L;

    /**
     * Live mode never falls behind a student pressing as fast as they can: beyond {@link #LIVE_LAG_ROWS} rows still to
     * draw, the excess shrinks by e every 0.4 s, so a burst of events is shortened while the last press still animates
     * at the chosen pace. Replay keeps the chosen, readable pace.
     */
    public static final long LIVE_CATCH_UP_NS = 400_000_000L;
    /** About one press (its call, state and queue marks, segments): what live mode still draws at the chosen pace. */
    public static final int LIVE_LAG_ROWS = 3;

    private final LongSupplier clockNs;
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper(this, "total", 0);
    private final ReadOnlyDoubleWrapper position = new ReadOnlyDoubleWrapper(this, "position", 0);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing", false);
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(this, "live", false);
    private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper(this, "speed", 1.0);
    /** Animation off: the diagram shows each event in the frame it arrives. */
    private final BooleanProperty instant = new SimpleBooleanProperty(this, "instant", false);
    private long lastTickNs;

    public PlaybackModel(LongSupplier clockNs) {
        this.clockNs = clockNs;
        this.lastTickNs = clockNs.getAsLong();
        instant.addListener((obs, was, is) -> {
            if (is && live.get()) position.set(total.get());
        });
    }

    /** Starts in live mode, following the journal as it grows. */
    public static PlaybackModel live(LongSupplier clockNs) {
        PlaybackModel p = new PlaybackModel(clockNs);
        p.setLive(true);
        return p;
    }

    // ---- what the views bind to ----

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }
    public ReadOnlyDoubleProperty positionProperty() {
        return position.getReadOnlyProperty();
    }
    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }
    public ReadOnlyDoubleProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }
    public BooleanProperty instantProperty() {
        return instant;
    }
    public double position() {
        return position.get();
    }
    public int total() {
        return total.get();
    }
    /** Rows at least partly visible. */
    public int visibleRows() {
        return (int) Math.ceil(position.get());
    }

    // ---- commands ----

    /** The journal now holds {@code events} events; in live mode the cursor follows them. */
    public void setTotal(int events) {
        boolean caughtUp = position.get() >= total.get();
        total.set(Math.max(0, events));
        if (position.get() > events) position.set(events);
        if (live.get()) {
            if (instant.get()) position.set(events);
            else if (!playing.get()) startClock();
            // No frame ticked while it rested at the end (no pulse in an idle window): the new row starts moving now.
            else if (caughtUp) lastTickNs = clockNs.getAsLong();
        }
    }

    /**
     * Whether {@link #tick()} would move the cursor now: playing, with rows still to draw. While it is false nothing
     * needs a frame, and the window's frame timer stops (an idle window does not pulse).
     */
    public boolean needsFrames() {
        return playing.get() && position.get() < total.get();
    }

    /** The first {@code rows} rows went away (a long session's oldest): the cursor stays on the same moment. */
    public void rowsRemoved(int rows) {
        if (rows != 0) position.set(Math.max(0, position.get() - rows));
    }

    public void play() {
        if (!live.get() && position.get() >= total.get()) position.set(0); // at the end, play replays from the start
        startClock();
    }

    /** Stops where it is; live mode stops following too. */
    public void pause() {
        playing.set(false);
        live.set(false);
    }

    public void togglePlay() {
        if (playing.get()) pause();
        else play();
    }

    public void stepForward() {
        pause();
        position.set(Math.min(total.get(), Math.floor(position.get()) + 1));
    }

    public void stepBack() {
        pause();
        position.set(Math.max(0, Math.ceil(position.get()) - 1));
    }

    public void jumpToStart() {
        pause();
        position.set(0);
    }

    public void jumpToEnd() {
        playing.set(false);
        position.set(total.get());
        if (live.get()) startClock();
    }

    /**
     * The first {@code rows} rows (as many as there are) shown whole at once, wherever the cursor was behind them; it
     * goes on from there as it was (live mode draws what comes after at the chosen pace). A paced lesson's press: what
     * happened before it is not drawn again at human speed while the step it made waits (issue 78).
     */
    public void showAtLeast(int rows) {
        int to = Math.min(rows, total.get());
        if (position.get() < to) position.set(to);
    }

    /** The scrubber: shows the first {@code rows} rows (whole ones), stopping playback and live mode. */
    public void seek(double rows) {
        pause();
        position.set(Math.round(Math.max(0, Math.min(total.get(), rows))));
    }

    /** Clamped to 0.1x - 4x. */
    public void setSpeed(double factor) {
        speed.set(Double.isNaN(factor) ? 1.0 : Math.max(MIN_SPEED, Math.min(MAX_SPEED, factor)));
    }

    /** Live: keep playing and follow every new event; the diagram catches up at the chosen speed. */
    public void setLive(boolean on) {
        live.set(on);
        if (on) {
            if (instant.get()) position.set(total.get());
            startClock();
        } else {
            playing.set(false);
        }
    }

    /** Once per frame: moves the cursor by the time passed since the last frame. */
    public void tick() {
        long now = clockNs.getAsLong();
        long dt = now - lastTickNs;
        lastTickNs = now;
        if (!playing.get()) return;
        double target = total.get();
        double rowsPerNs = speed.get() / BASE_NS_PER_EVENT;
        if (live.get()) rowsPerNs = Math.max(rowsPerNs, (target - position.get() - LIVE_LAG_ROWS) / LIVE_CATCH_UP_NS);
        double next = instant.get() ? target : Math.min(target, position.get() + dt * rowsPerNs);
        if (next != position.get()) position.set(next);
        if (next >= target && !live.get()) playing.set(false);
    }

    private void startClock() {
        if (!playing.get()) lastTickNs = clockNs.getAsLong();
        playing.set(true);
    }
}
