package org.socketlab.ui.common;

import com.sun.javafx.tk.RenderJob;
import com.sun.javafx.tk.Toolkit;

/**
 * Tells when the frames asked for so far are on the screen. Without a GPU, JavaFX draws a frame on its render thread
 * and then puts its pixels in the window from the FX thread, in a task queued behind whatever the FX thread has to do:
 * work started on the FX thread right after the first frame's pulse held the first picture back (painted 150-220 ms
 * after that pulse, against 50 ms when the FX thread was free; issue 62). The render thread runs its jobs in order, so
 * a job queued after a frame's runs once that frame's pixels are queued for the FX thread.
 * <p>
 * It reaches into JavaFX's internals (the launcher and {@code mvn exec:exec} export them); without
 * {@code --add-exports} the class cannot load, and callers catch that {@link IllegalAccessError} ({@link
 * AfterFirstFrame}).
 */
final class FramesDrawn {
    private FramesDrawn() {
    }

    /** Runs {@code then} on the render thread once every frame asked for before now is drawn and queued to show. */
    static void then(Runnable then) {
        Toolkit.getToolkit().addRenderJob(new RenderJob(then));
    }
}
