package org.socketlab.ui.shell;

import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.i18n.Lang;
import org.socketlab.ui.common.BuiltWhenShown;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The toolbar's "more" button: when a large zoom on a narrow screen leaves no room for the theme menu, the EN/ES
 * buttons or the One/Two machines control, they are hidden from the row and reachable here instead (the button shows only while one of them is
 * hidden).
 */
final class ToolbarOverflow {
    private ToolbarOverflow() {
    }

    /**
     * The button, made the first time {@code theme}, {@code languages} or {@code machines} is hidden from the toolbar
     * (a large zoom on a narrow screen): its menu of copies, the link's controls among them, costs most windows'
     * start for nothing (issue 62). {@code styled} is given it as the toolbar's other buttons were (its icon's size).
     */
    static Node whenNeeded(ShellViewModel vm, Node theme, Node languages, Node machines, Consumer<Node> styled) {
        return BuiltWhenShown.of(anyHidden(theme, languages, machines), () -> {
            MenuButton more = of(vm, theme, languages, machines);
            styled.accept(more);
            return more;
        });
    }

    private static BooleanBinding anyHidden(Node theme, Node languages, Node machines) {
        return theme.visibleProperty().not().or(languages.visibleProperty().not()).or(machines.visibleProperty().not());
    }

    /**
     * The button, shown while {@code theme}, {@code languages} or {@code machines} (the One/Two machines control) is
     * hidden from the toolbar.
     */
    private static MenuButton of(ShellViewModel vm, Node theme, Node languages, Node machines) {
        Texts texts = vm.texts();
        MenuButton more = new MenuButton(null, new FontIcon(Feather.MORE_HORIZONTAL));
        more.setId("toolbar-more");
        LazyTooltip.install(more, () -> {
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(texts.text("ui.toolbar.more"));
            return tip;
        });
        ToggleGroup langs = new ToggleGroup();
        for (Lang lang : Lang.values()) {
            RadioMenuItem item = new RadioMenuItem(lang.code().toUpperCase(Locale.ROOT));
            item.setId("more-lang-" + lang.code());
            item.setToggleGroup(langs);
            item.setSelected(vm.langProperty().get() == lang);
            item.setOnAction(e -> vm.setLang(lang));
            ViewSubscriptions.listen(more, vm.langProperty(), (obs, was, now) -> item.setSelected(now == lang));
            more.getItems().add(item);
        }
        Menu themes = new Menu();
        themes.setId("more-theme");
        themes.textProperty().bind(texts.text("ui.toolbar.theme"));
        ToggleGroup group = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem();
            item.setId("more-theme-" + t.id());
            item.textProperty().bind(texts.text("ui.theme." + t.textKey()));
            item.setToggleGroup(group);
            item.setSelected(vm.themeProperty().get() == t);
            item.setOnAction(e -> vm.themeProperty().set(t));
            ViewSubscriptions.listen(more, vm.themeProperty(), (obs, was, now) -> item.setSelected(now == t));
            themes.getItems().add(item);
        }
        Menu machinesMenu = MachinesMenu.submenu(vm.machines(), texts, more);
        machinesMenu.visibleProperty().bind(machines.visibleProperty().not());
        machinesMenu.disableProperty().bind(machines.disableProperty());
        more.getItems().addAll(new SeparatorMenuItem(), themes, machinesMenu);
        more.visibleProperty().bind(anyHidden(theme, languages, machines));
        more.managedProperty().bind(more.visibleProperty());
        return more;
    }
}
