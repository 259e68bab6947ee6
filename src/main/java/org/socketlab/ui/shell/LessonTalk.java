package org.socketlab.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.Step;
import org.socketlab.ui.common.BuiltWhenShown;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.playback.PlaybackModel;

/**
 * A lesson started from the window, as a talk the instructor paces: its banner ("Step 4 of 13 · Connection refused")
 * and the clicker's keys. Next (PageDown, Right, Space) first shows what the playback has not shown yet; at the end
 * of the journal it gives the waiting step its go, so the step's real call is made and drawn live. Previous (PageUp)
 * and Home only move the playback: no call is made again. Without a paced lesson, next and previous are the
 * playback's steps ({@link StepNavigator}).
 */
final class LessonTalk {
    private final ShellViewModel vm;
    private final DiagramFeature diagram;

    LessonTalk(ShellViewModel vm, DiagramFeature diagram) {
        this.vm = vm;
        this.diagram = diagram;
    }

    /** PageDown, Right, Space, a clicker's "next". FX thread. */
    void next() {
        PlaybackModel playback = diagram.playback();
        StepNavigator steps = new StepNavigator(diagram.model(), playback);
        if (!vm.lessons().pacedProperty().get()) {
            steps.next();
            return;
        }
        boolean atEnd = playback.position() >= diagram.model().rowCount() - 1e-9;
        if (playback.liveProperty().get() || atEnd) {
            // The lesson's next step, drawn as it happens (the catch-up of live mode finishes the one before).
            if (vm.lessons().waiting() > 0 && !playback.liveProperty().get()) {
                playback.jumpToEnd();
                playback.setLive(true);
            }
            // Everything journaled before this press (the steps before, the pressed step's narration) is shown now: the
            // banner names the pressed step at once, whatever rows of the step before were still being drawn (issue 78).
            long before = vm.lab() instanceof WindowLab.Live(var lab) ? lab.journal().size() : -1;
            if (vm.lessons().next() && before >= 0) { // a press while a step runs makes nothing
                diagram.showThrough(before);
                vm.takeJournalNow(); // the pressed step's narration, if this frame has not taken it yet
            }
            return;
        }
        steps.next(); // back through what was shown before (after PageUp or Home), without calls
    }

    /** PageUp, Left, a clicker's "previous": back in the playback, no call repeated. FX thread. */
    void previous() {
        new StepNavigator(diagram.model(), diagram.playback()).previous();
    }

    /** Home: the playback at the lesson's start. FX thread. */
    void home() {
        diagram.playback().jumpToStart();
    }

    /**
     * The main window's keys while a lesson is on: PageDown and PageUp whatever has focus (a clicker sends them), Right,
     * Space and Home when no control took them (a text field keeps its caret, a focused button its press).
     */
    static void install(Scene scene, ShellViewModel vm,
            Supplier<DiagramFeature> diagram) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (vm.lessonProperty().get() == null || e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) return;
            LessonTalk talk = new LessonTalk(vm, diagram.get());
            if (e.getCode() == KeyCode.PAGE_DOWN) talk.next();
            else if (e.getCode() == KeyCode.PAGE_UP) talk.previous();
            else return;
            e.consume();
        });
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (vm.lessonProperty().get() == null || e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) return;
            if (scene.getFocusOwner() instanceof TextInputControl) return;
            LessonTalk talk = new LessonTalk(vm, diagram.get());
            switch (e.getCode()) {
                case RIGHT, SPACE -> talk.next();
                case HOME -> talk.home();
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    /** "Step 4 of 13 · Connection refused", in the chosen language: the step whose narration the playback shows. */
    StringBinding banner() {
        PlaybackModel playback = diagram.playback();
        return Bindings.createStringBinding(() -> {
            Lesson lesson = vm.lessonProperty().get();
            if (lesson == null) return "";
            var messages = vm.texts().messages();
            String title = lesson.title().in(messages.lang());
            String steps = String.valueOf(lesson.steps().size());
            // Read in order: a narration two steps share is the later one's once the earlier was told.
            int step = 0;
            boolean asked = false; // predict mode's question of step `step` came, its narration not yet
            for (int i = 0; i < Math.min(playback.visibleRows(), diagram.model().rowCount()); i++) {
                if (!(diagram.model().row(i) instanceof Row.NoteRow row)) continue;
                Payload.Note note = row.note();
                if (note.quiz() instanceof Payload.Quiz.Asked a && a.lesson().equals(lesson.id())) {
                    step = a.step();
                    asked = true;
                } else {
                    int told = narrated(lesson, note, asked ? step : step + 1);
                    if (told != 0) {
                        step = told;
                        asked = false;
                    }
                }
            }
            return step == 0
                    ? messages.get("ui.lesson.banner.start", title, steps)
                    : messages.get("ui.lesson.banner", String.valueOf(step), steps, title);
        }, vm.lessonProperty(), playback.positionProperty(), playback.totalProperty(), vm.texts().messagesProperty());
    }

    /**
     * The number of the step this narration (or predict mode's question, asked before its narration) is about, or 0
     * when it is none of the lesson's (the verdict, a lab note).
     */
    static int stepOf(Lesson lesson, Payload.Note note) {
        if (note.quiz() instanceof Payload.Quiz.Asked a && a.lesson().equals(lesson.id())) return a.step();
        return narrated(lesson, note, 1);
    }

    /**
     * The first step from step {@code from} on whose narration {@code note} is, else 0. Two steps may share a narration
     * (order-after-loss's TCP and UDP halves both say "The client closes."): taking the first of them made the banner
     * say "Step 12 of 26" at step 25 (issue 57, "the banner sometimes lags the diagram").
     */
    private static int narrated(Lesson lesson, Payload.Note note, int from) {
        for (Step s : lesson.steps())
            if (s.number() >= from && s.narration().byCode().equals(note.text())) return s.number();
        return 0;
    }

    /**
     * The banner with its buttons (next step, run to the end), shown while a lesson is on, until the playback shows
     * its end (it comes back when the playback goes back into the lesson). {@code id} names it;
     * its buttons are {@code id-next} and {@code id-to-end}.
     */
    Node bar(String id) {
        followSteps();
        return banner(id);
    }

    /** As {@link #bar}, the banner made when a lesson first starts: most windows never show one (issue 62). */
    Node barOnFirstLesson(String id) {
        followSteps();
        return BuiltWhenShown.of(vm.lessonProperty().isNotNull(), () -> banner(id));
    }

    /** While a lesson is on, the diagrams keep each step's story in view together (issue 43 item 3). */
    private void followSteps() {
        diagram.stepNarrationProperty().bind(Bindings.createObjectBinding(
                () -> stepNarrations(vm.lessonProperty().get()), vm.lessonProperty()));
    }

    private Node banner(String id) {
        Label text = new Label(null, new FontIcon(Feather.BOOK_OPEN));
        text.setId(id + "-text");
        text.getStyleClass().add("lesson-banner-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.textProperty().bind(banner());
        Button next = button(id + "-next", Feather.CHEVRONS_RIGHT, "ui.lesson.next", "ui.lesson.next.tooltip");
        next.getStyleClass().add(Styles.ACCENT);
        next.setOnAction(e -> next());
        Button toEnd = button(id + "-to-end", Feather.FAST_FORWARD, "ui.lesson.toEnd", "ui.lesson.toEnd.tooltip");
        toEnd.setOnAction(e -> vm.lessonToEnd());
        for (Button b : new Button[]{next, toEnd}) {
            b.visibleProperty().bind(vm.lessons().pacedProperty());
            b.managedProperty().bind(b.visibleProperty());
        }
        // A press while the step's call still runs makes nothing (one step a press): it says so until the step ends.
        Label stillRunning = new Label(null, new FontIcon(Feather.CLOCK));
        stillRunning.setId(id + "-still-running");
        stillRunning.getStyleClass().addAll("lesson-banner-text", Styles.WARNING);
        stillRunning.setWrapText(true);
        stillRunning.setMinHeight(Region.USE_PREF_SIZE);
        stillRunning.textProperty().bind(vm.lessons().stillRunningNote());
        stillRunning.visibleProperty().bind(stillRunning.textProperty().isNotEmpty());
        stillRunning.managedProperty().bind(stillRunning.visibleProperty());
        FlowPane bar = new FlowPane(10, 4, text, next, toEnd, stillRunning); // wraps rather than cut at 1024x768
        // No wider than the bar: a flow pane is as wide as its widest child, and the title on one line made the words
        // above the diagram wider than the diagram, under the state machine beside it (issue 43).
        bar.setMinWidth(0);
        var room = Bindings.createDoubleBinding(
                () -> Math.max(0, bar.getWidth() - bar.snappedLeftInset() - bar.snappedRightInset()),
                bar.widthProperty());
        text.maxWidthProperty().bind(room);
        stillRunning.maxWidthProperty().bind(room);
        bar.setId(id);
        bar.getStyleClass().add("lesson-banner");
        bar.setAlignment(Pos.CENTER_LEFT);
        // The banner ends with the lesson: once its verdict is shown, the live demo that follows has the room.
        bar.visibleProperty().bind(vm.lessonProperty().isNotNull().and(diagram.lessonOver().not()));
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    /** The notes that are {@code lesson}'s steps' narrations (or their questions); none without a lesson. */
    static Predicate<Payload.Note> stepNarrations(Lesson lesson) {
        return lesson == null ? note -> false : note -> stepOf(lesson, note) != 0;
    }

    private Button button(String id, Feather icon, String key, String tipKey) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.textProperty().bind(vm.texts().text(key));
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setFocusTraversable(false); // Space is the clicker's "next", never a second press of a focused button
        LazyTooltip.install(b, () -> {
            Tooltip t = new Tooltip();
            t.textProperty().bind(vm.texts().text(tipKey));
            return t;
        });
        return b;
    }
}
