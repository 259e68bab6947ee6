package org.socketlab.ui.playback;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.FittingComboBoxSkin;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.SqueezeBox;
import org.socketlab.ui.common.Texts;

/** The transport controls of the diagram, bound to a {@link PlaybackModel}. */
public final class PlaybackBar extends SqueezeBox {
    static final List<Double> SPEEDS = List.of(0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0);

    private final Slider scrubber = new Slider(0, 0, 0);
    private boolean updatingScrubber;

    /**
     * @param counter the step counter's text: where the playback is, in the journal's event numbers (the diagram's
     *                {@code EventNumbers}), as the details, the export dialog and the journal pane number events
     */
    public PlaybackBar(PlaybackModel vm, Texts texts, ObservableValue<String> counter) {
        super(6, List.of());
        getStyleClass().add("playback-bar");
        getStylesheets().add(Objects.requireNonNull(PlaybackBar.class.getResource("playback.css")).toExternalForm());
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(6);

        Button start = button("playback-start", Feather.SKIP_BACK, "ui.playback.start", texts, vm::jumpToStart);
        Button back = button("playback-back", Feather.CHEVRON_LEFT, "ui.playback.back", texts, vm::stepBack);
        Button play = button("playback-play", Feather.PLAY, Bindings.createStringBinding(
                () -> texts.messages().get(vm.playingProperty().get() ? "ui.playback.pause" : "ui.playback.play"),
                vm.playingProperty(), texts.messagesProperty()), vm::togglePlay);
        play.getStyleClass().add(Styles.ACCENT);
        vm.playingProperty()
                .addListener((obs, was, is) -> play.setGraphic(new FontIcon(is ? Feather.PAUSE : Feather.PLAY)));
        Button forward = button("playback-forward", Feather.CHEVRON_RIGHT, "ui.playback.forward", texts,
                vm::stepForward);
        Button end = button("playback-end", Feather.SKIP_FORWARD, "ui.playback.end", texts, vm::jumpToEnd);

        scrubber.setId("playback-scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMinWidth(40);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrubber.maxProperty().bind(vm.totalProperty());
        scrubber.setValue(vm.position());
        vm.positionProperty().addListener((obs, old, now) -> {
            updatingScrubber = true;
            scrubber.setValue(now.doubleValue());
            updatingScrubber = false;
        });
        scrubber.valueProperty().addListener((obs, old, now) -> {
            if (!updatingScrubber && Math.abs(now.doubleValue() - vm.position()) >= 0.5) vm.seek(now.doubleValue());
        });
        tooltip(scrubber, texts.text("ui.playback.scrubber"));

        Label where = new Counter();
        where.setId("playback-position");
        where.getStyleClass().add("playback-position");
        where.textProperty().bind(counter);

        ComboBox<Double> speed = FittingComboBoxSkin.install(new ComboBox<>());
        speed.setId("playback-speed");
        speed.getItems().setAll(SPEEDS);
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : format(v);
            }
            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replace("×", "").replace(',', '.'));
            }
        });
        speed.setValue(vm.speedProperty().get());
        speed.valueProperty().addListener((obs, old, now) -> {
            if (now != null) vm.setSpeed(now);
        });
        vm.speedProperty().addListener((obs, old, now) -> speed.setValue(now.doubleValue()));
        tooltip(speed, texts.text("ui.playback.speed"));

        ToggleButton live = new ToggleButton(null, new FontIcon(Feather.RADIO));
        live.setId("playback-live");
        live.textProperty().bind(texts.text("ui.playback.live"));
        live.setSelected(vm.liveProperty().get());
        vm.liveProperty().addListener((obs, was, is) -> live.setSelected(is));
        live.selectedProperty().addListener((obs, was, is) -> {
            if (is != vm.liveProperty().get()) vm.setLive(is);
        });
        tooltip(live, texts.text("ui.playback.live.tooltip"));

        ToggleButton instant = new ToggleButton(null, new FontIcon(Feather.ZAP));
        instant.setId("playback-instant");
        instant.selectedProperty().bindBidirectional(vm.instantProperty());
        tooltip(instant, texts.text("ui.playback.instant"));

        speed.setMinWidth(Region.USE_PREF_SIZE);
        instant.setMinWidth(Region.USE_PREF_SIZE);
        for (Button b : List.of(start, back, play, forward, end))
            b.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(start, back, play, forward, end, scrubber, where, speed, live, instant);
        setSqueezable(List.of(live)); // in a narrow diagram pane "Live" keeps its icon and its tooltip
        // First the speed goes (Alt+Up/Down still change it), before "Live"/"En vivo" loses its word; then the jumps
        // (Alt+Home/End still jump) and the instant toggle; the step counter goes last.
        setDropFirst(List.of(speed));
        setDroppable(List.of(start, end, instant, where));
    }

    /**
     * The step counter: as wide as its text, never less (the bar gave it its CSS floor of 9em while the scrubber kept
     * more than its minimum: "#110 de #88..." at 1024x768 in Spanish during a lesson, issue 57); and at least 9em, so
     * it does not jump about as the numbers grow. The scrubber gives way instead.
     */
    private static final class Counter extends Label {
        /** The least width in ems ({@code DejaVu Sans Mono}: "#39 of #38–40" and a little room). */
        private static final double LEAST_EM = 9;

        Counter() {
            setMinWidth(Region.USE_PREF_SIZE);
        }

        @Override
        protected double computePrefWidth(double height) {
            return Math.max(super.computePrefWidth(height), LEAST_EM * getFont().getSize());
        }
    }

    static String format(double speed) {
        String s = speed == Math.rint(speed) ? String.valueOf((long) speed) : String.format(Locale.ROOT, "%s", speed);
        return s + "×";
    }

    private static Button button(String id, Feather icon, String tipKey, Texts texts, Runnable action) {
        return button(id, icon, texts.text(tipKey), action);
    }

    private static Button button(String id, Feather icon, ObservableValue<String> tip,
            Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add(Styles.BUTTON_ICON);
        tooltip(b, tip);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** A tooltip made when first needed (each is a popup window with a scene of its own). */
    private static void tooltip(Control control, ObservableValue<String> text) {
        LazyTooltip.install(control, () -> {
            Tooltip t = new Tooltip();
            t.textProperty().bind(text);
            return t;
        });
    }
}
