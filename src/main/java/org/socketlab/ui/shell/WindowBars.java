package org.socketlab.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.BuiltWhenShown;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;

/** The window's notices: an unsupported system, a replayed journal, the File menu's last word. */
final class WindowBars {
    private final ShellViewModel vm;
    private final Texts texts;
    private Runnable onBackToLive = () -> {
    };

    WindowBars(ShellViewModel vm) {
        this.vm = vm;
        this.texts = vm.texts();
    }

    /** What the replay banner's button does: back to the live lab. */
    void setOnBackToLive(Runnable action) {
        onBackToLive = Objects.requireNonNull(action);
    }

    /** Where calls cannot be made at all: says why (shown from the start, for the whole run). */
    Label unsupported() {
        Label banner = new Label(null, new FontIcon(Feather.ALERT_TRIANGLE));
        banner.setId("unsupported-banner");
        banner.getStyleClass().add("unsupported-banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.textProperty().bind(vm.bannerProperty());
        banner.visibleProperty().bind(vm.bannerProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    /**
     * While a journal file is replayed: says so, and that no call is made, with the way back to the live lab. Made
     * when a replay first starts (BuiltWhenShown).
     */
    Node replay() {
        return BuiltWhenShown.of(vm.replayingProperty().isNotEmpty(), this::replayBar);
    }

    private Node replayBar() {
        Button back = new Button(null, new FontIcon(Feather.ARROW_LEFT));
        back.setId("replay-back-to-live");
        back.textProperty().bind(texts.text("ui.replay.backToLive"));
        back.setMinWidth(Region.USE_PREF_SIZE);
        back.setOnAction(e -> onBackToLive.run());
        return bar("replay-banner", Feather.FILM, Bindings.createStringBinding(
                () -> texts.messages().get("ui.replay.banner", vm.replayingProperty().get()), vm.replayingProperty(),
                texts.messagesProperty()),
                back, vm.replayingProperty().isNotEmpty());
    }

    /** The last word of the File menu (saved, exported, why a file could not be opened), until it is dismissed. */
    Node fileNotice() {
        return BuiltWhenShown.of(vm.fileNoticeProperty().isNotNull(), this::fileNoticeBar);
    }

    private Node fileNoticeBar() {
        Button dismiss = new Button(null, new FontIcon(Feather.X));
        dismiss.setId("file-notice-dismiss");
        dismiss.getStyleClass().add(Styles.FLAT);
        LazyTooltip.install(dismiss, () -> {
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(texts.text("ui.file.dismiss"));
            return tip;
        });
        dismiss.setOnAction(e -> vm.fileNoticeProperty().set(null));
        return bar("file-notice", Feather.INFO, vm.fileNoticeText(), dismiss, vm.fileNoticeProperty().isNotNull());
    }

    /**
     * A lesson refused in the machine mode in force that the other mode runs: says so by the lesson's title, with
     * "Switch to two machines and run" (or one) and a dismiss button.
     */
    Node modeOffer() {
        return BuiltWhenShown.of(vm.machines().offerProperty().isNotNull(), this::modeOfferBar);
    }

    private Node modeOfferBar() {
        var offer = vm.machines().offerProperty();
        Button switchAndRun = new Button(null, new FontIcon(Feather.SERVER));
        switchAndRun.setId("mode-offer-switch");
        switchAndRun.getStyleClass().add(Styles.ACCENT);
        switchAndRun.setMinWidth(Region.USE_PREF_SIZE);
        switchAndRun.textProperty().bind(Bindings.createStringBinding(() -> offer.get() == null
                ? ""
                : texts.messages()
                        .get(offer.get().toTwo() ? "machines.ui.offer.switchTwo" : "machines.ui.offer.switchOne"),
                offer, texts.messagesProperty()));
        switchAndRun.setOnAction(e -> vm.machines().acceptOffer(vm::runLesson));
        Button dismiss = new Button(null, new FontIcon(Feather.X));
        dismiss.setId("mode-offer-dismiss");
        dismiss.getStyleClass().add(Styles.FLAT);
        dismiss.accessibleTextProperty().bind(texts.text("ui.file.dismiss"));
        dismiss.setOnAction(e -> vm.machines().dismissOffer());
        Node bar = bar("mode-offer", Feather.INFO, Bindings.createStringBinding(() -> {
            var o = offer.get();
            if (o == null) return "";
            String title = o.lesson().title().in(texts.langProperty().get());
            return texts.messages().get(o.toTwo() ? "machines.ui.offer.two" : "machines.ui.offer.one", title);
        }, offer, texts.messagesProperty(), texts.langProperty()), switchAndRun, offer.isNotNull());
        ((HBox) bar).getChildren().add(dismiss);
        return bar;
    }

    /** A bar: an icon and a wrapped line of text, its button at the end, there only while {@code shown}. */
    private static Node bar(String id, Feather icon, ObservableValue<String> text, Button button,
            ObservableValue<Boolean> shown) {
        Label label = new Label(null, new FontIcon(icon));
        label.setId(id + "-text");
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(label, Priority.ALWAYS);
        label.textProperty().bind(text);
        HBox bar = new HBox(10, label, button);
        bar.setId(id);
        bar.getStyleClass().add(id);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.visibleProperty().bind(shown);
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }
}
