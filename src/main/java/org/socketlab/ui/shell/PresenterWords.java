package org.socketlab.ui.shell;

import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;

/**
 * The presenter's narration: as tall as its text at the width it is given, whole, up to the room the diagram leaves
 * (it keeps half the screen, {@link PresenterRoom}); only beyond that it scrolls (wheel or drag), a line at least shown,
 * never cut to "...". Beside the state machine (M) it wraps to twice the lines: the slide's sentence gives way and the
 * machine gives it width down to the width its state names need ({@link PresenterMachineColumn#yieldTo}). Each new
 * step's narration is shown from its top. It takes no keyboard focus: Page Down still goes to the next step.
 */
final class PresenterWords extends ScrollPane {
    private final Label narration;
    private final ObservableDoubleValue room;
    private final Text lineHeight = new Text("Ág");

    /** {@code room}: the height the narration may take at most (the presenter's share for its words, less the slide). */
    PresenterWords(Label narration, ObservableDoubleValue room) {
        super(narration);
        this.narration = narration;
        this.room = room;
        setId("presenter-words");
        getStyleClass().add("presenter-words");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setVbarPolicy(ScrollBarPolicy.AS_NEEDED);
        setFocusTraversable(false);
        visibleProperty().bind(narration.visibleProperty());
        managedProperty().bind(visibleProperty());
        narration.textProperty().addListener((obs, was, is) -> setVvalue(0));
        room.addListener(obs -> requestLayout());
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = (width > 0 ? width : getWidth()) - snappedLeftInset() - snappedRightInset();
        double whole = narration.prefHeight(Math.max(1, w)) + snappedTopInset() + snappedBottomInset();
        double top = snappedTopInset() + narration.snappedTopInset();
        double cap = Math.max(top + line(), room.get());
        if (whole <= cap) return whole;
        // Cut between two lines, never through one: the room shows the lines that fit whole, one at least.
        return top + Math.max(1, Math.floor((cap - top) / line())) * line();
    }

    /** One line of the narration, in px. */
    private double line() {
        lineHeight.setFont(narration.getFont());
        return lineHeight.getLayoutBounds().getHeight() + narration.getLineSpacing();
    }

    @Override
    protected double computeMinHeight(double width) {
        return Math.min(computePrefHeight(width), snappedTopInset() + narration.snappedTopInset() + line());
    }
}
