package org.socketlab.ui.common;

import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * A part of the window that is hidden until something happens (a replay's banner, a lesson's narration), made the first
 * time it is to be shown. JavaFX styles and skins a hidden control as it does a shown one, so each such part cost the
 * first frame as much as if it were seen (issue 62). Until then an empty, unmanaged, invisible region holds its place
 * among its parent's children; it gives that place to the part in the same moment its condition turns true, so the
 * part is there, laid out in the next pulse, before anyone can click it. FX thread.
 */
public final class BuiltWhenShown extends Region {
    private final ObservableValue<Boolean> shown;
    private final Supplier<? extends Node> make;
    private final InvalidationListener check = obs -> swapIfShown();

    private BuiltWhenShown(ObservableValue<Boolean> shown, Supplier<? extends Node> make) {
        this.shown = shown; // held here: a binding on a long-lived model holds it only weakly
        this.make = make;
        setVisible(false);
        setManaged(false);
        shown.addListener(check);
        parentProperty().addListener(check);
    }

    /**
     * The node {@code make} builds (which shows and hides itself by {@code shown}): at once when {@code shown} is true
     * already, else a stand-in for it, to be put where the node would go (in a {@link Pane}).
     */
    public static Node of(ObservableValue<Boolean> shown, Supplier<? extends Node> make) {
        if (Boolean.TRUE.equals(shown.getValue())) return make.get();
        return new BuiltWhenShown(shown, make);
    }

    private void swapIfShown() {
        if (!Boolean.TRUE.equals(shown.getValue())) return; // also revalidates a binding, so it tells again
        if (!(getParent() instanceof Pane parent)) return; // put in its place when it gets one
        shown.removeListener(check);
        parentProperty().removeListener(check);
        parent.getChildren().set(parent.getChildren().indexOf(this), make.get());
    }
}
