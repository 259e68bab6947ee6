package org.socketlab.ui.statemachine;

import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
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

    private static final javafx.css.StyleablePropertyFactory<StateMachineDiagram> CSS = new javafx.css.StyleablePropertyFactory<>(
            Control.getClassCssMetaData());
    /** How big the arrow labels should read on screen, in px; {@code 0.8em} in CSS, so it follows the zoom. */
    private final javafx.css.StyleableProperty<Number> labelSize = CSS.createStyleableNumberProperty(this, "labelSize",
            "-sl-label-size", d -> d.labelSize, 12);

    public StateMachineDiagram() {
        ((javafx.beans.value.ObservableValue<?>) labelSize).addListener(obs -> requestLayout());
        getStyleClass().add("state-machine-diagram");
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

    public static java.util.List<javafx.css.CssMetaData<? extends javafx.css.Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public java.util.List<javafx.css.CssMetaData<? extends javafx.css.Styleable, ?>> getControlCssMetaData() {
        return getClassCssMetaData();
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new StateMachineDiagramSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return Objects.requireNonNull(StateMachineDiagram.class.getResource("statemachine.css")).toExternalForm();
    }
}
