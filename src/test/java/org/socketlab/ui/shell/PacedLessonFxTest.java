package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.Step;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A lesson in front of a room, paced with the clicker only: in presenter mode at 1024x768, each PageDown makes the
 * next step's real call and draws it; PageUp and Home go back in the playback without making a call again.
 */
@ExtendWith(ApplicationExtension.class)
class PacedLessonFxTest {
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

    /** F5 with the focus in the main window, once the lesson's session's window has its panes (just after its frame). */
    private void pressF5InTheMainWindow(FxRobot robot) {
        UiTestSupport.awaitWindowBuilt(window.stage());
        robot.clickOn("#server-title");
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void connectionRefusedWithPageDownOnlyInPresenterModeAt1024x768(FxRobot robot) throws Exception {
        window = TestWindow.open(1024, 768, config.resolve("window.properties"));
        Shell shell = window.shell();
        Lesson lesson = LessonLoader.load("connection-refused");
        DiagramFeature before = fx(shell::diagram);
        fx(() -> {
            shell.viewModel().runLesson(lesson); // what Lessons → Errors → Connection refused does
            return null;
        });
        // The lesson's own session starts, says its first step's narration and waits.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> fx(() -> shell.diagram() != before) && shell.viewModel().lessons().waiting() == 1);
        assertEquals(0, calls(window).size(), "nothing is called before the first press");
        pressF5InTheMainWindow(robot);
        Stage presenter = fx(() -> shell.presenter().stage());
        assertNotNull(presenter, "F5 opens presenter mode");
        fx(() -> {
            shell.diagram().playback().setSpeed(4); // a brisk talk: the test waits for each step's drawing
            return null;
        });
        Label banner = fx(() -> (Label) presenter.getScene().lookup("#presenter-lesson-text"));
        SequenceDiagram big = fx(() -> (SequenceDiagram) presenter.getScene().lookup("#presenter-diagram"));
        int n = lesson.steps().size();
        for (Step step : lesson.steps()) {
            int k = step.number();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shell.viewModel().lessons().waiting() == k);
            String wanted = "Step " + k + " of " + n + " · " + lesson.title().en();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(banner::getText).equals(wanted));
            assertEquals(k - 1, calls(window).size(), "before press " + k + ": only the steps before it were called");
            assertEquals(k - 1, fx(() -> rowsOfCalls(shell, window).size()), "and drawn");
            if (k == 2) screenshot(presenter, "target/screenshots/presenter-lesson-1024x768-step2.png");
            robot.type(KeyCode.PAGE_DOWN);
            // The step's real call is made, and its row drawn in the presenter's diagram, scrolled to the newest row.
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> calls(window).size() == k);
            assertEquals(step.call(), calls(window).get(k - 1).call(), "press " + k + " made step " + k + "'s call");
            try {
                WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> {
                    List<Row.CallRow> rows = rowsOfCalls(shell, window);
                    return rows.size() == k && big.shownRows() > rows.get(k - 1).index()
                            && PresenterLiveFxTest.stepInView(big);
                }));
            } catch (TimeoutException e) {
                throw new AssertionError(fx(() -> "step " + k + " not drawn: call rows "
                        + rowsOfCalls(shell, window).size()
                        + ", shown " + big.shownRows() + " of " + shell.diagram().model().rowCount() + ", position "
                        + shell.diagram().playback().position() + ", live "
                        + shell.diagram().playback().liveProperty().get() + ", presenter's position "
                        + big.positionProperty().get()));
            }
            if ("ECONNREFUSED".equals(calls(window).get(k - 1).errnoName())) synBesideItsRst(big, shell, window, k);
        }
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !shell.viewModel().lessonRunning());
        int made = calls(window).size();
        assertEquals(n, made, "one call a step");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> {
            shell.bridge().drain();
            return shell.diagram().playback().position() >= shell.diagram().model().rowCount();
        }));
        assertEquals("Step " + n + " of " + n + " · " + lesson.title().en(), fx(banner::getText));
        Node bar = fx(() -> presenter.getScene().lookup("#presenter-lesson"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !bar.isVisible()));
        assertFalse(fx(bar::isManaged), "issue 43: the banner ends with the lesson, the live demo has the room");

        // Back in the playback: PageUp a step, Home the start; PageDown goes forward again; no call is made.
        robot.type(KeyCode.PAGE_UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> shell.diagram().playback().position() < shell.diagram().model().rowCount()));
        robot.type(KeyCode.PAGE_UP); // the first went back over the verdict
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Step " + (n - 1) + " of " + n + " · " + lesson.title().en(), fx(banner::getText));
        assertTrue(fx(bar::isVisible), "back in the lesson, its banner says the step again");
        robot.type(KeyCode.HOME);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, fx(() -> shell.diagram().playback().position()));
        assertEquals(lesson.title().en() + " · " + n + " steps", fx(banner::getText));
        for (int i = 0; i < n + 2; i++) robot.type(KeyCode.PAGE_DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> shell.diagram().playback().position() >= shell.diagram().model().rowCount()),
                "PageDown went through the playback to the end");
        assertEquals(made, calls(window).size(), "no call was made again");
        robot.type(KeyCode.ESCAPE);
    }

    /**
     * Issue 57 finding 5, "the step banner sometimes lags the diagram by a step": presenter mode opened before a lesson
     * starts, and open while another starts, shows the session on screen (its banner and diagram were feared to stay
     * bound to the session of when it opened). At each settled step the banner names the step that waits, every step
     * before it made its one call, and its narration is drawn in the presenter's diagram with its story in view. Each
     * press is two PageDowns in a row: the second, while the step runs, is dropped by design (Pacing.next), or makes
     * the next step when the first had ended; either way the banner and the diagram agree.
     */
    @Test
    void thePresentersBannerAndDiagramFollowLessonsStartedWhilePresenting(FxRobot robot) throws Exception {
        window = TestWindow.open(1280, 720, config.resolve("window.properties"));
        Shell shell = window.shell();
        robot.clickOn("#server-title");
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(fx(() -> shell.presenter().stage()), "F5 opens presenter mode");
        for (String id : List.of("connection-refused", "tcp-basics")) {
            Lesson lesson = LessonLoader.load(id);
            DiagramFeature before = fx(shell::diagram);
            fx(() -> {
                shell.viewModel().runLesson(lesson); // from the menu, presenter mode open
                return null;
            });
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                    () -> fx(() -> shell.diagram() != before) && shell.viewModel().lessons().waiting() == 1);
            fx(() -> {
                shell.diagram().playback().setSpeed(4);
                return null;
            });
            List<Integer> settled = new ArrayList<>();
            for (int after = 0;;) {
                int waits = stepsAgree(shell, window, lesson, after);
                if (waits == 0) break;
                after = waits;
                settled.add(waits);
                robot.type(KeyCode.PAGE_DOWN, KeyCode.PAGE_DOWN);
            }
            assertEquals(lesson.steps().size(), calls(window).size(), id + ": one call a step, none twice");
            assertTrue(settled.getFirst() == 1 && settled.size() >= lesson.steps().size() / 2, settled::toString);
        }
        robot.type(KeyCode.ESCAPE);
    }

    /**
     * Waits until a step after step {@code after} waits with the banner naming it and its story drawn in the
     * presenter's diagram, or the lesson ended (returns 0); checks they agree and returns the step's number.
     */
    private static int stepsAgree(Shell shell, TestWindow window, Lesson lesson, int after) throws Exception {
        String title = lesson.title().en();
        int n = lesson.steps().size();
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> {
                if (!shell.viewModel().lessonRunning()) return true;
                int k = shell.viewModel().lessons().waiting();
                return k > after && ("Step " + k + " of " + n + " · " + title).equals(banner(shell))
                        && drawn(shell, lesson,
                                k) >= 0
                        && PresenterLiveFxTest.stepInView(presenterDiagram(shell));
            }));
        } catch (TimeoutException e) {
            throw new AssertionError(fx(() -> lesson.id() + ": waiting " + shell.viewModel().lessons().waiting()
                    + ", banner \"" + banner(shell) + "\", calls " + calls(window).size() + ", the presenter's diagram "
                    + (presenterDiagram(shell).getModel() == shell.diagram().model() ? "this" : "ANOTHER")
                    + " session's, shown " + presenterDiagram(shell).shownRows() + " of "
                    + shell.diagram().model().rowCount()), e);
        }
        if (!shell.viewModel().lessonRunning()) return 0;
        int k = shell.viewModel().lessons().waiting();
        assertEquals(k - 1, calls(window).size(), () -> lesson.id() + ": the banner says step " + k);
        assertTrue(fx(() -> presenterDiagram(shell).getModel() == shell.diagram().model()),
                "the presenter shows the session on screen");
        return k;
    }

    /** The banner of presenter mode as it is now (looked up anew: a new session may have opened it anew). */
    private static String banner(Shell shell) {
        return ((Label) shell.presenter().stage().getScene().lookup("#presenter-lesson-text")).getText();
    }

    private static SequenceDiagram presenterDiagram(Shell shell) {
        return (SequenceDiagram) shell.presenter().stage().getScene().lookup("#presenter-diagram");
    }

    /** The row of step {@code k}'s narration among those the presenter's diagram shows, or -1. */
    private static int drawn(Shell shell, Lesson lesson, int k) {
        SequenceDiagram big = presenterDiagram(shell);
        var narration = lesson.steps().stream().filter(s -> s.number() == k).findFirst().orElseThrow().narration()
                .byCode();
        for (int i = big.shownRows() - 1; i >= 0; i--)
            if (big.getModel().row(i) instanceof Row.NoteRow note && note.note().text().equals(narration)) return i;
        return -1;
    }

    /**
     * Issue 43 item 3: after the refused connect the presenter's diagram shows its SYN and the RST that answered it
     * together when the step's rows fit the view (the [SYN] had scrolled away under the lifelines' heads, the newest
     * row at the bottom); when they do not, the connect at the top and its SYN under it.
     */
    private static void synBesideItsRst(SequenceDiagram big, Shell shell, TestWindow window, int step)
            throws Exception {
        int connect = fx(() -> rowsOfCalls(shell, window).get(step - 1).index());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> segmentRow(shell, "RST", connect) >= 0
                && big.shownRows() > segmentRow(shell, "RST", connect)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> PresenterLiveFxTest.stepInView(big)));
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) big.getSkin());
        int syn = fx(() -> segmentRow(shell, "SYN", connect)), rst = fx(() -> segmentRow(shell, "RST", connect));
        if (!fx(() -> skin.fitTogether(connect, rst))) {
            // The step's story is taller than the view (presenter at 1024x768: about 215 px for three rows of 84): its
            // cause, the connect, at the top with its SYN whole under it, the RST below (StoryFollow's rule).
            assertTrue(fx(() -> skin.wholeInView(connect) && skin.wholeInView(syn)),
                    () -> "step " + step + ": the connect and its SYN in view; " + measures(skin, connect, rst));
            return;
        }
        assertTrue(fx(() -> skin.wholeInView(syn) && skin.wholeInView(rst)),
                () -> "step " + step + ": SYN (row " + syn + ") and RST (row " + rst + ") not in view together; rows "
                        + fx(() -> shell.diagram().model().rows().subList(Math.max(0, connect - 3), rst + 1).stream()
                                .map(r -> r.index() + " " + r.getClass().getSimpleName() + (skin.wholeInView(
                                        r.index()) ? " in view" : ""))
                                .toList())
                        + ", shown " + fx(big::shownRows) + "; " + measures(skin, connect, rst));
    }

    private static String measures(SequenceDiagramSkin skin, int from, int to) {
        double[] m = fx(() -> skin.measuresOf(from, to));
        return String.format("view %.0f px, rows %d..%d from %.0f to %.0f, scrolled to %.0f", m[0], from, to, m[1],
                m[2],
                m[3]);
    }

    /** The first segment row carrying {@code flag} from row {@code from} on (the step's call), or -1. */
    private static int segmentRow(Shell shell, String flag, int from) {
        return shell.diagram().model().rows().stream().skip(from)
                .filter(r -> r instanceof Row.SegmentArrow a && a.segment().flags().contains(flag))
                .mapToInt(Row::index).findFirst().orElse(-1);
    }

    private static List<Payload.Call> calls(TestWindow window) {
        return callEvents(window).stream().map(e -> (Payload.Call) e.payload()).toList();
    }

    private static List<Event> callEvents(TestWindow window) {
        return window.lab().journal().snapshot().stream()
                .filter(e -> e.payload() instanceof Payload.Call && !e.endpoint().equals("lab"))
                .filter(e -> e.seq() > window.shell().liveAfter()).toList();
    }

    /** The diagram's row of each call the lesson made, in order (a call that waited has a row for its entry too). */
    private static List<Row.CallRow> rowsOfCalls(Shell shell, TestWindow window) {
        Set<Long> seqs = new HashSet<>();
        for (var e : callEvents(window)) seqs.add(e.seq());
        return shell.diagram().model().rows().stream()
                .filter(r -> r instanceof Row.CallRow c && seqs.remove(c.event().seq())).map(r -> (Row.CallRow) r)
                .toList();
    }

    private static void screenshot(Stage s, String path) throws Exception {
        var image = fx(() -> s.getScene().snapshot(null));
        Path out = Path.of(path);
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }
}
