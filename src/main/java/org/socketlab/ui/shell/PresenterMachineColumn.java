package org.socketlab.ui.shell;

import java.util.function.DoubleSupplier;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
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
 * wide as its state names need to read {@link #MIN_NAME_PX} from the back row, at least {@link #SHARE} of the screen, at most
 * 60 % (the diagram keeps the rest). Shown while {@code shown} is true (key M, or the toggle in the call strip).
 */
final class PresenterMachineColumn {
    /** State names beside the diagram are drawn at least this large, in px: the call strip's text. */
    static final double MIN_NAME_PX = PresenterMode.CALL_FONT_PX;
    private final PresenterStateMachine machine;
    private final BooleanProperty shown;
    /** The width the column gave up to for this step's narration (the normal width when it gave up none). */
    private final DoubleProperty narrowedTo = new SimpleDoubleProperty(Double.MAX_VALUE);
    private boolean checkQueued;

    PresenterMachineColumn(StateMachineViewModel vm, BooleanProperty shown) {
        this.machine = new PresenterStateMachine(vm);
        this.shown = shown;
    }

    /** Puts the column at the right of {@code content}, sized from {@code scene}'s width. FX thread. */
    void place(BorderPane content, Scene scene) {
        machine.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(width(scene.getWidth()), narrowedTo.get()), scene.widthProperty(), narrowedTo));
        machine.setMinWidth(Region.USE_PREF_SIZE);
        machine.setMaxWidth(Region.USE_PREF_SIZE);
        // Bound, not listened to: the property outlives this presenter window and holds it only weakly.
        machine.visibleProperty().bind(shown);
        machine.managedProperty().bind(machine.visibleProperty());
        BorderPane.setMargin(machine, new Insets(0, 0, 0, 8));
        content.setRight(machine);
        // The last transition's words as large as the names, whatever the zoom: at 200 % their 38 px lines took the
        // drawing's height, its names 14 px at 1280x720 (issue 57).
        machine.captionSize(MIN_NAME_PX);
    }

    /**
     * The narration is the instructor's text: beside the machine it is whole where it can be. When it would not fit
     * above the diagram's half of the screen ({@link PresenterRoom#diagramKeeps}) at the width the column leaves it,
     * ({@code diagramKeeps}: with its heads) the column gives it width (its drawing scaled down for that step), down to the width its state names need to read
     * {@link #MIN_NAME_PX} (issue 78: it went down to a quarter of the screen, names of 9 px); beyond, the narration
     * scrolls. Within a step the column only narrows
     * (no back and forth between two layouts); each step, a new size and M start again from the normal width.
     * {@code talk} holds the words ({@code words}, the narration's scroll pane) above the diagram. FX thread.
     */
    void yieldTo(Region talk, Region words, Label narration, Scene scene, DoubleSupplier diagramKeeps) {
        InvalidationListener again = obs -> narrowedTo.set(Double.MAX_VALUE);
        narration.textProperty().addListener(again);
        scene.widthProperty().addListener(again);
        scene.heightProperty().addListener(again);
        machine.visibleProperty().addListener(again);
        Runnable fit = () -> {
            checkQueued = false;
            if (!machine.isVisible() || talk.getWidth() <= 0 || narration.getWidth() <= 0) return;
            // What is above the words and the scroll pane's frame stay as they are now (they only get lower wider).
            double frame = words.getHeight() - narration.getHeight(), above = words.getLayoutY();
            double room = talk.getHeight() - diagramKeeps.getAsDouble() - above - Math.max(0, frame);
            double side = talk.getWidth() - narration.getWidth(); // insets and a scroll bar, if one is shown
            double least = Math.max(talk.getWidth(), scene.getWidth() - leastWidth(scene.getWidth()) - 8);
            if (narration.prefHeight(talk.getWidth() - side) <= room + 0.5) return;
            double lo = talk.getWidth(), hi = least;
            if (narration.prefHeight(hi - side) > room) lo = hi;
            while (hi - lo > 2) {
                double mid = (lo + hi) / 2;
                if (narration.prefHeight(mid - side) <= room) hi = mid;
                else lo = mid;
            }
            narrowedTo.set(Math.min(narrowedTo.get(), Math.max(scene.getWidth() - 8 - hi,
                    leastWidth(scene.getWidth()))));
        };
        // Measured after the layout pass that caused it, when the words, the talk and the column agree: once, at the end
        // of that pulse's layout (not Platform.runLater: the window crosses into the FX thread in one place only).
        InvalidationListener check = obs -> {
            if (checkQueued) return;
            checkQueued = true;
            scene.addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    scene.removePostLayoutPulseListener(this);
                    fit.run();
                }
            });
        };
        talk.heightProperty().addListener(check);
        talk.widthProperty().addListener(check);
        words.heightProperty().addListener(check);
        words.layoutYProperty().addListener(check);
        narration.heightProperty().addListener(check);
        narration.widthProperty().addListener(check);
        narration.textProperty().addListener(check);
    }

    /**
     * The least width the column keeps on a screen {@code screenWidth} wide: its state names still read, and the badges
     * in its side boxes, a little smaller than the names where their words are long (Spanish "Servidor · fd 4": 0.81 of
     * them), read about {@link #MIN_NAME_PX} too.
     */
    static double leastWidth(double screenWidth) {
        return Math.min(PresenterStateMachine.widthFor(MIN_NAME_PX * YIELD_NAME_SCALE) + 24, width(screenWidth));
    }

    /** The names' size, of {@link #MIN_NAME_PX}, the column keeps when it gives the narration width. */
    static final double YIELD_NAME_SCALE = 1.25;

    /**
     * The column's share of a wide screen's width, its names permitting: at 45 % of 1920 px the talk beside it was too
     * narrow for the lesson bar's one row, and the diagram's drawing lost that row's height (issue 78).
     */
    static final double SHARE = 0.38;

    /** The column's width on a screen {@code screenWidth} wide. */
    static double width(double screenWidth) {
        double needed = PresenterStateMachine.widthFor(MIN_NAME_PX) + 24; // the view's padding
        return Math.min(Math.max(SHARE * screenWidth, needed), 0.6 * screenWidth);
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
