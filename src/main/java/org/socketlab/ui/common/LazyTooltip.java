package org.socketlab.ui.common;

import java.util.function.Supplier;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * A tooltip made the first time the pointer enters its control or the control gets the keyboard focus. Each Tooltip
 * is a popup window with a scene of its own: the window's fifty-odd tooltips made up front cost about a tenth of the
 * time to the first frame. The pointer's entering comes before the moves that make a tooltip appear, so it shows as
 * it always did.
 */
public final class LazyTooltip {
    private LazyTooltip() {
    }

    /** Gives {@code control} the tooltip {@code make} returns, once it is first needed. FX thread. */
    public static void install(Control control, Supplier<Tooltip> make) {
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (done) return;
                done = true;
                if (control.getTooltip() == null) control.setTooltip(make.get());
            }
        };
        EventHandler<MouseEvent> entered = e -> once.run();
        control.addEventFilter(MouseEvent.MOUSE_ENTERED, entered);
        ChangeListener<Boolean> focused = (obs, was, is) -> {
            if (is) once.run();
        };
        control.focusedProperty().addListener(focused);
    }
}
