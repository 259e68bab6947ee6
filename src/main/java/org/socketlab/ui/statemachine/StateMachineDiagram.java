package org.socketlab.ui.statemachine;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

import java.util.Objects;

/**
 * The RFC 9293 TCP state diagram as a control: it holds what to show (a {@link StateMachineViewModel.Picture}
 * and the language of the arrow labels); {@link StateMachineDiagramSkin} draws it, {@code statemachine.css}
 * styles it with theme colours.
 */
public final class StateMachineDiagram extends Control {
    private final ObjectProperty<StateMachineViewModel.Picture> picture =
            new SimpleObjectProperty<>(this, "picture", StateMachineViewModel.Picture.EMPTY);
    private final ObjectProperty<Messages> messages = new SimpleObjectProperty<>(this, "messages", Messages.of(Lang.EN));

    public StateMachineDiagram() {
        getStyleClass().add("state-machine-diagram");
    }

    public ObjectProperty<StateMachineViewModel.Picture> pictureProperty() { return picture; }
    public ObjectProperty<Messages> messagesProperty() { return messages; }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new StateMachineDiagramSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return Objects.requireNonNull(StateMachineDiagram.class.getResource("statemachine.css")).toExternalForm();
    }
}
