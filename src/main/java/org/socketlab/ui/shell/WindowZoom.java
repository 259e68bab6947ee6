package org.socketlab.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/** One zoom for the whole window in percent (75-300): controls, diagram, details, code and state machine. */
final class WindowZoom {
    /** The base font size in px at 100 %. */
    static final int DEFAULT_FONT_SIZE = 15;
    static final int DEFAULT_ZOOM = 100, MIN_ZOOM = 75, MAX_ZOOM = 300;
    /** The zoom steps, as browsers have them: fine near 100 %, coarse for the projector. */
    static final int[] ZOOM_STEPS = {75, 90, 100, 125, 150, 175, 200, 250, 300};

    /**
     * The base font at a zoom must leave the window at least this many lines of its height: at 300 % a 1280x720 screen
     * (16 lines) showed no diagram at all, only its title and the step counter.
     */
    static final int MIN_LINES_ON_SCREEN = 22;
    /** And at least this many of its width, in base font sizes: the toolbar, both panes and the diagram side by side. */
    static final int MIN_EMS_ON_SCREEN = 32;

    private final IntegerProperty zoom;
    /** The largest zoom this screen can show ({@link #fitTo}). */
    private final ReadOnlyIntegerWrapper maxZoom;
    /** The base font size in px that the zoom gives; every view sizes its text from it. */
    private final IntegerBinding fontSize;

    WindowZoom(Object bean) {
        zoom = new SimpleIntegerProperty(bean, "zoom", DEFAULT_ZOOM);
        maxZoom = new ReadOnlyIntegerWrapper(bean, "maxZoom", MAX_ZOOM);
        fontSize = Bindings.createIntegerBinding(() -> (int) Math.round(DEFAULT_FONT_SIZE * zoom.get() / 100.0), zoom);
    }

    /** The largest zoom, of {@link #ZOOM_STEPS}, the window can show on a screen {@code width} x {@code height}. */
    static int maxZoomFor(double width, double height) {
        int max = ZOOM_STEPS[0];
        for (int step : ZOOM_STEPS) {
            double font = DEFAULT_FONT_SIZE * step / 100.0;
            if (height / font >= MIN_LINES_ON_SCREEN && width / font >= MIN_EMS_ON_SCREEN) max = step;
        }
        return Math.max(DEFAULT_ZOOM, max);
    }

    IntegerProperty zoom() {
        return zoom;
    }

    IntegerBinding fontSize() {
        return fontSize;
    }

    ReadOnlyIntegerProperty maxZoom() {
        return maxZoom.getReadOnlyProperty();
    }

    /** The window is on a screen {@code width} x {@code height}: the zoom stops where it can show it (and comes down). */
    void fitTo(double width, double height) {
        maxZoom.set(maxZoomFor(width, height));
        if (zoom.get() > maxZoom.get()) zoom.set(maxZoom.get());
    }

    void in() {
        for (int step : ZOOM_STEPS) if (step > zoom.get() && step <= maxZoom.get()) {
            zoom.set(step);
            return;
        }
    }

    void out() {
        for (int i = ZOOM_STEPS.length - 1; i >= 0; i--) if (ZOOM_STEPS[i] < zoom.get()) {
            zoom.set(ZOOM_STEPS[i]);
            return;
        }
    }

    void reset() {
        zoom.set(DEFAULT_ZOOM);
    }
}
