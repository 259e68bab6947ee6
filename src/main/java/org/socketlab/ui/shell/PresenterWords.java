package org.socketlab.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The presenter's narration: as tall as its text at the width it is given, whole, up to the room the diagram leaves
 * (it keeps half the screen, {@link PresenterRoom}); only beyond that it scrolls (wheel or drag), a line at least shown,
 * never cut to "...", and in smaller type sooner than in fewer than two lines ({@link #foldType}). Beside the state
 * machine (M) it wraps to twice the lines: the slide's sentence gives way and the
 * machine gives it width down to the width its state names need ({@link PresenterMachineColumn#yieldTo}). Each new
 * step's narration is shown from its top. It takes no keyboard focus: Page Down still goes to the next step.
 */
final class PresenterWords extends ScrollPane {
    /** The narration's type in its own em (sequence-diagram.css, .diagram-narration: 1.1em). */
    static final double NARRATION_EM = 1.1;
    /** The lines of the narration the presenter's room always reads: smaller type before fewer lines. */
    static final int LEAST_LINES = 2;
    private final Label narration;
    private final ObservableDoubleValue room;
    private final VBox slide;
    private final Text lineHeight = new Text("Ág");

    /**
     * {@code room}: the height the narration may take at most (the presenter's share for its words, less the slide);
     * {@code slide}: the step's slide shown above it.
     */
    PresenterWords(Label narration, ObservableDoubleValue room, VBox slide) {
        super(narration);
        this.narration = narration;
        this.room = room;
        this.slide = slide;
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

    Label narration() {
        return narration;
    }

    VBox slide() {
        return slide;
    }

    /**
     * The narration in {@code natural} type (px) where its room holds it whole or {@value #LEAST_LINES} lines of it;
     * else folded to the type in which {@value #LEAST_LINES} lines fit, never under {@link PresenterMode#MIN_FONT_PX}.
     */
    void foldType(ObservableDoubleValue natural) {
        narration.styleProperty().bind(Bindings.createStringBinding(
                () -> PresenterRoom.style(folded(natural.get(), room.get(), narration.getText(),
                        getWidth() - snappedLeftInset() - snappedRightInset())),
                natural, room, narration.textProperty(), widthProperty()));
    }

    /** The narration's type (see {@link #foldType}) for {@code text} in {@code width} px. */
    private double folded(double natural, double room, String text, double width) {
        if (room <= 0 || width <= 0 || text == null || text.isEmpty()) return natural;
        double frame = snappedTopInset() + snappedBottomInset() + narration.snappedTopInset()
                + narration.snappedBottomInset() + 1;
        Text whole = new Text(text);
        whole.setFont(Font.font(narration.getFont().getFamily(), natural));
        whole.setWrappingWidth(Math.max(1, width - narration.snappedLeftInset() - narration.snappedRightInset()));
        if (whole.getLayoutBounds().getHeight() + frame <= room) return natural; // whole at the zoom's size
        lineHeight.setFont(Font.font(narration.getFont().getFamily(), natural));
        double perPx = (lineHeight.getLayoutBounds().getHeight() + narration.getLineSpacing()) / natural;
        double fits = Math.floor((room - frame) / (LEAST_LINES * perPx));
        return Math.max(PresenterMode.MIN_FONT_PX, Math.min(natural, fits));
    }

    /**
     * The height {@value #LEAST_LINES} lines of {@code narration} take in {@link PresenterMode#MIN_FONT_PX} type with
     * its frame (0 with no narration): the slide gives way before the narration would show fewer.
     */
    static double leastRoom(Label narration) {
        if (!narration.isManaged()) return 0;
        Text line = new Text("Ág");
        line.setFont(Font.font(narration.getFont().getFamily(), PresenterMode.MIN_FONT_PX));
        return LEAST_LINES * (line.getLayoutBounds().getHeight() + narration.getLineSpacing())
                + narration.snappedTopInset() + narration.snappedBottomInset() + 2;
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
