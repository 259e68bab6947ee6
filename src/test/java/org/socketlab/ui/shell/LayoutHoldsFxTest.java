package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.testing.Soak;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.socketlab.ui.endpoint.SocketCall;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The layout holds (issue 26, sections 2 to 4), at 1024x768, 1280x720 and 1920x1080, in English and Spanish: the bars
 * that come and go never move a divider and leave every call in sight; a refused press says why next to the press,
 * inside the visible part of the pane; zoom comes back, one Reset layout suffices, and the diagram keeps rows at 200 %.
 */
@ExtendWith(ApplicationExtension.class)
class LayoutHoldsFxTest {
    private TestWindow window;
    private Stage stage;
    private Shell shell;
    @TempDir
    Path dir;

    @Start
    void start(Stage primary) {
        // Each test opens its own window on a screen of the size it needs.
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    private static final List<Lang> LANGS = List.of(Lang.ES, Lang.EN);

    /**
     * The screens, each in both languages on one window (the window switches language at any time, as a user does).
     * The default lane checks the bars at the smallest and the largest screen and the zoom at the smallest, where a
     * call goes out of sight first; the soak lane checks the other sizes.
     */
    static Stream<Arguments> barSizes() {
        return Stream.of(Arguments.of(1024, 768));
    }

    static Stream<Arguments> otherBarSizes() {
        return Stream.of(Arguments.of(1280, 720), Arguments.of(1920, 1080));
    }

    static Stream<Arguments> zoomSizes() {
        return Stream.of(Arguments.of(1024, 768));
    }

    static Stream<Arguments> otherZoomSizes() {
        return Stream.of(Arguments.of(1280, 720), Arguments.of(1920, 1080));
    }

    /** A check once per language on the window opened: the language switched first, the failure says which. */
    private interface Round {
        void in(Lang lang) throws Exception;
    }

    private void inEachLang(Round round) throws Exception {
        for (Lang lang : LANGS) {
            fx(() -> {
                shell.viewModel().setLang(lang);
                return null;
            });
            settle();
            assertEquals(Messages.of(lang).get("ui.endpoint.reset"),
                    fx(() -> ((Labeled) stage.getScene().lookup("#server-reset")).getText()),
                    "the window speaks " + lang);
            try {
                round.in(lang);
            } catch (AssertionError e) {
                throw new AssertionError("in " + lang + ": " + e.getMessage(), e);
            }
        }
    }

    static Stream<Arguments> screens() {
        List<Arguments> all = new ArrayList<>();
        for (int[] size : new int[][]{{1024, 768}, {1280, 720}, {1920, 1080}})
            for (Lang lang : List.of(Lang.ES, Lang.EN)) all.add(Arguments.of(size[0], size[1], lang));
        return all.stream();
    }

    private void open(int width, int height, Lang lang) {
        window = TestWindow.openWithoutCapture(width, height, dir.resolve("window.properties")); // no segment looked at
        stage = window.stage();
        shell = window.shell();
        fx(() -> {
            shell.viewModel().setLang(lang);
            return null;
        });
        settle();
    }

    private void settle() {
        UiTestSupport.settle(stage, () -> shell.view().dividers());
    }

    private double[] dividers() {
        return fx(() -> shell.view().dividers());
    }

    private static void await(String what, Callable<Boolean> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!fx(done)) {
            if (System.nanoTime() > deadline) throw new AssertionError("never happened: " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean shown(String id) {
        Node n = stage.getScene().lookup(id);
        if (n == null) return false;
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }

    /** Shows a bar, checks nothing moved while it is there, closes it, checks the layout is as it was. */
    private void whileShown(String bar, double[] before, Runnable show, Runnable closeOnTestThread) {
        fx(() -> {
            show.run();
            return null;
        });
        await(bar + " shown", () -> shown(bar));
        settle();
        Bounds at = fx(() -> stage.getScene().lookup(bar).localToScene(stage.getScene().lookup(bar).getLayoutBounds()));
        assertTrue(at.getHeight() > 0 && at.getMaxY() <= stage.getScene().getHeight() + 1,
                bar + " is in the window: " + at);
        // The replay's bar has a row of its own under the toolbar while a journal is replayed (issue 78: floating, it
        // covered the lower panes' tabs and the diagram): the panes are a row shorter meanwhile, and the split panes'
        // proportions may round by a pixel; every other bar floats and moves nothing.
        assertArrayEquals(before, dividers(), "#replay-banner".equals(bar) ? 2e-3 : 1e-9,
                bar + " shown moves no divider");
        assertEquals(List.of(), fx(this::callButtonsOutOfSight), bar + " shown leaves every call in sight");
        closeOnTestThread.run();
        await(bar + " gone", () -> !shown(bar));
        settle();
        assertArrayEquals(before, dividers(), 1e-9, "after " + bar + " the layout is as before");
        assertEquals(List.of(), fx(this::callButtonsOutOfSight), "after " + bar + " every call is in sight");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("barSizes")
    void barsComeAndGoWithoutMovingADivider(int width, int height, FxRobot robot) throws Exception {
        open(width, height, LANGS.getFirst());
        inEachLang(lang -> barsComeAndGo(robot));
    }

    @Soak
    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("otherBarSizes")
    void barsComeAndGoWithoutMovingADividerAtTheOtherSizes(int width, int height, FxRobot robot) throws Exception {
        barsComeAndGoWithoutMovingADivider(width, height, robot);
    }

    private void barsComeAndGo(FxRobot robot) {
        double[] before = dividers();
        assertEquals(List.of(), fx(this::callButtonsOutOfSight), "every call in sight at the start");
        ShellViewModel vm = fx(() -> shell.viewModel());

        // Predict before each call (free lab): socket() asks nothing, connect() asks; the question is then withdrawn.
        robot.clickOn("#client-socket");
        int closed = UiTestSupport.freePort();
        robot.interact(() -> robot.lookup("#client-port").queryAs(TextField.class).setText(String.valueOf(closed)));
        fx(() -> {
            vm.predict().freeLabEnabledProperty().set(true);
            return null;
        });
        settle();
        whileShown("#predict", before, () -> ((Button) stage.getScene().lookup("#client-connect")).fire(),
                () -> fx(() -> {
                    vm.predict().cancel();
                    return null;
                }));
        fx(() -> {
            vm.predict().freeLabEnabledProperty().set(false);
            return null;
        });

        // The File menu's last word, then a replayed journal with its banner.
        Path saved = dir.resolve("session.jsonl");
        whileShown("#file-notice", before, () -> shell.files().save(saved), () -> fx(() -> {
            vm.fileNoticeProperty().set(null);
            return null;
        }));
        whileShown("#replay-banner", before, () -> shell.files().open(saved), () -> fx(() -> {
            shell.backToLive();
            return null;
        }));

        // A watched program of the user's own: its bar while it runs, then closed.
        whileShown("#watch-bar", before,
                () -> vm.watch().start(List.of("python3", "-c", "import time; time.sleep(30)"), dir), () -> {
                    fx(() -> {
                        vm.watch().stop();
                        return null;
                    });
                    await("the program stopped", () -> !vm.watch().busy());
                    fx(() -> {
                        vm.watch().dismiss();
                        return null;
                    });
                });
    }

    @ParameterizedTest(name = "{0}x{1} {2}")
    @MethodSource("screens")
    void aRefusedPressSaysWhyInSightOfThePress(int width, int height, Lang lang, FxRobot robot) throws Exception {
        open(width, height, lang);
        robot.clickOn("#client-socket");
        robot.interact(() -> robot.lookup("#client-port").queryAs(TextField.class).setText("70000"));
        robot.clickOn("#client-connect");
        assertToastInSight("client", "70000");

        // Replay: no call is made, said at the pane even when the press is a key (Alt+S).
        Path saved = dir.resolve("session.jsonl");
        fx(() -> {
            shell.files().save(saved);
            return null;
        });
        await("saved", () -> shell.viewModel().fileNoticeProperty().get() != null);
        fx(() -> {
            shell.files().open(saved);
            return null;
        });
        await("replaying", () -> !shell.viewModel().replayingProperty().get().isEmpty());
        settle();
        robot.push(KeyCode.ALT, KeyCode.S);
        assertToastInSight("client", null);
    }

    /**
     * Why the press was refused is in sight: the pane's message when its first line is in the pane's visible part (said
     * once, issue 57), else the toast of {@code side}'s pane, inside the window and inside that visible part.
     */
    private void assertToastInSight(String side, String quoted) {
        await(side + " toast or message in sight", () -> shown("#" + side + "-toast") || messageInSight(side));
        if (!fx(() -> shown("#" + side + "-toast"))) {
            String text = fx(() -> ((Labeled) stage.getScene().lookup("#" + side + "-message")).getText());
            if (quoted != null) assertTrue(text.contains(quoted), "it quotes what was typed: " + text);
            return;
        }
        fx(() -> {
            Node toast = stage.getScene().lookup("#" + side + "-toast");
            String text = ((Labeled) toast).getText();
            assertFalse(text.isBlank(), "the toast says why");
            if (quoted != null) assertTrue(text.contains(quoted), "it quotes what was typed: " + text);
            Bounds at = toast.localToScene(toast.getLayoutBounds());
            assertTrue(windowBounds().contains(at), "the toast " + at + " is inside the window " + windowBounds());
            Bounds visible = visiblePartOf(toast);
            assertTrue(visible.contains(at), "the toast " + at + " is inside its pane's visible part " + visible);
            return null;
        });
    }

    /** Whether the first line of {@code side}'s pane's message is inside the pane's visible part. FX thread. */
    private boolean messageInSight(String side) {
        Node message = stage.getScene().lookup("#" + side + "-message");
        if (message == null || !message.isVisible() || ((Labeled) message).getText().isBlank()) return false;
        Bounds at = message.localToScene(message.getLayoutBounds());
        Bounds visible = visiblePartOf(message);
        return at.getMinY() >= visible.getMinY() - 0.5
                && at.getMinY() + ((Labeled) message).getFont().getSize() <= visible.getMaxY() + 0.5;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("zoomSizes")
    void zoomComesBackAndOneResetSuffices(int width, int height, FxRobot robot) throws Exception {
        open(width, height, LANGS.getFirst());
        inEachLang(lang -> {
            // The calls' rows, and so the side columns' divider, follow the language's words (the pane's inputs wrap
            // otherwise): in the next language the opening layout is the one Reset layout makes there.
            if (lang != LANGS.getFirst()) {
                fx(() -> {
                    shell.view().resetLayout();
                    return null;
                });
                settle();
            }
            zoomRound(width, height, robot);
        });
    }

    @Soak
    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("otherZoomSizes")
    void zoomComesBackAndOneResetSufficesAtTheOtherSizes(int width, int height, FxRobot robot) throws Exception {
        zoomComesBackAndOneResetSuffices(width, height, robot);
    }

    private void zoomRound(int width, int height, FxRobot robot) {
        robot.clickOn("#client-socket"); // a row in the diagram
        settle();
        double[] before = dividers();
        List<Long> columns = fx(this::socketTableColumnWidths);
        ShellViewModel vm = fx(() -> shell.viewModel());
        // The zoom stops where the screen still shows the diagram (issue 43: 300 % at 1280x720 left none).
        int max = fx(() -> vm.maxZoomProperty().get());
        assertEquals(ShellViewModel.maxZoomFor(width, height), max, "the zoom's ceiling is this screen's");
        zoomTo(vm, max);
        // The diagram draws and follows its newest row within a few frames of the zoom (on a loaded box, more of them).
        try {
            await("the diagram shows its row at the largest zoom, " + max + " %", this::diagramShowsARow);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + fx(this::diagramRowWhere), e);
        }
        assertTrue(fx(() -> stage.getScene().lookup("#zoom-in").isDisabled()), "+ is off at the ceiling");
        zoomTo(vm, 100);
        assertArrayEquals(before, dividers(), 0.002, "100 → " + max + " → 100 % gives the layout back");
        // The panes' combo boxes and the socket table's columns kept their 300 % widths once (JavaFX's combo box is as
        // wide as it was; the table's minimums only grew), so the right-hand column of calls was scrolled away.
        assertEquals(List.of(), fx(this::callButtonsOutOfSight), "every call in sight after 100 → 300 → 100 %");
        List<Long> after = fx(this::socketTableColumnWidths);
        assertEquals(columns.stream().mapToLong(Long::longValue).sum(), after.stream().mapToLong(Long::longValue).sum(),
                columns.size(),
                "the socket table's columns fill the width they filled before: " + columns + " → " + after);
        assertEquals(List.of(), fx(this::socketTableColumnsCut), "and none is narrower than its text");
        assertEquals(List.of(), fx(this::cutToolbarButtons), "nor a toolbar button");

        zoomTo(vm, 200);
        assertTrue(fx(() -> diagramShowsARow()), "the diagram shows its row at 200 %");
        assertTrue(fx(() -> shown("#theme-menu") || shown("#toolbar-more")), "the theme menu is reachable at 200 %");
        assertTrue(fx(() -> shown("#lang-es") || shown("#toolbar-more")), "EN/ES are reachable at 200 %");
        assertEquals(List.of(), fx(this::cutToolbarButtons), "no toolbar button is cut at 200 %");

        // Dragged and zoomed about, then one Reset layout (at 100 %) gives the opening layout back.
        fx(() -> {
            shell.view().setTopShare(0.3);
            return null;
        });
        zoomTo(vm, 100);
        fx(() -> {
            shell.view().setTopShare(0.55);
            shell.view().bringToFront(MainWindow.Pane.EXPLAIN);
            shell.view().resetLayout();
            return null;
        });
        settle();
        double[] once = dividers();
        fx(() -> {
            shell.view().resetLayout();
            return null;
        });
        settle();
        assertArrayEquals(once, dividers(), 0.002, "one Reset layout suffices: a second one changes nothing");
        // Within 1 % of the window: the opening layout may be measured before the argument forms are built, from an
        // estimate (6 px off at 1024x768 in Spanish). The 300 % combo boxes made it 0.36 instead of 0.30 here once.
        assertArrayEquals(before, once, 0.01, "Reset layout gives the opening layout back");
        assertEquals(List.of(), fx(this::callButtonsOutOfSight), "every call in sight after Reset layout");
    }

    private void zoomTo(ShellViewModel vm, int percent) {
        fx(() -> {
            vm.resetZoom();
            while (vm.zoomProperty().get() < percent) vm.zoomIn();
            return null;
        });
        settle();
        assertEquals(percent, (int) fx(() -> vm.zoomProperty().get()));
    }

    /** The socket table's column widths, rounded to whole pixels. */
    private List<Long> socketTableColumnWidths() {
        TableView<?> table = (TableView<?>) stage.getScene().lookup("#socket-table");
        return table.getColumns().stream().map(c -> Math.round(c.getWidth())).toList();
    }

    /** The socket table's columns narrower than the minimum their header and cells' text need. */
    private List<String> socketTableColumnsCut() {
        TableView<?> table = (TableView<?>) stage.getScene().lookup("#socket-table");
        return table.getColumns().stream().filter(c -> c.getWidth() < c.getMinWidth() - 0.5)
                .map(c -> c.getText() + " " + c.getWidth() + " < " + c.getMinWidth()).toList();
    }

    /**
     * Whether the row the click on socket() made, the newest, is in view. Not the first row: the diagram follows the
     * newest, and since the journal tells process events the socket() row comes after the lab's capture note and the
     * client's "process started", which at 200 % in 1280x720 push the note above the view.
     */
    /** Where the newest row is, for a failure's message. */
    private String diagramRowWhere() {
        SequenceDiagram d = (SequenceDiagram) stage.getScene().lookup("#sequence-diagram");
        int last = d.getModel().rowCount() - 1;
        double y = ((SequenceDiagramSkin) d.getSkin()).rowCenterY(last);
        return "row " + last + " of " + d.getModel().rows() + " at y " + y + " in a diagram " + d.getHeight()
                + " high, scene y " + d.localToScene(0, y).getY() + " of " + stage.getScene().getHeight();
    }

    private boolean diagramShowsARow() {
        SequenceDiagram d = (SequenceDiagram) stage.getScene().lookup("#sequence-diagram");
        double y = ((SequenceDiagramSkin) d.getSkin()).rowCenterY(d.getModel().rowCount() - 1);
        return y > 0 && y < d.getHeight() && d.localToScene(0, y).getY() < stage.getScene().getHeight();
    }

    private Bounds windowBounds() {
        return new BoundingBox(0, 0, stage.getScene().getWidth(), stage.getScene().getHeight());
    }

    private Bounds visiblePartOf(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent())
            if (p instanceof ScrollPane s) return s.localToScene(s.getLayoutBounds());
        return windowBounds();
    }

    /** Every call button of the client and server panes not wholly inside its pane's visible part. */
    private List<String> callButtonsOutOfSight() {
        List<String> out = new ArrayList<>();
        for (String side : List.of("client", "server"))
            for (SocketCall call : SocketCall.values()) {
                Node b = stage.getScene().lookup("#" + side + "-" + call.cName());
                if (b == null) {
                    out.add(side + "-" + call.cName() + " missing");
                    continue;
                }
                Bounds at = b.localToScene(b.getLayoutBounds());
                if (!shown("#" + side + "-" + call.cName()) || !windowBounds().contains(at)
                        || !visiblePartOf(b).contains(at))
                    out.add(side + "-" + call.cName() + " at " + at);
            }
        return out;
    }

    /** Toolbar buttons shown but cut (their drawn text ends in "..." or they stick out of the window). */
    private List<String> cutToolbarButtons() {
        List<String> out = new ArrayList<>();
        for (Node n : ((Parent) stage.getScene().lookup("#app-toolbar")).getChildrenUnmodifiable()) {
            if (!n.isVisible()) continue;
            Bounds at = n.localToScene(n.getLayoutBounds());
            if (at.getMaxX() > stage.getScene().getWidth() + 1) out.add(n.getId() + " at " + at);
            // What a button draws is its skin's text: "..." or "…" at its end when the button is cut.
            for (Node t : n.lookupAll(".text"))
                if (t instanceof Text text && text.getText() != null
                        && (text.getText().endsWith("...") || text.getText().endsWith("…")))
                    out.add(n.getId() + " cut to " + text.getText());
        }
        return out;
    }
}
