package org.socketlab.ui.endpoint;

import java.util.Locale;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.socketlab.ui.common.Texts;

/**
 * An endpoint pane's process calls (issue 39), in its Kill menu: fork() (the child gets a pane of its own),
 * waitpid(-1, &amp;st, 0), waitpid(-1, &amp;st, WNOHANG) and exit(0), each one real call in the endpoint's process.
 */
final class ProcessMenu {
    private ProcessMenu() {
    }

    /** Adds the process calls to {@code menu} (the pane's Kill menu), after a separator. */
    static void addTo(MenuButton menu, String id, EndpointViewModel vm, Texts texts) {
        menu.getItems().addAll(new SeparatorMenuItem(), item(id, "fork", texts, vm::fork),
                item(id, "waitpid", texts, () -> vm.waitpid(false)),
                item(id, "waitpidNoHang", texts, () -> vm.waitpid(true)), item(id, "exit", texts, vm::exit));
    }

    private static MenuItem item(String id, String what, Texts texts, Runnable action) {
        MenuItem item = new MenuItem();
        item.setId(id + "-process-" + what.toLowerCase(Locale.ROOT));
        item.textProperty().bind(texts.text("ui.endpoint.process." + what));
        item.setOnAction(e -> action.run());
        return item;
    }
}
