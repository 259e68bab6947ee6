package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.testing.Soak;
import org.socketlab.ui.HeadlessScreen;
import org.socketlab.ui.Truncation;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.socketlab.ui.statemachine.TcpDiagram;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Presenter mode in the lecture hall, on a real lesson (tcp-basics, its real calls): the TCP state machine beside the
 * sequence diagram (M, or the strip's toggle) with every state name whole, on screen and drawn at least
 * {@link PresenterMachineColumn#MIN_NAME_PX}; the call strip's text at least 20 px on targets 44 px high; and presenter
 * mode always opens at the current step, also when F11 leaves and enters again. On the screens it meets, in both
 * languages.
 */
@ExtendWith(ApplicationExtension.class)
class PresenterMachineFxTest {
    private TestWindow window;
    @TempDir
    Path config;

    @Start
    void start(Stage primary) {
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    /**
     * One window and one real run of tcp-basics for the whole class: presenter mode is a stage of its own, made at
     * F5/F11 on the screen as it is then, in the language chosen then, so each screen and language below gets a
     * presenter of its own over the same real journal (a window and a live lesson per case took most of this class's
     * time and checked nothing more). Each size once and each language at each check here (Spanish where the words
     * are longest); the other pairs are the soak lane's.
     */
    @TestFactory
    Stream<DynamicTest> presenterModeOnTheScreensItMeets(FxRobot robot) throws Exception {
        return cases(List.of("1024x768 es", "1280x720 en", "1920x1080 es"), "es", robot);
    }

    /** The screens and the language the default lane leaves out. */
    @Soak
    @TestFactory
    Stream<DynamicTest> presenterModeOnTheOtherScreens(FxRobot robot) throws Exception {
        return cases(List.of("1024x768 en", "1280x720 es", "1920x1080 en"), "en", robot);
    }

    private Stream<DynamicTest> cases(List<String> screens, String narrationLang, FxRobot robot) throws Exception {
        Shell shell = openWithLesson();
        List<DynamicTest> cases = new ArrayList<>();
        for (String screen : screens) {
            OnScreen at = OnScreen.of(screen);
            cases.add(dynamicTest("the state machine beside the diagram, readable from the back row, at " + screen,
                    () -> theStateMachineSitsBesideTheDiagramReadableFromTheBackRow(at.on(shell), at.width(),
                            at.height(), at.lang(), robot)));
        }
        cases.add(dynamicTest("every lesson's narration whole beside the machine at 1024x768 in " + narrationLang,
                () -> everyLessonsNarrationIsWholeBesideTheMachineAt1024x768(
                        OnScreen.of("1024x768 " + narrationLang).on(shell), narrationLang, robot)));
        for (String screen : screens) {
            OnScreen at = OnScreen.of(screen);
            cases.add(dynamicTest("presenter mode opens at the current step at " + screen,
                    () -> presenterModeAlwaysOpensAtTheCurrentStep(at.on(shell), at.width(), at.height(), robot)));
        }
        return cases.stream();
    }

    /** A screen size and a language, "1024x768 en". */
    private record OnScreen(int width, int height, String lang) {
        static OnScreen of(String text) {
            String[] parts = text.split("[x\\s]");
            return new OnScreen(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts[2]);
        }

        /**
         * Gives the headless screen this size and the window this language, with presenter mode closed and the
         * machine not shown: as a fresh window opens it (the first case checks that a fresh window does).
         */
        Shell on(Shell shell) {
            fx(() -> {
                if (shell.presenter().active()) shell.presenter().leave();
                shell.presenter().machineShownProperty().set(false);
                HeadlessScreen.resize(width, height);
                shell.viewModel().setLang(Lang.of(lang));
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            return shell;
        }
    }

    /** The window (at 1024x768) with tcp-basics run to its end on real sockets, its playback at the lesson's start. */
    private Shell openWithLesson() throws Exception {
        window = TestWindow.open(1024, 768, config.resolve("window.properties"));
        Shell shell = window.shell();
        fx(() -> {
            shell.viewModel().runLesson(LessonLoader.load("tcp-basics"));
            shell.viewModel().lessonToEnd(); // every step's real call first; the test goes through the playback
            return null;
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !shell.viewModel().lessonRunning());
        fx(() -> shell.bridge().drain()); // the old session ends at the lesson's start...
        fx(() -> shell.bridge().drain()); // ...and the lesson's own session begins
        // the server's title is clicked to give the window the keys: wait until it is shown (a loaded CI box is slow)
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> fx(() -> window.stage().isShowing() && window.stage().getScene().lookup("#server-title") != null
                        && window.stage().getScene().lookup("#server-title").isVisible()));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(() -> shell.presenter().machineShownProperty().get()),
                "a fresh window's presenter mode shows the diagram alone (each case below starts so)");
        return shell;
    }

    private void theStateMachineSitsBesideTheDiagramReadableFromTheBackRow(Shell shell, int width, int height,
            String lang, FxRobot robot) throws Exception {
        robot.clickOn("#server-title");
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        Stage presenter = fx(() -> shell.presenter().stage());
        assertNotNull(presenter, "F5 opens presenter mode");
        Scene scene = fx(presenter::getScene);
        assertEquals(width, fx(scene::getWidth), 0.5, "presenter mode fills this screen's width");
        assertEquals(height, fx(scene::getHeight), 0.5, "and its height");
        Node machine = fx(() -> scene.lookup("#presenter-machine"));
        assertFalse(fx(machine::isVisible), "the diagram alone at first");

        robot.type(KeyCode.M);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(machine::isVisible), "M puts the state machine beside the diagram");
        // The step where the client's connect() has made the connection: the machine shows it.
        robot.type(KeyCode.HOME);
        for (int i = 0; i < 40 && fx(() -> shell.stateMachine().viewModel().picture().tcpAt("ESTABLISHED")
                .isEmpty()); i++) {
            robot.type(KeyCode.PAGE_DOWN);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertFalse(fx(() -> shell.stateMachine().viewModel().picture().tcpAt("ESTABLISHED").isEmpty()),
                "a connection reached ESTABLISHED");
        layout(scene);
        String where = width + "x" + height + " " + lang;
        // The names read MIN_NAME_PX from the back row, also where the column gave a long narration width for this step
        // (issue 78: it went down to names of 9 px).
        List<String> small = fx(() -> namesNotReadable(scene, PresenterMachineColumn.MIN_NAME_PX));
        assertTrue(small.isEmpty(), () -> "state names at " + where + ": " + small);
        // Window review 5f: the "Last: …" words under the machine explain its dashed arrows, and were smaller than the
        // names (0.8em, 19.2 px on every screen here): they are drawn at least the names' MIN_NAME_PX.
        double caption = fx(() -> captionPx(scene));
        assertTrue(caption >= PresenterMachineColumn.MIN_NAME_PX - 0.05,
                () -> "the machine's caption drawn at " + caption + " px at " + where);
        List<String> cut = fx(() -> Truncation.under(scene.getRoot()));
        assertTrue(cut.isEmpty(), () -> "cut in presenter mode at " + where + ": " + cut);
        // The sequence diagram keeps a good part of the screen, and its current step in view.
        SequenceDiagram diagram = fx(() -> (SequenceDiagram) scene.lookup("#presenter-diagram"));
        assertTrue(fx(diagram::getWidth) >= 0.38 * width, "the diagram keeps " + fx(diagram::getWidth) + " px");
        // At 1024x768 a long slide and narration leave the diagram beside the machine too low for a whole row.
        if (width >= 1280)
            assertTrue(fx(() -> PresenterLiveFxTest.stepInView(diagram)),
                    "the current step in view beside the machine");
        callStripReadable(scene, width, height);
        // Issue 43: beside the machine the narration, the instructor's text, is whole: no line under a scroll.
        Label words = fx(() -> (Label) scene.lookup("#presenter-narration"));
        Node wordsPane = fx(() -> scene.lookup("#presenter-words"));
        Node lessonBar = fx(() -> scene.lookup("#presenter-lesson"));
        for (Node above : List.of(wordsPane, lessonBar))
            if (fx(above::isVisible))
                assertTrue(fx(() -> above.localToScene(above.getLayoutBounds()).getMaxX() <= machine
                        .localToScene(machine.getLayoutBounds()).getMinX() + 0.5),
                        () -> above.getId() + " runs under the state machine at " + where);
        if (fx(wordsPane::isVisible)) narrationWhole(scene, where);
        // One lesson run serves every language: the narration on screen is the step's, in the language chosen now.
        String said = fx(words::getText);
        assertTrue(LessonLoader.load("tcp-basics").steps().stream()
                .anyMatch(s -> s.narration().in(Lang.of(lang)).equals(said)),
                () -> "the narration is a step's in " + lang + " at " + where + ": " + said);
        if ((width == 1280 || width == 1920) && fx(() -> shell.viewModel().themeProperty().get()) == Theme.LIGHT)
            ReadmeScreenshots.write(fx(() -> scene.snapshot(null)),
                    "presenter-machine-" + width + "x" + height + "-" + lang + ".png");

        robot.type(KeyCode.M);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(machine::isVisible), "M again: the diagram alone");
        robot.clickOn("#presenter-machine-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(machine::isVisible), "the strip's toggle does what M does");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> shell.presenter().stage().getScene().lookup("#presenter-machine").isVisible()),
                "presenter mode remembers the machine beside the diagram");
        robot.type(KeyCode.ESCAPE);
    }

    /**
     * Issue 43: beside the machine (M) at the projector's 1024x768, every lesson's longest narrations, in both
     * languages, show whole, or (issue 78) scroll where whole they would take the diagram's half of the screen: nothing
     * under the machine.
     */
    private void everyLessonsNarrationIsWholeBesideTheMachineAt1024x768(Shell shell, String lang, FxRobot robot)
            throws Exception {
        robot.clickOn("#server-title");
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        Scene scene = fx(() -> shell.presenter().stage().getScene());
        robot.type(KeyCode.M);
        robot.type(KeyCode.HOME); // back into the lesson: its banner ("Step 1 of 12", its buttons) above the words
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> scene.lookup("#presenter-lesson").isVisible()), "the lesson's banner is shown");
        Label words = fx(() -> (Label) scene.lookup("#presenter-narration"));
        fx(() -> {
            words.textProperty().unbind(); // the lessons' texts, one after the other, in the presenter's layout
            return null;
        });
        List<String> texts = new ArrayList<>();
        for (var lesson : new LessonCatalog().all()) {
            List<String> those = new ArrayList<>(lesson.steps().stream()
                    .map(s -> s.narration().in(Lang.of(lang))).toList());
            those.sort((a, b) -> b.length() - a.length());
            texts.addAll(those.subList(0, Math.min(2, those.size())));
        }
        List<String> narrowed = new ArrayList<>();
        for (String text : texts) {
            fx(() -> {
                words.setText(text);
                return null;
            });
            layout(scene);
            narrationWhole(scene, "1024x768 " + lang + " \"" + text.substring(0, 40) + "...\"");
            double column = fx(() -> scene.lookup("#presenter-machine").getLayoutBounds().getWidth());
            if (column < PresenterMachineColumn.width(1024) - 1) narrowed.add(Math.round(column) + " px");
        }
        // What the lecture hall pays for whole narrations: the machine's column narrower for the longest ones.
        System.out.println("1024x768 " + lang + ": the machine gave width for " + narrowed.size() + " of "
                + texts.size() + " narrations: " + narrowed);
    }

    /**
     * The narration left of the machine, above the diagram: whole (no line under a scroll) unless whole it would take the
     * diagram's half of the screen (issue 78); then the diagram has that half and the narration a line at least, and
     * scrolls.
     */
    private static void narrationWhole(Scene scene, String where) {
        Label words = fx(() -> (Label) scene.lookup("#presenter-narration"));
        Node wordsPane = fx(() -> scene.lookup("#presenter-words"));
        Node machine = fx(() -> scene.lookup("#presenter-machine"));
        Node diagram = fx(() -> scene.lookup("#presenter-diagram"));
        boolean whole = fx(() -> wordsPane.getLayoutBounds().getHeight() + 1 >= words.prefHeight(words.getWidth())
                && words.getHeight() + 1 >= words.prefHeight(words.getWidth()));
        boolean gaveWayToTheDiagram = fx(() -> diagram.getLayoutBounds().getHeight() >= 0.5 * scene.getHeight()
                && diagram.getLayoutBounds().getHeight() <= PresenterRoom.diagramKeeps(scene.getHeight(),
                        ((SequenceDiagram) diagram).headerHeight())
                        + words.getFont().getSize() * 1.5 + 8
                && wordsPane.getLayoutBounds().getHeight() >= words.getFont().getSize());
        assertTrue(whole || gaveWayToTheDiagram,
                () -> "narration cut beside the machine at " + where + ": "
                        + fx(() -> wordsPane.getLayoutBounds().getHeight() + " px for "
                                + words.prefHeight(words.getWidth()) + " at " + words.getWidth()
                                + " px wide, the machine "
                                + machine.getLayoutBounds().getWidth() + " px wide; above it "
                                + wordsPane.getLayoutY() + " px, the talk " + wordsPane.getParent().getParent()
                                        .getLayoutBounds().getHeight()
                                + " px high"));
        assertTrue(fx(() -> wordsPane.localToScene(wordsPane.getLayoutBounds()).getMaxX() <= machine
                .localToScene(machine.getLayoutBounds()).getMinX() + 0.5), () -> "words under the machine at " + where);
        assertTrue(fx(() -> diagram.getLayoutBounds().getHeight()) >= PresenterMode.DIAGRAM_LEAST_PX - 0.5,
                () -> "the diagram keeps its least height at " + where);
    }

    /** Every state box's name, drawn: whole, inside the scene above the calls, at least MIN_NAME_PX high on screen. */
    static List<String> namesNotReadable(Scene scene, double leastPx) {
        List<String> out = new ArrayList<>();
        Node calls = scene.lookup("#presenter-calls");
        double callsTop = calls.localToScene(calls.getLayoutBounds()).getMinY();
        Bounds screen = new BoundingBox(0, 0, scene.getWidth(), callsTop);
        List<Node> names = new ArrayList<>(scene.lookup("#presenter-state-diagram").lookupAll(".state-name"));
        if (names.size() != TcpDiagram.NODES.size())
            out.add(names.size() + " state names for " + TcpDiagram.NODES.size() + " boxes");
        for (Node n : names) {
            Label l = (Label) n;
            Bounds local = l.getLayoutBounds(), on = l.localToScene(local);
            double px = l.getFont().getSize() * on.getHeight() / local.getHeight();
            if (!l.isVisible() || !screen.contains(on))
                out.add(l.getText() + " not on screen above the calls: " + on);
            if (px < leastPx - 0.05)
                out.add(l.getText() + " drawn at " + Math.round(px * 10) / 10.0 + " px");
        }
        // Issue 43: the badges say whose state it is; they read as large as the names (they were 13 px for 20). A side
        // box cannot grow sideways, so where a badge at the names' size would run past it (200 %, issue 57) its type is
        // smaller, but at most a tenth below what a name needs ({@code leastPx}) to be read from the back of the room
        // (a step of the type's scale lands 1 % under it: 19.8 px for 20).
        Label first = (Label) names.getFirst();
        double namePx = onScreenPx(first), least = 0.9 * Math.min(namePx, leastPx);
        for (Node n : scene.lookup("#presenter-state-diagram").lookupAll(".fd-badge")) {
            Label badge = (Label) n;
            double px = onScreenPx(badge);
            if (badge.isVisible() && (px > namePx + 0.05 || px < least - 0.05))
                out.add("badge " + badge.getText() + " drawn at " + Math.round(px * 10) / 10.0 + " px for names at "
                        + Math.round(namePx * 10) / 10.0);
        }
        return out;
    }

    /** The size the machine's caption ("Last: …") is drawn at on screen, in px; 0 when it is not shown. */
    private static double captionPx(Scene scene) {
        Label caption = (Label) scene.lookup("#presenter-machine-caption");
        Bounds local = caption.getLayoutBounds();
        if (!caption.isVisible() || caption.getText().isEmpty() || local.getHeight() <= 0) return 0;
        return caption.getFont().getSize() * caption.localToScene(local).getHeight() / local.getHeight();
    }

    /** The type of {@code l} as drawn on the screen, after the drawing's scale. */
    private static double onScreenPx(Label l) {
        Bounds local = l.getLayoutBounds(), on = l.localToScene(local);
        return l.getFont().getSize() * on.getHeight() / local.getHeight();
    }

    /** The calls: text of CALL_FONT_PX at least, CALL_TARGET_PX high, every one on screen. */
    private static void callStripReadable(Scene scene, int width, int height) {
        List<Node> buttons = fx(() -> {
            List<Node> all = new ArrayList<>(scene.getRoot().lookupAll("#presenter-calls .button"));
            all.addAll(scene.getRoot().lookupAll("#presenter-calls .toggle-button"));
            return all;
        });
        assertTrue(buttons.size() >= PresenterMode.CLIENT_CALLS.size() + PresenterMode.SERVER_CALLS.size());
        for (Node n : buttons) {
            Labeled b = (Labeled) n;
            String id = b.getId();
            if (!fx(b::isVisible)) continue; // "Hold to drop" is there only on two machines joined by the wire
            assertTrue(fx(() -> b.getFont().getSize()) >= PresenterMode.CALL_FONT_PX, id + " text");
            assertTrue(fx(b::getHeight) >= PresenterMode.CALL_TARGET_PX - 0.5, id + " height " + fx(b::getHeight));
            Bounds on = fx(() -> b.localToScene(b.getLayoutBounds()));
            assertTrue(on.getMinX() >= 0 && on.getMaxX() <= width && on.getMinY() >= 0 && on.getMaxY() <= height,
                    id + " on screen: " + on);
        }
        assertTrue(buttons.stream().anyMatch(b -> b instanceof Button), "the calls are buttons");
        assertTrue(buttons.stream().anyMatch(b -> "presenter-machine-toggle".equals(b.getId())), "with the toggle");
    }

    private void presenterModeAlwaysOpensAtTheCurrentStep(Shell shell, int width, int height, FxRobot robot)
            throws Exception {
        fx(() -> {
            shell.diagram().playback().jumpToEnd();
            return null;
        });
        robot.clickOn("#server-title");
        for (int round = 0; round < 3; round++) {
            // Round 0: at the last step; then further back each time, left and entered again with F11.
            robot.type(KeyCode.F11);
            WaitForAsyncUtils.waitForFxEvents();
            Stage presenter = fx(() -> shell.presenter().stage());
            assertNotNull(presenter, "F11 opens presenter mode");
            SequenceDiagram d = fx(() -> (SequenceDiagram) presenter.getScene().lookup("#presenter-diagram"));
            layout(presenter.getScene());
            int current = fx(() -> (int) Math.ceil(shell.diagram().playback().position())) - 1;
            int r = round;
            assertTrue(fx(() -> PresenterLiveFxTest.stepInView(d)),
                    () -> "round " + r + ": presenter mode opens at step row " + current + ", scrolled to "
                            + fx(() -> ((SequenceDiagramSkin) d.getSkin()).scrollBar().getValue()));
            if (round == 0)
                assertTrue(fx(() -> ((SequenceDiagramSkin) d.getSkin()).scrollBar().getValue()) > 0,
                        "the lesson's rows run past the presenter's height: scrolled to the last step");
            for (int i = 0; i < 6; i++) robot.type(KeyCode.PAGE_UP);
            WaitForAsyncUtils.waitForFxEvents();
            robot.type(KeyCode.F11);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(null, fx(() -> shell.presenter().stage()), "F11 leaves");
        }
    }

    /**
     * Lets the scene lay out as the screen would: three times a whole pulse (its layout, then what runs after it: the
     * machine's column gives way to a long narration there) and a layout pass after it. Waits for the pulses
     * themselves, not a fixed time: the narration check lays the scene out some 230 times.
     */
    static void layout(Scene scene) {
        for (int i = 0; i < 3; i++) {
            CountDownLatch pulsed = new CountDownLatch(1);
            fx(() -> {
                scene.addPostLayoutPulseListener(new Runnable() {
                    @Override
                    public void run() {
                        scene.removePostLayoutPulseListener(this);
                        pulsed.countDown();
                    }
                });
                scene.getRoot().requestLayout();
                Platform.requestNextPulse();
                return null;
            });
            try {
                if (!pulsed.await(30, TimeUnit.SECONDS)) throw new AssertionError("no pulse within 30 s");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            fx(() -> {
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                return null;
            });
        }
    }
}
