package org.socketlab.ui.statemachine;

import java.util.List;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.control.SkinBase;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/**
 * The RFC 9293 TCP state diagram as a control: it holds what to show (a {@link StateMachineViewModel.Picture}
 * and the language of the arrow labels); {@link StateMachineDiagramSkin} draws it, {@code statemachine.css}
 * styles it with theme colours.
 */
public final class StateMachineDiagram extends Control {
    private final ObjectProperty<StateMachineViewModel.Picture> picture = new SimpleObjectProperty<>(this, "picture",
            StateMachineViewModel.Picture.EMPTY);
    private final ObjectProperty<Messages> messages = new SimpleObjectProperty<>(this, "messages",
            Messages.of(Lang.EN));

    private static final StyleablePropertyFactory<StateMachineDiagram> CSS = new StyleablePropertyFactory<>(
            Control.getClassCssMetaData());
    /** How big the arrow labels should read on screen, in px; {@code 0.8em} in CSS, so it follows the zoom. */
    private final StyleableProperty<Number> labelSize = CSS.createStyleableNumberProperty(this, "labelSize",
            "-sl-label-size", d -> d.labelSize, 12);

    /**
     * How big the narrow drawing's state names read on screen at least, in px ({@code 0.77em} in CSS: 11.5 px at
     * 100 %, following the zoom); it scrolls when the pane is smaller than that makes it.
     */
    private final StyleableProperty<Number> nameSize = CSS.createStyleableNumberProperty(this, "nameSize",
            "-sl-name-size", d -> d.nameSize, 12);

    private final boolean compact, dense, narrow;

    public StateMachineDiagram() {
        this(false);
    }

    public StateMachineDiagram(boolean compact) {
        this(compact, false);
    }

    /**
     * {@code compact}: the presenter's drawing, boxes close together without edge labels and the whole machine fitted
     * to the control, so the state names are as large as the room allows (style class {@code compact}). {@code dense}:
     * that drawing with low boxes and rows close together, for a pane wider than high (style classes {@code compact
     * dense}).
     */
    public StateMachineDiagram(boolean compact, boolean dense) {
        this(compact, dense, false);
    }

    private StateMachineDiagram(boolean compact, boolean dense, boolean narrow) {
        this.compact = compact || dense || narrow;
        this.dense = dense;
        this.narrow = narrow;
        ((ObservableValue<?>) labelSize).addListener(obs -> requestLayout());
        ((ObservableValue<?>) nameSize).addListener(obs -> requestLayout());
        getStyleClass().add("state-machine-diagram");
        if (this.compact) getStyleClass().add("compact");
        if (dense) getStyleClass().add("dense");
        if (narrow) getStyleClass().add("narrow");
    }

    /**
     * The narrow drawing, for a side column (issue 57): the compact boxes in two lanes and a middle one, names at least
     * {@code -sl-name-size}, larger when the whole machine fits so, else scrolled to the state that matters now with
     * where it can go next (style classes {@code compact narrow}).
     */
    public static StateMachineDiagram forColumn() {
        return new StateMachineDiagram(true, false, true);
    }

    public boolean narrow() {
        return narrow;
    }

    /** The least size of the narrow drawing's state names on screen, in px. */
    public double nameSize() {
        return nameSize.getValue().doubleValue();
    }

    public boolean compact() {
        return compact;
    }

    public boolean dense() {
        return dense;
    }

    public ObjectProperty<StateMachineViewModel.Picture> pictureProperty() {
        return picture;
    }
    public ObjectProperty<Messages> messagesProperty() {
        return messages;
    }

    public double labelSize() {
        return labelSize.getValue().doubleValue();
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getControlCssMetaData() {
        return getClassCssMetaData();
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        if (isVisible()) return new StateMachineDiagramSkin(this);
        // A drawing not shown (StateMachineView shows one of its three) gets its 150-200 nodes when it is first shown:
        // JavaFX styles and lays out a hidden node as a shown one, which took the window's start 360 nodes (issue 62).
        visibleProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable obs) {
                if (!isVisible()) return;
                visibleProperty().removeListener(this);
                setSkin(new StateMachineDiagramSkin(StateMachineDiagram.this));
                if (getScene() != null) applyCss(); // drawn in this pulse, not one later
            }
        });
        return new SkinBase<>(this) {
        };
    }

    @Override
    public String getUserAgentStylesheet() {
        return Objects.requireNonNull(StateMachineDiagram.class.getResource("statemachine.css")).toExternalForm();
    }
}
