package org.socketlab.ui;

import com.sun.javafx.tk.Toolkit;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.Animation;

/**
 * The animations JavaFX runs now. One an earlier test of the same JVM left running (a text field's caret blinking in a
 * window it did not close) makes the toolkit pulse every scene, so a test of one window's rest stops what ran before
 * its window was built, never that window's own.
 */
public final class LeftoverAnimations {
    private LeftoverAnimations() {
    }

    /** The animations the toolkit's primary timer ticks now (reflection into JavaFX's scenario timer). */
    public static List<Animation> running() throws ReflectiveOperationException {
        Object timer = Toolkit.getToolkit().getPrimaryTimer();
        Field receivers = timer.getClass().getSuperclass().getDeclaredField("receivers");
        receivers.setAccessible(true);
        List<Animation> out = new ArrayList<>();
        for (Object r : (Object[]) receivers.get(timer)) {
            // A receiver record holds the Animation's own pulse receiver, an inner class of Animation.
            for (Object o = r; o != null && out.size() < 1000;) {
                if (o instanceof Animation a) {
                    out.add(a);
                    break;
                }
                Object outer = null;
                for (Field f : o.getClass().getDeclaredFields())
                    if (f.getName().startsWith("this$") || f.getName().startsWith("val$")) {
                        f.setAccessible(true);
                        outer = f.get(o);
                    }
                o = outer;
            }
        }
        return out;
    }
}
