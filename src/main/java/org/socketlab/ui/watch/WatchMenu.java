package org.socketlab.ui.watch;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/** File → Watch a program…: the menu item that opens {@link WatchDialog}; off while a saved journal is replayed. */
public final class WatchMenu {
    private WatchMenu() {
    }

    public static void addTo(MenuButton fileMenu, WatchViewModel vm, ObservableBooleanValue replaying) {
        MenuItem item = new MenuItem();
        item.setId("file-watch");
        item.setMnemonicParsing(false);
        item.textProperty().bind(vm.texts().text("ui.file.watch"));
        item.disableProperty().bind(replaying);
        item.setOnAction(e -> open(fileMenu, vm));
        fileMenu.getItems().addAll(new SeparatorMenuItem(), item);
    }

    /** Opens the dialog, owned by the window; never waits for it. */
    public static WatchDialog open(MenuButton fileMenu, WatchViewModel vm) {
        WatchDialog dialog = new WatchDialog(vm, fileMenu.getScene() == null ? null : fileMenu.getScene().getWindow());
        // The window's zoom (its root's base font size): the dialog is as readable as the window it belongs to.
        if (fileMenu.getScene() != null)
            dialog.getDialogPane().styleProperty().bind(fileMenu.getScene().getRoot().styleProperty());
        dialog.show();
        return dialog;
    }
}
