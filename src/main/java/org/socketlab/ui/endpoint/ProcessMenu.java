package org.socketlab.ui.endpoint;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;

/**
 * An endpoint pane's Process menu (issue 39), a small menu button like Kill: fork() (the child gets a pane of its own),
 * waitpid(-1, &amp;st, 0), waitpid(-1, &amp;st, WNOHANG) and exit(0), each one real call in the endpoint's process.
 */
final class ProcessMenu {
    private ProcessMenu() {
    }

    static MenuButton of(String id, EndpointViewModel vm, Texts texts) {
        MenuButton menu = new MenuButton(null, new FontIcon(Feather.GIT_BRANCH));
        menu.setId(id + "-process");
        menu.textProperty().bind(texts.text("ui.endpoint.process"));
        LazyTooltip.install(menu, () -> InputControls.tooltip(texts.text("ui.endpoint.process.tooltip")));
        menu.getStyleClass().add(Styles.SMALL);
        menu.getItems().addAll(item(id, "fork", texts, vm::fork),
                item(id, "waitpid", texts, () -> vm.waitpid(false)),
                item(id, "waitpidNoHang", texts, () -> vm.waitpid(true)), item(id, "exit", texts, vm::exit));
        menu.disableProperty().bind(vm.replayingProperty());
        return menu;
    }

    private static MenuItem item(String id, String what, Texts texts, Runnable action) {
        MenuItem item = new MenuItem();
        item.setId(id + "-process-" + what.toLowerCase(Locale.ROOT));
        item.textProperty().bind(texts.text("ui.endpoint.process." + what));
        item.setOnAction(e -> action.run());
        return item;
    }
}
