package org.socketlab.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.statemachine.PresenterStateMachine;
import org.socketlab.ui.statemachine.StateMachineViewModel;

/**
 * The TCP state machine beside the sequence diagram in presenter mode, from the top of the screen to the calls: as
 * wide as its state names need to read {@link #MIN_NAME_PX} from the back row, at least 45 % of the screen, at most
 * 60 % (the diagram keeps the rest). Shown while {@code shown} is true (key M, or the toggle in the call strip).
 */
final class PresenterMachineColumn {
    /** State names beside the diagram are drawn at least this large, in px: the call strip's text. */
    static final double MIN_NAME_PX = PresenterMode.CALL_FONT_PX;
    private final PresenterStateMachine machine;
    private final BooleanProperty shown;

    PresenterMachineColumn(StateMachineViewModel vm, BooleanProperty shown) {
        this.machine = new PresenterStateMachine(vm);
        this.shown = shown;
    }

    /** Puts the column at the right of {@code content}, sized from {@code scene}'s width. FX thread. */
    void place(BorderPane content, Scene scene) {
        machine.prefWidthProperty()
                .bind(Bindings.createDoubleBinding(() -> width(scene.getWidth()), scene.widthProperty()));
        machine.setMinWidth(Region.USE_PREF_SIZE);
        machine.setMaxWidth(Region.USE_PREF_SIZE);
        // Bound, not listened to: the property outlives this presenter window and holds it only weakly.
        machine.visibleProperty().bind(shown);
        machine.managedProperty().bind(machine.visibleProperty());
        BorderPane.setMargin(machine, new Insets(0, 0, 0, 8));
        content.setRight(machine);
    }

    /** The column's width on a screen {@code screenWidth} wide. */
    static double width(double screenWidth) {
        double needed = PresenterStateMachine.widthFor(MIN_NAME_PX) + 24; // the view's padding
        return Math.min(Math.max(0.45 * screenWidth, needed), 0.6 * screenWidth);
    }

    /** The call strip's switch for the column (as M does), {@code height} px high. */
    static ToggleButton toggle(Texts texts, BooleanProperty shown, double height) {
        ToggleButton b = new ToggleButton(null, new FontIcon(Feather.GIT_BRANCH));
        b.setId("presenter-machine-toggle");
        b.textProperty().bind(texts.text("ui.presenter.machine"));
        b.selectedProperty().bindBidirectional(shown);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setMinHeight(height);
        b.setFocusTraversable(false); // Space is "next step", never a press
        LazyTooltip.install(b, () -> {
            Tooltip t = new Tooltip();
            t.textProperty().bind(texts.text("ui.presenter.machine.tooltip"));
            return t;
        });
        return b;
    }
}
