package org.socketlab.ui.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.Event;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.ui.HeadlessScreen;
import org.socketlab.ui.RealLifecycle;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.shell.MainWindow;
import org.socketlab.ui.shell.Shell;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The socket table of the real window after a real lifecycle (a listener with its accept queue, a closed fd in
 * TIME_WAIT, a connection in CLOSED, UDP sockets): at 1280x720 and 1920x1080 no cell or header is cut to "...", in
 * the window's layout and brought to the front (F6); at 1920x1080 in front every column fits, with no sideways
 * scrolling (what TCP is doing, tcp_info's columns, is left out there: it has no room) and filling the window it has
 * those columns too (in its column under the clients it scrolls sideways); at 1024x768 a text that does not fit has a tooltip with all of it.
 */
@ExtendWith(ApplicationExtension.class)
class SocketTableFitFxTest {
    private Lab lab;
    private Shell shell;
    private Stage stage;

    @Start
    void start(Stage primary) {
    }

    @AfterEach
    void tearDown() {
        fx(() -> {
            if (shell != null) shell.detach();
            if (stage != null) stage.close();
            HeadlessScreen.reset();
            return null;
        });
        if (lab != null) lab.close();
    }

    @ParameterizedTest(name = "{0}x{1} in {2}")
    @CsvSource({"1024, 768, en", "1024, 768, es", "1280, 720, en", "1280, 720, es", "1920, 1080, en",
            "1920, 1080, es"})
    void noCellOrHeaderIsCut(int width, int height, String lang) throws Exception {
        lab = Lab.onThisMachine();
        Path prefs = Files.createTempDirectory(Path.of("target"), "prefs").resolve("window.properties");
        RealLifecycle.run(lab);
        lab.observeKernelNow();
        fx(() -> {
            HeadlessScreen.resize(width, height);
            shell = new Shell(lab, "Linux", Lang.of(lang));
            stage = new Stage();
            shell.show(stage, prefs);
            return null;
        });
        UiTestSupport.awaitWindowBuilt(stage);
        fx(() -> {
            shell.bridge().drain();
            shell.diagram().playback().instantProperty().set(true);
            shell.diagram().playback().jumpToEnd();
            return null;
        });
        boolean strict = width >= 1280;
        boolean capturing = CiRules.capturing(lab); // tcp_info is read after each captured segment
        for (String mode : List.of("window", "front", "filled")) {
            fx(() -> {
                switch (mode) {
                    case "front" -> shell.view().bringToFront(MainWindow.Pane.TABLES);
                    case "filled" -> {
                        shell.view().bringToFront(MainWindow.Pane.TABLES); // back
                        shell.view().toggleFocus(MainWindow.Pane.TABLES);
                    }
                    default -> {
                    }
                }
                return null;
            });
            UiTestSupport.settle(stage, () -> shell.view().dividers());
            String where = width + "x" + height + " " + lang + " " + mode;
            TableView<?> table = fx(() -> (TableView<?>) stage.getScene().lookup("#socket-table"));
            assertTrue(fx(() -> table.getItems().size()) >= 5, "the lifecycle's sockets are in the table");
            screenshot(stage.getScene(), "sockets-" + width + "x" + height + "-" + lang + "-" + mode);
            List<String> untold = fx(() -> headersWithoutTooltip(table));
            assertTrue(untold.isEmpty(), () -> "headers that do not say what they hold at " + where + ": " + untold);
            String title = fx(() -> shownText((Labeled) stage.getScene().lookup("#sockets-title")));
            assertTrue(title.equals(fx(() -> ((Labeled) stage.getScene().lookup("#sockets-title")).getText())),
                    () -> "the table's title cut at " + where + ": " + title);
            List<String> cut = fx(() -> cut(table, strict));
            assertTrue(cut.isEmpty(), () -> "cut in the socket table at " + where + ": " + cut);
            // Every column within reach at every size: the columns fit the table, or a scroll bar takes them
            // sideways. A constrained table never scrolls: at 1280x720 its last columns were beyond its edge, out of
            // reach ("LIST", "TIME_" and no Recv-Q or Send-Q at all).
            assertTrue(fx(() -> fitsOrScrolls(table)), () -> "columns out of reach at " + where + ": "
                    + fx(() -> table.getVisibleLeafColumns().stream().mapToDouble(c -> c.getWidth()).sum()) + " px of"
                    + " columns in " + fx(table::getWidth) + " px, no sideways scroll bar");
            // Filled, the table has the window's width from 1280x720 on; at 1920x1080 in front (F6) too: a column
            // scrolled off to the right is as cut as one drawn "TIME_W...". In its column under the clients (issue 57:
            // the diagram full height) it scrolls sideways.
            if (strict && (mode.equals("filled") || width >= 1920 && mode.equals("front"))) {
                double columns = fx(() -> table.getVisibleLeafColumns().stream().mapToDouble(c -> c.getWidth()).sum());
                double room = fx(table::getWidth);
                assertFalse(fx(() -> table.lookupAll(".scroll-bar").stream().anyMatch(b -> b instanceof ScrollBar bar
                        && bar.getOrientation() == Orientation.HORIZONTAL && bar.isVisible())),
                        "no sideways scroll bar at " + where);
                String widths = fx(() -> table.getVisibleLeafColumns().stream()
                        .map(c -> Math.round(c.getWidth()) + "/" + Math.round(c.getMinWidth()) + "/"
                                + Math.round(c.getPrefWidth()))
                        .toList().toString());
                assertTrue(columns <= room + 1, () -> "the table filling the window at " + where + " needs "
                        + Math.round(columns) + " px for its columns, has " + Math.round(room) + " (width/min/pref "
                        + widths + ")");
            }
            // What TCP is doing has its columns where the table has room for them: filling a 1920 px window.
            if (width >= 1920 && mode.equals("filled") && capturing)
                assertEquals(fx(() -> table.getColumns().size()), fx(() -> table.getVisibleLeafColumns().size()),
                        "the tcp_info columns at " + where);
        }
    }

    /** The text a label draws: its own, or shortened to "..." where it does not fit. */
    private static String shownText(Labeled l) {
        return l.getChildrenUnmodifiable().stream()
                .filter(c -> c instanceof Text t && t.getStyleClass().contains("text"))
                .map(c -> ((Text) c).getText()).findFirst().orElse(l.getText());
    }

    /** Whether the columns fit inside the table (beside a vertical scroll bar, if any), or a sideways one is shown. */
    private static boolean fitsOrScrolls(TableView<?> table) {
        double room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset();
        boolean sideways = false;
        for (Node n : table.lookupAll(".scroll-bar")) {
            if (!(n instanceof ScrollBar bar) || !bar.isVisible()) continue;
            if (bar.getOrientation() == Orientation.VERTICAL) room -= bar.getWidth();
            else sideways = true;
        }
        double columns = table.getVisibleLeafColumns().stream().mapToDouble(c -> c.getWidth()).sum();
        return sideways || columns <= room + 1;
    }

    /**
     * Every header and cell shown whose text is drawn shortened: all of them when {@code strict}, else those without
     * a tooltip that says the whole text.
     */
    private static List<String> cut(TableView<?> table, boolean strict) {
        List<String> out = new ArrayList<>();
        for (Node n : table.lookupAll(".label, .table-cell")) {
            if (!(n instanceof Labeled l) || !l.isVisible() || l.getText() == null || l.getText().isEmpty()) continue;
            Text shown = (Text) l.getChildrenUnmodifiable().stream()
                    .filter(c -> c instanceof Text t && t.getStyleClass().contains("text")).findFirst().orElse(null);
            if (shown == null || shown.getText().equals(l.getText())) continue;
            Control owner = l instanceof TableCell<?, ?> c ? c : headerOf(l);
            if (owner != null) hover(owner);
            Tooltip tip = owner == null ? null : owner.getTooltip();
            boolean told = tip != null && tip.getText() != null && tip.getText().contains(l.getText());
            if (strict || !told)
                out.add("\"" + shown.getText() + "\" for \"" + l.getText() + "\"" + (told
                        ? " (with a tooltip)"
                        : ""));
        }
        return out;
    }

    /** Each column header whose tooltip, once the pointer enters it, does not start with its text. */
    private static List<String> headersWithoutTooltip(TableView<?> table) {
        List<String> out = new ArrayList<>();
        for (Node n : table.lookupAll(".column-header .label")) {
            if (!(n instanceof Labeled l) || l.getText() == null || l.getText().isEmpty()) continue;
            hover(l);
            Tooltip tip = l.getTooltip();
            if (tip == null || tip.getText() == null || !tip.getText().startsWith(l.getText() + ": "))
                out.add(l.getText() + (tip == null ? " (none)" : ": " + tip.getText()));
        }
        return out;
    }

    /** The pointer enters {@code n}: what makes a lazily made tooltip. */
    private static void hover(Node n) {
        Event.fireEvent(n, new MouseEvent(MouseEvent.MOUSE_ENTERED, 1, 1, 1, 1, MouseButton.NONE, 0, false, false,
                false, false, false, false, false, false, false, false, null));
    }

    /** A header's label (which holds its tooltip), or null for a node outside the headers. */
    private static Control headerOf(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent())
            if (p instanceof TableColumnHeader h && h.getTableColumn() != null) return (Control) n;
        return null;
    }

    private static void screenshot(Scene scene, String name) throws Exception {
        var image = fx(() -> scene.snapshot(null));
        Path out = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }
}
