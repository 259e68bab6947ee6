package org.socketlab.ui.endpoint;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.socketlab.lab.Endpoint.SocketInfo;
import org.socketlab.ui.common.FittingComboBoxSkin;

/** The small builders of the endpoint pane's input lines: selectors, text inputs that grow, tooltips, messages. */
final class InputControls {
    private InputControls() {
    }

    /** The socket the calls act on: its label above, the selector as wide as the pane, so its line shows whole. */
    static Node socketLine(Label label, ComboBox<SocketInfo> fd) {
        // As wide as the pane (the pane's VBox fills it), with a small minimum, so the pane can always shrink.
        fd.setMinWidth(120);
        fd.setPrefWidth(200);
        fd.setMaxWidth(Double.MAX_VALUE);
        VBox line = new VBox(4, label, fd);
        line.setFillWidth(true);
        return line;
    }

    /** A text input as wide as what is typed in it (within reason), so "127.0.0.1" or a Unix path shows whole. */
    static void growWithText(TextField f) {
        f.prefColumnCountProperty().bind(Bindings.createIntegerBinding(
                () -> Math.clamp(f.getText() == null ? 0 : f.getText().length() + 1, 5, 28), f.textProperty()));
        f.setMinWidth(Region.USE_PREF_SIZE);
    }

    @SafeVarargs
    static <T> ComboBox<T> combo(String id, T... values) {
        ComboBox<T> c = new ComboBox<>();
        c.getItems().setAll(values);
        c.setId(id);
        c.setMaxWidth(Double.MAX_VALUE);
        return FittingComboBoxSkin.install(c);
    }

    static Tooltip tooltip(ObservableValue<String> text) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(text);
        t.setShowDelay(Duration.millis(300));
        t.getStyleClass().add("call-tooltip");
        return t;
    }

    static void showOnlyWithText(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }
}
