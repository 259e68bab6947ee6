package org.socketlab.ui.endpoint;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.socketlab.lab.Request;
import org.socketlab.syscall.SysCall;
import org.socketlab.ui.common.Texts;

/**
 * An endpoint pane's process calls (issue 39), in its Kill menu: fork() (the child gets a pane of its own),
 * waitpid(-1, &amp;st, 0), waitpid(-1, &amp;st, WNOHANG) and exit(0), each one real call in the endpoint's process.
 */
final class ProcessMenu {
    private ProcessMenu() {
    }

    /** The dispositions offered: a signal and what the process does on it (issue 39 item 3). */
    static final List<Map.Entry<String, Request.Signal.Handler>> DISPOSITIONS = List.of(
            Map.entry("SIGPIPE", Request.Signal.Handler.SIG_IGN), Map.entry("SIGPIPE", Request.Signal.Handler.SIG_DFL),
            Map.entry("SIGALRM", Request.Signal.Handler.ON_SIGNAL),
            Map.entry("SIGALRM", Request.Signal.Handler.ON_SIGNAL_RESTART),
            Map.entry("SIGALRM", Request.Signal.Handler.SIG_DFL),
            Map.entry("SIGCHLD", Request.Signal.Handler.ON_SIGNAL),
            Map.entry("SIGCHLD", Request.Signal.Handler.SIG_IGN),
            Map.entry("SIGCHLD", Request.Signal.Handler.SIG_DFL));

    /**
     * Adds the process calls to {@code menu} (the pane's Kill menu), after a separator. They are calls the process makes
     * itself: off while it waits in one (Kill's signals, sent from outside, stay on).
     */
    static void addTo(MenuButton menu, String id, EndpointViewModel vm, Texts texts) {
        Menu signals = signals(id, vm, texts);
        List<MenuItem> calls = List.of(item(id, SysCall.FORK.journalName, texts, vm::fork),
                item(id, SysCall.WAITPID.journalName, texts, () -> vm.waitpid(false)),
                item(id, "waitpidNoHang", texts, () -> vm.waitpid(true)),
                item(id, SysCall.EXIT.journalName, texts, vm::exit), signals);
        for (MenuItem call : calls) call.disableProperty().bind(vm.blockedProperty());
        menu.getItems().add(new SeparatorMenuItem());
        menu.getItems().addAll(calls);
        // Each time the menu opens, the dispositions the process has now are ticked (a fork copies them, a new process
        // has the defaults).
        menu.setOnShowing(e -> tickDispositions(signals, vm));
    }

    /** signal() and sigaction(): what the process does when a signal comes (SIG_IGN, SIG_DFL, a handler). */
    private static Menu signals(String id, EndpointViewModel vm, Texts texts) {
        Menu menu = new Menu();
        menu.setId(id + "-signals");
        menu.setMnemonicParsing(false);
        menu.textProperty().bind(texts.text("ui.endpoint.signal.menu"));
        for (Map.Entry<String, Request.Signal.Handler> d : DISPOSITIONS) {
            String key = d.getKey() + "." + d.getValue().name();
            CheckMenuItem item = new CheckMenuItem();
            item.setId(id + "-signal-" + key.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-'));
            item.setMnemonicParsing(false);
            item.setUserData(d);
            item.textProperty().bind(texts.text("ui.endpoint.signal." + key));
            item.setOnAction(e -> vm.signal(d.getKey(), d.getValue()));
            menu.getItems().add(item);
        }
        return menu;
    }

    /** Ticks the disposition each signal has now in the endpoint's process, and only that one. */
    static void tickDispositions(Menu signals, EndpointViewModel vm) {
        for (MenuItem item : signals.getItems())
            if (item instanceof CheckMenuItem check && check.getUserData() instanceof Map.Entry<?, ?> d)
                check.setSelected(vm.disposition((String) d.getKey()) == d.getValue());
    }

    private static MenuItem item(String id, String what, Texts texts, Runnable action) {
        MenuItem item = new MenuItem();
        item.setId(id + "-process-" + what.toLowerCase(Locale.ROOT));
        item.textProperty().bind(texts.text("ui.endpoint.process." + what));
        item.setOnAction(e -> action.run());
        return item;
    }
}
