package org.socketlab.ui.shell;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.scene.Node;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;
import org.socketlab.ui.network.MachinesViewModel;

/**
 * The toolbar's Machines control, beside Network (issue 40): its text is the choice in force ("One machine", "Two
 * machines"); its menu says where the endpoints live or why there is only one machine, and offers both and the link's
 * rate.
 */
final class MachinesMenu {
    private MachinesMenu() {
    }

    static MenuButton of(MachinesViewModel model, Texts texts) {
        MenuButton menu = new MenuButton(null, new FontIcon(Feather.SERVER));
        menu.setId("machines-menu");
        menu.textProperty().bind(choice(model, texts));
        LazyTooltip.install(menu, () -> {
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(texts.text("machines.ui.tooltip"));
            return tip;
        });
        menu.getItems().addAll(items(model, texts, menu, "machines-"));
        return menu;
    }

    /**
     * The same control as a submenu of the toolbar's "more" button, for a zoom that leaves the toolbar no room for it
     * (its items' ids start with {@code more-machines-}).
     */
    static Menu submenu(MachinesViewModel model, Texts texts, Node owner) {
        Menu menu = new Menu();
        menu.setId("more-machines");
        menu.setMnemonicParsing(false);
        menu.textProperty().bind(choice(model, texts));
        menu.getItems().addAll(items(model, texts, owner, "more-machines-"));
        return menu;
    }

    private static StringBinding choice(MachinesViewModel model, Texts texts) {
        return Bindings.when(model.twoProperty()).then(texts.text("machines.ui.two"))
                .otherwise(texts.text("machines.ui.one"));
    }

    /** The control's items, a fresh set for each menu that shows them ({@code owner} ends their listeners). */
    private static List<MenuItem> items(MachinesViewModel model, Texts texts, Node owner, String ids) {
        // A Text, as the Network control's status: a menu asks its items' height without a width, and only a Text wraps.
        Text stateText = new Text();
        stateText.getStyleClass().add("network-status-text");
        stateText.textProperty().bind(model.statusProperty());
        stateText.wrappingWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(stateText.getFont().getSize() * 30, 600), stateText.fontProperty()));
        CustomMenuItem state = new CustomMenuItem(stateText, false);
        state.setId(ids + "status");
        state.setMnemonicParsing(false); // a reason's code has underscores (no_user_namespace): no mnemonic in it
        state.textProperty().bind(model.statusProperty());

        BooleanBinding off = model.busyProperty().or(Bindings.createBooleanBinding(() -> !model.available()));
        ToggleGroup group = new ToggleGroup();
        RadioMenuItem one = radio(ids + "one", texts, "machines.ui.one", group);
        RadioMenuItem two = radio(ids + "two", texts, "machines.ui.two", group);
        one.setOnAction(e -> model.choose(false));
        two.setOnAction(e -> model.choose(true));
        one.disableProperty().bind(off);
        two.disableProperty().bind(off);

        Menu rate = new Menu();
        rate.setId(ids + "rate");
        rate.setMnemonicParsing(false);
        rate.textProperty().bind(texts.text("machines.ui.rate"));
        rate.disableProperty().bind(off);
        ToggleGroup rates = new ToggleGroup();
        for (int kbit : MachinesViewModel.RATES) {
            RadioMenuItem item = kbit == 0
                    ? radio(ids + "rate-none", texts, "machines.ui.rate.none", rates)
                    : radio(ids + "rate-" + kbit, texts, null, rates);
            if (kbit > 0) item.textProperty().bind(texts.text("machines.ui.rate.kbit", String.format("%,d", kbit)));
            item.setOnAction(e -> model.limitRate(kbit));
            item.setUserData(kbit);
            rate.getItems().add(item);
        }

        // The radio items show what is in force (a failed move leaves one machine), not only what was clicked.
        Runnable shown = () -> {
            (model.twoProperty().get() ? two : one).setSelected(true);
            for (MenuItem item : rate.getItems())
                if (item instanceof RadioMenuItem r) r.setSelected(r.getUserData().equals(model.rateProperty().get()));
        };
        shown.run();
        ViewSubscriptions.listen(owner, model.twoProperty(), (obs, was, is) -> shown.run());
        ViewSubscriptions.listen(owner, model.rateProperty(), (obs, was, is) -> shown.run());
        return List.of(state, new SeparatorMenuItem(), one, two, new SeparatorMenuItem(), rate);
    }

    private static RadioMenuItem radio(String id, Texts texts, String key, ToggleGroup group) {
        RadioMenuItem item = new RadioMenuItem();
        item.setId(id);
        item.setMnemonicParsing(false);
        if (key != null) item.textProperty().bind(texts.text(key));
        item.setToggleGroup(group);
        return item;
    }
}
