package org.socketlab.ui.statemachine;

import java.util.Locale;
import java.util.Objects;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.socketlab.ui.common.EndpointStyle;

/**
 * The TCP state machine beside the sequence diagram in presenter mode: the compact drawing (every state, boxes close
 * together, no edge labels) fitted to its column so the state names read from the back row, and the last transition
 * in words under it. It shows the same picture as the window's state machine, so it follows the same playback cursor.
 */
public final class PresenterStateMachine extends VBox {
    /** The state names' size in the compact drawing before it is scaled ({@code statemachine.css}). */
    static final double NAME_PX = 27;
    private final StateMachineDiagram diagram = new StateMachineDiagram(true);

    public PresenterStateMachine(StateMachineViewModel vm) {
        setId("presenter-machine");
        getStyleClass().addAll("state-machine-view", "presenter-machine");
        getStylesheets().addAll(EndpointStyle.stylesheet(),
                Objects.requireNonNull(PresenterStateMachine.class.getResource("statemachine.css")).toExternalForm());
        diagram.setId("presenter-state-diagram");
        diagram.pictureProperty().bind(vm.pictureProperty());
        diagram.messagesProperty().bind(vm.texts().messagesProperty());
        diagram.setMinSize(0, 0); // it is scaled to fit: it never pushes the calls off the screen
        VBox.setVgrow(diagram, Priority.ALWAYS);
        Label caption = new Label();
        caption.setId("presenter-machine-caption");
        caption.getStyleClass().add("state-caption");
        caption.setStyle("-fx-font-size: 0.8em;"); // until the presenter sizes it (captionSize)
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.textProperty().bind(vm.caption());
        setSpacing(6);
        getChildren().addAll(diagram, caption);
        this.caption = caption;
    }

    private final Label caption;

    /** The last transition's words in {@code px} type, as the presenter wants them read. */
    public void captionSize(double px) {
        caption.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", px));
    }

    /** How wide the drawing must be for its state names to read {@code namePx} on screen (its height permitting). */
    public static double widthFor(double namePx) {
        return TcpDiagram.COMPACT_WIDTH * namePx / NAME_PX;
    }

    public StateMachineDiagram diagram() {
        return diagram;
    }
}
