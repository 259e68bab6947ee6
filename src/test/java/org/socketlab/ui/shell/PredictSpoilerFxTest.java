package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.Step;
import org.socketlab.testing.Soak;
import org.socketlab.ui.HeadlessScreen;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.DiagramText;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.predict.Outcome;
import org.socketlab.ui.predict.PredictViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Predict mode gives nothing away (issue 26): for every question of two lessons, played in the real window on real
 * loopback sockets, nothing of the step's answer is on screen before the key press — not its narration, not the
 * result of its call, not its segments, not the sentence of the outcome the kernel chose — and once answered the
 * verdict says right or wrong in words, in a colour of its own and with an icon, with the step's narration under it.
 * In presenter mode the question is said once and the diagram keeps most of the height.
 */
@ExtendWith(ApplicationExtension.class)
class PredictSpoilerFxTest {
    private static final String FIRST_LESSON = "connection-refused";
    /** What a verdict says first, in each language: the words, beside the colour and the icon. */
    private static final Map<String, String> WORDS = Map.of("en RIGHT", "Right!", "en WRONG", "Not this time.",
            "es RIGHT", "¡Correcto!", "es WRONG", "Esta vez no.");
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4};

    private TestWindow window;
    @TempDir
    Path config;

    @Start
    void start(Stage primary) {
        // Each test opens its own window after giving the headless screen its size.
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    /**
     * Every question of a lesson, in one language: what is on screen before the answer is the same words at any size,
     * so the smallest and the largest screen (the presenter check, where the size matters, is at all six). Each lesson
     * once here (the README's lane); the other three pairs are the soak lane's.
     */
    @ParameterizedTest(name = "{0}x{1} in {2}: {3}")
    @CsvSource({"1920, 1080, es, udp-basics"})
    void noAnswerIsOnScreenBeforeTheKeyPress(int width, int height, String lang, String id, FxRobot robot)
            throws Exception {
        window = TestWindow.open(width, height, config.resolve("window.properties"));
        Shell shell = window.shell();
        Stage stage = window.stage();
        Messages m = Messages.of(Lang.of(lang));
        inPredictMode(shell, lang);
        Lesson lesson = lesson(id);
        fx(() -> {
            shell.viewModel().runLesson(lesson);
            return null;
        });
        int asked = 0;
        while (true) {
            PredictViewModel predict = shell.viewModel().predict();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(
                    () -> predict.questionProperty().get() != null || predict.resultIsScore()));
            Question q = fx(() -> predict.questionProperty().get());
            if (q == null) break;
            asked++;
            awaitDrawnToTheEnd(shell.diagram());
            Set<String> shown = fx(() -> textsOnScreen(stage, shell.diagram(), m));
            Set<Long> drawn = fx(() -> eventsDrawn(shell.diagram()));
            long questionAt = window.lab().journal().size();

            robot.clickOn("#predict-prompt"); // the main window has the focus, not a text field
            robot.type(DIGITS[(asked - 1) % q.options().size()]); // right and wrong answers both
            Event verdict = awaitVerdict(id, q, predict);
            Step step = lesson.steps().get(q.step() - 1);
            String where = id + " step " + q.step() + " at " + width + "x" + height + " " + lang;
            String narration = step.narration().in(Lang.of(lang));
            assertFalse(shown.stream().anyMatch(t -> t.contains(narration)),
                    () -> where + ": the step's narration was on screen before the answer: " + narration);
            for (Event e : window.lab().journal().snapshot()) {
                if (e.seq() <= questionAt || e.seq() >= verdict.seq()) continue;
                switch (e.payload()) {
                    case Payload.Call c -> assertFalse(drawn.contains(e.seq()),
                            () -> where + ": the step's call was drawn before the answer: " + c);
                    case Payload.Segment s -> assertFalse(drawn.contains(e.seq()),
                            () -> where + ": the step's segment was drawn before the answer: " + s);
                    case Payload.Note n -> assertFalse(
                            shown.stream().anyMatch(t -> !n.text().isEmpty()
                                    && t.contains(n.text().getOrDefault(lang, "\u0000"))),
                            () -> where + ": the step's words were on screen before the answer: " + n.text());
                    default -> {
                    }
                }
            }
            // The narration comes with the verdict, which says right or wrong in words, colour and an icon.
            try {
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                        () -> narration.equals(fx(() -> label(stage, "#predict-narration"))));
            } catch (TimeoutException e) {
                throw new AssertionError(where + ": the narration does not come with the verdict: "
                        + fx(() -> label(stage, "#predict-narration")) + " / " + fx(() -> predict.result().get())
                        + " / expected " + narration, e);
            }
            // Each read chooses its label in the same FX pass: the last step's score may replace the verdict in
            // between (ci20, loaded), and then the verdict stands under it, in #predict-last.
            Labeled result = fx(() -> (Labeled) stage.getScene()
                    .lookup(predict.resultIsScore() ? "#predict-last" : "#predict-result"));
            String said = fx(() -> ((Labeled) stage.getScene()
                    .lookup(predict.resultIsScore() ? "#predict-last" : "#predict-result")).getText());
            List<String> looks = fx(() -> List.copyOf(((Labeled) stage.getScene()
                    .lookup(predict.resultIsScore() ? "#predict-last" : "#predict-result")).getStyleClass()));
            Outcome outcome = Outcome.of((Payload.Note) verdict.payload());
            switch (outcome) {
                case RIGHT, WRONG -> {
                    assertTrue(said.contains(WORDS.get(lang + " " + outcome)),
                            () -> where + ": the verdict says " + outcome + " in words: " + said);
                    assertTrue(looks.contains("predict-" + outcome.name().toLowerCase(Locale.ROOT)),
                            () -> where + ": and in its colour: " + looks);
                }
                default -> assertTrue(looks.contains("predict-void"), () -> where + ": " + said + " " + looks);
            }
            assertNotNull(fx(result::getGraphic), where + ": the verdict has an icon, not colour alone");
        }
        assertTrue(asked >= 5, id + " asked " + asked + " questions");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !fx(() -> shell.viewModel().lessonRunning()));
    }

    /** The lesson and language pairs the default lane leaves out. */
    @Soak
    @ParameterizedTest(name = "{0}x{1} in {2}: {3}")
    @CsvSource({"1024, 768, en, connection-refused", "1024, 768, en, udp-basics", "1920, 1080, es, connection-refused"})
    void noAnswerIsOnScreenBeforeTheKeyPressTheOtherPairs(int width, int height, String lang, String id, FxRobot robot)
            throws Exception {
        noAnswerIsOnScreenBeforeTheKeyPress(width, height, lang, id, robot);
    }

    /**
     * F5 with the first question up: the question is said once (the narration line above the diagram does not repeat
     * it), beside the diagram, which keeps more than half of the screen's height; Escape leaves. At every size in both
     * languages: the question is the first of the first lesson. One window and one run up to that question serve every
     * case: presenter mode is a stage of its own, made at F5 on the screen as it is then, in the language chosen then.
     */
    @TestFactory
    Stream<DynamicTest> presenterSaysTheQuestionOnce(FxRobot robot) throws Exception {
        window = TestWindow.open(1024, 768, config.resolve("window.properties"));
        Shell shell = window.shell();
        inPredictMode(shell, "en");
        Lesson lesson = lesson(FIRST_LESSON);
        fx(() -> {
            shell.viewModel().runLesson(lesson);
            return null;
        });
        PredictViewModel predict = shell.viewModel().predict();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> predict.questionProperty().get() != null));
        Question q = fx(() -> predict.questionProperty().get());
        awaitDrawnToTheEnd(shell.diagram());
        List<DynamicTest> cases = new ArrayList<>();
        for (String screen : List.of("1024x768 en", "1024x768 es", "1280x720 en", "1280x720 es", "1920x1080 en",
                "1920x1080 es")) {
            String[] parts = screen.split("[x\\s]");
            int width = Integer.parseInt(parts[0]), height = Integer.parseInt(parts[1]);
            String lang = parts[2];
            cases.add(dynamicTest(screen, () -> {
                fx(() -> {
                    HeadlessScreen.resize(width, height);
                    shell.viewModel().setLang(Lang.of(lang));
                    return null;
                });
                presenterSaysTheQuestionOnce(shell, q, width, height, lang, robot);
            }));
        }
        cases.add(dynamicTest("the lesson waiting for the answer ends", () -> {
            fx(() -> {
                shell.viewModel().resetAll();
                return null;
            });
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !fx(() -> shell.viewModel().lessonRunning()));
        }));
        return cases.stream();
    }

    private static void presenterSaysTheQuestionOnce(Shell shell, Question q, int width, int height, String lang,
            FxRobot robot) throws Exception {
        Messages m = Messages.of(Lang.of(lang));
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        Stage presenter = fx(() -> shell.presenter().stage());
        assertNotNull(presenter);
        assertEquals(width, fx(() -> presenter.getScene().getWidth()), 0.5, "presenter mode fills the screen");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> {
            presenter.getScene().getRoot().applyCss();
            presenter.getScene().getRoot().layout();
            return presenter.getScene().lookup("#presenter-predict-prompt").isVisible();
        }));
        String prompt = q.prompt().in(m);
        long times = fx(() -> allNodes(presenter.getScene().getRoot()).stream()
                .filter(PredictSpoilerFxTest::showing)
                .filter(n -> n instanceof Labeled l && l.getText() != null && l.getText().contains(prompt)).count());
        assertEquals(1, times, "presenter mode says the question once: " + prompt);
        double diagram = fx(() -> presenter.getScene().lookup("#presenter-diagram").getLayoutBounds().getHeight());
        assertTrue(diagram >= 0.5 * height, "the diagram keeps its height beside the question: " + diagram + " of "
                + height);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, fx(() -> shell.presenter().stage()), "Escape leaves");
    }

    private static void inPredictMode(Shell shell, String lang) {
        fx(() -> {
            shell.viewModel().setLang(Lang.of(lang));
            shell.viewModel().predict().enabledProperty().set(true);
            shell.diagram().playback().instantProperty().set(true); // all that is journaled is drawn at once
            return null;
        });
    }

    private static Lesson lesson(String id) {
        return new LessonCatalog().all().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    private static String label(Stage stage, String id) {
        Node n = stage.getScene().lookup(id);
        return n instanceof Labeled l && showing(n) ? l.getText() : "";
    }

    /** The journal's verdict for the question just answered. */
    private Event awaitVerdict(String lesson, Question q, PredictViewModel predict) throws TimeoutException {
        Event[] found = new Event[1];
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                for (Event e : window.lab().journal().snapshot())
                    if (e.payload() instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Answer a
                            && a.lesson().equals(lesson) && a.step() == q.step())
                        found[0] = e;
                return found[0] != null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no verdict for step " + q.step() + " of " + lesson + "; the pane says "
                    + fx(() -> predict.result().get()), e);
        }
        return found[0];
    }

    /** Waits until the diagram's playback has drawn every row it has (instant playback: at once). */
    private static void awaitDrawnToTheEnd(DiagramFeature diagram) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> fx(() -> diagram.playback().visibleRows() >= diagram.model().rowCount()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Every text a student can read now: the controls' and texts' of the window, and the diagram's rows drawn. */
    private static Set<String> textsOnScreen(Stage stage, DiagramFeature diagram, Messages m) {
        stage.getScene().getRoot().applyCss();
        stage.getScene().getRoot().layout();
        Set<String> texts = new HashSet<>();
        for (Node n : allNodes(stage.getScene().getRoot())) {
            if (!showing(n)) continue;
            String t = switch (n) {
                case Labeled l -> l.getText();
                case Text x -> x.getText();
                case TextInputControl c -> c.getText();
                default -> null;
            };
            if (t != null && !t.isBlank()) texts.add(t);
        }
        int rows = Math.min(diagram.playback().visibleRows(), diagram.model().rowCount());
        for (int i = 0; i < rows; i++) texts.add(DiagramText.label(diagram.model().row(i), m));
        return texts;
    }

    /** The journal numbers of the events the diagram has drawn (a call once it returned). */
    private static Set<Long> eventsDrawn(DiagramFeature diagram) {
        Set<Long> seqs = new HashSet<>();
        int rows = Math.min(diagram.playback().visibleRows(), diagram.model().rowCount());
        for (int i = 0; i < rows; i++) {
            Row r = diagram.model().row(i);
            if (r instanceof Row.CallRow c && !c.returns()) continue;
            seqs.add(r.event().seq());
        }
        return seqs;
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return n.getScene() != null;
    }

    private static List<Node> allNodes(Parent root) {
        List<Node> all = new ArrayList<>();
        List<Node> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.removeLast();
            all.add(n);
            if (n instanceof Parent p) todo.addAll(p.getChildrenUnmodifiable());
        }
        return all;
    }
}
