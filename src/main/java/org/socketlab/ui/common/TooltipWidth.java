package org.socketlab.ui.common;

import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Tooltip;
import javafx.stage.Screen;
import javafx.stage.Window;

/**
 * Every tooltip of the program wraps at a width its screen can show: a long one (Lessons, Reset all, Present) was one
 * line wider than a 1024 px projector and cut at its right edge (issue 43 item 9). One place for the fifty-odd
 * tooltips: each is a window, so they are caught when they are shown.
 */
public final class TooltipWidth {
    /** The widest a tooltip gets, in ems of its own text (about 70 characters a line). */
    static final double MAX_EMS = 40;

    private TooltipWidth() {
    }

    /** Makes every tooltip shown from now on wrap at {@link #widest(double, double)}. FX thread, once. */
    public static void install() {
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next())
                for (Window w : change.getAddedSubList()) if (w instanceof Tooltip t) fit(t);
        });
    }

    /** Wraps {@code t} at what its screen and its font allow. */
    public static void fit(Tooltip t) {
        Rectangle2D screen = Screen.getScreensForRectangle(t.getAnchorX(), t.getAnchorY(), 1, 1).stream().findFirst()
                .orElse(Screen.getPrimary()).getVisualBounds();
        double widest = widest(screen.getWidth(), t.getFont().getSize());
        t.setWrapText(true);
        if (t.getMaxWidth() <= 0 || t.getMaxWidth() > widest) t.setMaxWidth(widest);
    }

    /** The widest a tooltip is on a screen {@code screenWidth} px wide with text {@code fontSize} px high. */
    public static double widest(double screenWidth, double fontSize) {
        return Math.min(screenWidth - 32, Math.max(320, MAX_EMS * fontSize));
    }
}
