package org.socketlab.ui.watch;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.TextAreaSkin;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The bar under the toolbar while a program is watched, and after it ended until closed: "Watching: PROGRAM", Stop,
 * then how it ended (exit code) and Close; below, what the program wrote (its output is not lost: it has no terminal).
 */
public final class WatchBar extends VBox {
    public WatchBar(WatchViewModel vm) {
        getStylesheets().add(Objects.requireNonNull(WatchBar.class.getResource("watch.css")).toExternalForm());
        setId("watch-bar");
        getStyleClass().add("watch-bar");
        Label line = new Label(null, new FontIcon(Feather.EYE));
        line.setId("watch-bar-text");
        line.setWrapText(true);
        line.setMaxWidth(Double.MAX_VALUE);
        line.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(line, Priority.ALWAYS);
        line.textProperty().bind(vm.statusText());

        Button stop = new Button(null, new FontIcon(Feather.SQUARE));
        stop.setId("watch-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.textProperty().bind(vm.texts().text("ui.watch.stop"));
        stop.setMinWidth(Region.USE_PREF_SIZE);
        stop.setOnAction(e -> vm.stop());
        Button close = new Button(null, new FontIcon(Feather.X));
        close.setId("watch-close");
        close.textProperty().bind(vm.texts().text("ui.watch.close"));
        close.setMinWidth(Region.USE_PREF_SIZE);
        close.setOnAction(e -> vm.dismiss());

        TextArea output = new TextArea();
        output.setId("watch-output");
        output.getStyleClass().add("watch-output");
        output.setEditable(false);
        output.setWrapText(true);
        output.setPrefRowCount(3);
        output.setFocusTraversable(false);
        // Moving the caret from code (below) makes the skin blink it, focused or not, for as long as the bar lives:
        // an animation, which would keep the idle window drawing 60 frames a second after any watch.
        output.setSkin(new TextAreaSkin(output) {
            @Override
            public void setCaretAnimating(boolean value) {
                super.setCaretAnimating(value && output.isFocused());
            }
        });
        output.textProperty().bind(vm.outputProperty());
        // A text field's bound text listens to its source strongly: let go with the window.
        ViewSubscriptions.hold(this, output.textProperty()::unbind);
        // The newest lines in view, as on a terminal.
        output.textProperty().addListener((obs, was, is) -> {
            output.positionCaret(is.length());
            output.setScrollTop(Double.MAX_VALUE);
        });
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.texts().text("ui.watch.output"));
        output.setTooltip(tip);
        output.visibleProperty().bind(vm.outputProperty().isNotEmpty());
        output.managedProperty().bind(output.visibleProperty());

        HBox top = new HBox(10, line, stop, close);
        top.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(top, output);

        // The view-model outlives the bar (a reset builds the window's views again): it holds the bar only weakly.
        statusShown = (obs, was, is) -> show(is, stop, close);
        vm.statusProperty().addListener(new WeakChangeListener<>(statusShown));
        show(vm.statusProperty().get(), stop, close);
    }

    /** Kept by the bar itself, so the weak listener lives exactly as long as the bar. */
    private final ChangeListener<WatchViewModel.Status> statusShown;

    private void show(WatchViewModel.Status status, Button stop, Button close) {
        boolean idle = status instanceof WatchViewModel.Status.Idle;
        setVisible(!idle);
        setManaged(!idle);
        boolean running = status instanceof WatchViewModel.Status.Running
                || status instanceof WatchViewModel.Status.Starting;
        stop.setDisable(!running);
        stop.setVisible(
                !(status instanceof WatchViewModel.Status.Ended || status instanceof WatchViewModel.Status.Failed));
        stop.setManaged(stop.isVisible());
        close.setVisible(!stop.isVisible());
        close.setManaged(close.isVisible());
        getStyleClass().remove("watch-failed");
        if (status instanceof WatchViewModel.Status.Failed) getStyleClass().add("watch-failed");
    }
}
