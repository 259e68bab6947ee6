package org.socketlab.ui.share;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.share.RoomAnswers;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The projector's panel while sharing: where to join (the URL, its QR code and the big join code), "24 of 31 answered"
 * while a predict step waits, after the press the room's histogram beside the kernel's real result, and the
 * presenter's buttons (discuss and answer again, save the answers, stop). Takes no room while nothing is shared. Its
 * listeners on the long-lived {@link RoomShare} go with the presenter's window ({@link ViewSubscriptions}).
 */
public final class RoomPanel extends VBox {
    /** The QR code's side on the projector at most, in px: a 1080-line screen's third, read from the back row. */
    static final double QR_MOST_PX = 360;
    /** The share of the screen's width the panel takes. */
    static final double WIDTH_SHARE = 0.24;

    private final RoomShare room;
    private final Texts texts;
    private final VBox bars = new VBox(6);

    /** {@code owner}: the window the Save dialog belongs to (null: none yet). */
    public RoomPanel(RoomShare room, Texts texts, Supplier<Window> owner) {
        super(10);
        this.room = room;
        this.texts = texts;
        setId("share-panel");
        getStyleClass().add("share-panel");
        setPadding(new Insets(12, 16, 12, 16));
        setFillWidth(true);
        setMinWidth(0);
        BooleanBinding shown = Bindings.createBooleanBinding(
                () -> !(room.statusProperty().get() instanceof RoomShare.Status.Off), room.statusProperty());
        visibleProperty().bind(shown);
        managedProperty().bind(visibleProperty());

        Label status = label("share-status", "");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(() -> switch (room.statusProperty().get()) {
            case RoomShare.Status.Starting s -> texts.messages().get("ui.share.starting", s.address());
            case RoomShare.Status.Failed f -> texts.messages().text(f.why());
            default -> "";
        }, room.statusProperty(), texts.messagesProperty()));
        status.visibleProperty().bind(status.textProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());

        Label join = label("share-join", "");
        join.textProperty().bind(texts.text("ui.share.join"));
        Label url = label("share-url", "-fx-font-size: 1.1em; -fx-font-weight: bold;");
        url.setWrapText(true);
        url.textProperty().bind(Bindings.createStringBinding(
                () -> room.statusProperty().get() instanceof RoomShare.Status.On on ? on.url() : "",
                room.statusProperty()));
        QrCanvas qr = new QrCanvas();
        qr.textProperty().bind(url.textProperty());
        qr.sideProperty().bind(Bindings.createDoubleBinding(() -> Math.min(QR_MOST_PX, Math.max(120,
                prefWidthProperty().get() - 32)), prefWidthProperty()));
        qr.accessibleTextProperty().bind(Bindings.createStringBinding(
                () -> texts.messages().get("ui.share.qr", url.getText()), url.textProperty(),
                texts.messagesProperty()));
        StackPane qrBox = new StackPane(qr);
        qrBox.setAlignment(Pos.CENTER_LEFT);
        Label codeTitle = label("share-code-title", "");
        codeTitle.textProperty().bind(texts.text("ui.share.code"));
        Label code = label("share-code", "-fx-font-size: 3em; -fx-font-weight: bold; -fx-font-family: monospace;");
        code.textProperty().bind(Bindings.createStringBinding(
                () -> room.statusProperty().get() instanceof RoomShare.Status.On on ? on.code() : "",
                room.statusProperty()));
        VBox where = new VBox(6, join, url, qrBox, codeTitle, code);
        where.visibleProperty().bind(room.sharingProperty());
        where.managedProperty().bind(where.visibleProperty());

        Label answered = label("share-answered", "-fx-font-size: 1.3em; -fx-font-weight: bold;");
        answered.textProperty().bind(room.answeredText());
        answered.visibleProperty().bind(answered.textProperty().isNotEmpty());
        answered.managedProperty().bind(answered.visibleProperty());
        Label round2 = label("share-round2", "");
        round2.setWrapText(true);
        round2.textProperty().bind(Bindings.createStringBinding(() -> {
            RoomAnswers.Tally t = room.tallyProperty().get();
            return t != null && t.open() && t.round() == 2 ? texts.messages().get("ui.share.round2") : "";
        }, room.tallyProperty(), texts.messagesProperty()));
        round2.visibleProperty().bind(round2.textProperty().isNotEmpty());
        round2.managedProperty().bind(round2.visibleProperty());
        bars.setId("share-histogram");
        bars.managedProperty().bind(bars.visibleProperty());
        ViewSubscriptions.listen(this, room.tallyProperty(), obs -> drawBars());
        ViewSubscriptions.listen(this, texts.messagesProperty(), obs -> drawBars());
        drawBars();

        getChildren().addAll(status, where, answered, round2, bars, buttons(owner));
        setPrefWidth(QR_MOST_PX + 32);
    }

    /** The panel takes {@value #WIDTH_SHARE} of a screen {@code width} px wide (the QR code's side follows it). */
    public void fitTo(ObservableDoubleValue width) {
        prefWidthProperty().bind(Bindings.createDoubleBinding(() -> Math.max(200, width.get() * WIDTH_SHARE), width));
    }

    private Node buttons(Supplier<Window> owner) {
        Button discuss = button("share-discuss", Feather.MESSAGE_CIRCLE, "ui.share.discuss");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(texts.text("ui.share.discuss.tooltip"));
        discuss.setTooltip(tip);
        discuss.setOnAction(e -> room.discuss());
        discuss.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            RoomAnswers.Tally t = room.tallyProperty().get();
            return !room.sharingProperty().get() || t == null || !t.open() || t.round() >= RoomAnswers.ROUNDS;
        }, room.tallyProperty(), room.sharingProperty()));
        Button save = button("share-save", Feather.SAVE, "ui.share.save");
        save.disableProperty().bind(room.tallyProperty().isNull());
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(texts.messages().get("ui.share.save"));
            chooser.setInitialFileName("answers.csv");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(texts.messages().get(
                    "ui.share.csvFiles"), "*.csv"));
            File file = chooser.showSaveDialog(owner.get());
            if (file != null) room.save(file.toPath());
        });
        Button stop = button("share-stop", Feather.X_CIRCLE, "ui.share.stop");
        stop.setOnAction(e -> room.stop());
        Label notice = label("share-notice", "");
        notice.setWrapText(true);
        notice.textProperty().bind(Bindings.createStringBinding(
                () -> room.noticeProperty().get() == null ? "" : texts.messages().text(room.noticeProperty().get()),
                room.noticeProperty(), texts.messagesProperty()));
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        FlowPane row = new FlowPane(8, 8, discuss, save, stop);
        return new VBox(8, row, notice);
    }

    /** Saves the room's answers to {@code file} (what Save's chooser does; tests call it without the dialog). */
    void saveTo(Path file) {
        room.save(file);
    }

    /**
     * The room's answers after the press: a bar per option, its count and share, the options the kernel made right
     * ticked (words too, not colour alone), and what the kernel did under them. Nothing before the press: the bars would
     * sway the room's answers.
     */
    private void drawBars() {
        RoomAnswers.Tally t = room.tallyProperty().get();
        bars.getChildren().clear();
        bars.setVisible(t != null && !t.open());
        if (t == null || t.open()) return;
        var m = texts.messages();
        Label title = label("share-histogram-title", "-fx-font-weight: bold;");
        title.setText(t.round() == 1 ? m.get("ui.share.room") : m.get("ui.share.roomRound", t.round()));
        bars.getChildren().add(title);
        List<Integer> right = t.judged() == null ? List.of() : t.judged().right();
        int most = Math.max(1, t.counts().stream().mapToInt(Integer::intValue).max().orElse(1));
        for (int i = 0; i < t.counts().size(); i++) {
            int n = t.counts().get(i);
            boolean isRight = right.contains(i + 1);
            Label what = label("share-bar-" + (i + 1), isRight ? "-fx-font-weight: bold;" : "");
            what.setText(m.get("ui.share.bar", i + 1, n, t.answered() == 0
                    ? 0
                    : Math.round(100.0 * n /
                            t.answered()))
                    + (isRight ? "  ✓ " + m.get("ui.share.right") : ""));
            what.setMinWidth(Region.USE_PREF_SIZE);
            if (isRight) what.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
            Region bar = new Region();
            bar.setMinHeight(14);
            bar.setStyle(isRight
                    ? "-fx-background-color: -color-success-emphasis;"
                    : "-fx-background-color: -color-accent-muted;");
            bar.prefWidthProperty().bind(bars.widthProperty().multiply(0.9 * n / most));
            bar.setMaxWidth(Region.USE_PREF_SIZE);
            HBox.setHgrow(bar, Priority.NEVER);
            bars.getChildren().add(new VBox(2, what, bar));
        }
        if (t.judged() != null) {
            Label kernel = label("share-kernel", "-fx-font-weight: bold;");
            kernel.setWrapText(true);
            kernel.setText(m.get("ui.share.kernel", t.judged().kernel()));
            bars.getChildren().add(kernel);
        }
    }

    private static Label label(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.setStyle(style);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private Button button(String id, Feather icon, String key) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setFocusTraversable(false); // Space is the presenter's next step, never a press of these
        b.textProperty().bind(texts.text(key));
        return b;
    }
}
