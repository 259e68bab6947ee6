package org.socketlab.ui.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import org.socketlab.capture.CaptureReason;
import org.socketlab.capture.NetworkChoice;
import org.socketlab.ui.common.Texts;

/**
 * Options → Lab network: the private lab network (wire captured, only the lab's traffic) or this computer's loopback
 * (programs in the user's terminals reach the lab's server), and a terminal whose shell is in the lab network. A
 * change starts SocketLab again in the chosen network (a running program cannot change its network).
 */
final class NetworkMenu {
    private final Texts texts;
    private final NetworkChoice choice;

    NetworkMenu(Texts texts, NetworkChoice choice) {
        this.texts = texts;
        this.choice = choice;
    }

    List<MenuItem> items() {
        MenuItem heading = new MenuItem();
        heading.textProperty().bind(texts.text("ui.network.title"));
        heading.setDisable(true);
        ToggleGroup group = new ToggleGroup();
        RadioMenuItem lab = radio("network-private", "ui.network.private", group);
        RadioMenuItem host = radio("network-host", "ui.network.host", group);
        boolean inLab = choice.network().isPrivate();
        (inLab ? lab : host).setSelected(true);
        boolean canSwitch = choice.canSwitch();
        lab.setDisable(!canSwitch && !inLab);
        host.setDisable(!canSwitch && inLab);
        lab.setOnAction(e -> change(true, lab, host));
        host.setOnAction(e -> change(false, lab, host));

        MenuItem why = new MenuItem();
        why.setId("network-why");
        why.setDisable(true);
        why.setMnemonicParsing(false);
        CaptureReason notPrivate = choice.network().whyNotPrivate();
        if (notPrivate != null && !canSwitch) {
            // A binding: the long-lived texts hold it weakly, so a replaced window's menu is let go.
            why.textProperty().bind(
                    Bindings.createStringBinding(() -> notPrivate.text(texts.messages()), texts.messagesProperty()));
        }
        why.setVisible(notPrivate != null && !canSwitch);

        MenuItem terminal = new MenuItem();
        terminal.setId("network-terminal");
        terminal.setMnemonicParsing(false);
        Optional<Path> xterm = NetworkChoice.terminal();
        terminal.textProperty().bind(xterm.isPresent()
                ? texts.text("ui.network.terminal")
                : texts.text("ui.network.noTerminal"));
        terminal.setDisable(!inLab || xterm.isEmpty());
        terminal.setOnAction(e -> xterm.ifPresent(this::openTerminal));
        return List.of(new SeparatorMenuItem(), heading, lab, host, why, terminal);
    }

    private RadioMenuItem radio(String id, String key, ToggleGroup group) {
        RadioMenuItem item = new RadioMenuItem();
        item.setId(id);
        item.setMnemonicParsing(false);
        item.setToggleGroup(group);
        item.textProperty().bind(texts.text(key));
        return item;
    }

    private void change(boolean toPrivate, RadioMenuItem lab, RadioMenuItem host) {
        if (toPrivate == choice.network().isPrivate()) return;
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, texts.messages().get("ui.network.restart"),
                ButtonType.OK, ButtonType.CANCEL);
        confirm.setHeaderText(null);
        confirm.setTitle(texts.messages().get("ui.network.title"));
        boolean go = confirm.showAndWait().filter(ButtonType.OK::equals).isPresent();
        if (go) {
            try {
                if (choice.switchTo(toPrivate)) {
                    Platform.exit(); // the application's stop() closes the lab; a new one starts in the chosen network
                    return;
                }
            } catch (IOException ex) {
                problem(ex);
            }
        }
        (choice.network().isPrivate() ? lab : host).setSelected(true);
    }

    private void openTerminal(Path xterm) {
        try {
            choice.openTerminal(xterm, texts.messages().get("ui.network.title"));
        } catch (IOException | IllegalStateException ex) {
            problem(ex);
        }
    }

    private void problem(Exception ex) {
        Alert alert = new Alert(Alert.AlertType.ERROR, String.valueOf(ex.getMessage()), ButtonType.OK);
        alert.setHeaderText(null);
        alert.show();
    }
}
