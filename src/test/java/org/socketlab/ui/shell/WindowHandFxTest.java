package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.testing.Await;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.endpoint.SocketCall;
import org.socketlab.ui.sockets.SocketTableView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 78 items 6 and 7, a window that fits its hand: the server's call buttons stay where they were when accept()
 * starts naming its listening socket; the tcp_info columns show where the table has room; and the diagram's drawing
 * area (under the lifeline heads) is at least 55 % of a 1920x1080 screen, 50 % with an event's details open. The
 * screen is a real one: a maximized window there is the screen less its window manager's title bar (openbox's is 19 px,
 * measured on the packaged app under Xvfb; 30 px is kept here, as GNOME's and KDE's are about), so the window opens
 * {@link #TITLE_BAR} px shorter than the screen and the area is counted against the whole screen.
 */
@ExtendWith(ApplicationExtension.class)
class WindowHandFxTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** The height a window manager's title bar takes from a maximized window (openbox's: 19 px). */
    private static final int TITLE_BAR = 30;
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

    @ParameterizedTest(name = "{0}x{1} in {2}")
    @CsvSource({"1280, 720, en", "1920, 1080, es", "1024, 768, es"})
    void theServersButtonsKeepTheirPlacesAfterListen(int width, int height, String lang, FxRobot robot) {
        open(width, height, lang);
        Map<String, Bounds> before = fx(this::serverButtons);
        String port = String.valueOf(freePort());
        fx(() -> {
            window.shell().viewModel().server().portProperty().set(port);
            return null;
        });
        robot.clickOn("#server-socket");
        robot.clickOn("#server-bind");
        robot.clickOn("#server-listen");
        Await.until(LIMIT, () -> fx(() -> button("server-accept").getText().startsWith("accept(")),
                () -> "accept() names its listening socket: " + fx(() -> button("server-accept").getText()));
        settle();
        Map<String, Bounds> after = fx(this::serverButtons);
        System.out.printf("server's accept button at %dx%d %s: %s -> %s, labelled %s%n", width, height, lang,
                before.get("accept"), after.get("accept"), fx(() -> button("server-accept").getText()));
        assertEquals(before, after, "the server's call buttons moved after listen() at " + width + "x" + height);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920, 1080"})
    void theTcpInfoColumnsShowWhereTheTableHasRoom(int width, int height, FxRobot robot) {
        // tcp_info is read after captured segments: this window captures the wire.
        window = TestWindow.open(width, height, config.resolve("window.properties"));
        settle();
        String port = String.valueOf(freePort());
        fx(() -> {
            window.shell().viewModel().server().portProperty().set(port);
            window.shell().viewModel().client().portProperty().set(port);
            return null;
        });
        for (String call : new String[]{"#server-socket", "#server-bind", "#server-listen", "#client-socket",
                "#client-connect", "#server-accept", "#client-send"}) {
            robot.clickOn(call);
            WaitForAsyncUtils.waitForFxEvents();
        }
        // The table given the diagram's place (F6), as wide as the diagram is at 1920.
        fx(() -> {
            window.shell().view().bringToFront(MainWindow.Pane.TABLES);
            return null;
        });
        Await.until(LIMIT, () -> fx(() -> table() != null && table().kernelColumnsShown() >= 4),
                () -> "tcp_info columns shown: " + fx(() -> table() == null ? -1 : table().kernelColumnsShown())
                        + ", readings " + fx(() -> table() == null
                                ? -1
                                : table().table().getItems().stream()
                                        .filter(r -> r.tcpInfo() != null).count())
                        + ", column minimums " + fx(() -> table() == null
                                ? ""
                                : table().table().getColumns().stream()
                                        .map(c -> c.getText() + "=" + c.getMinWidth()
                                                + (c.isVisible() ? "" : "(hidden)"))
                                        .toList().toString())
                        + ", the table " + fx(() -> table() == null ? 0 : table().getWidth()) + " px wide");
        long shown = fx(() -> table().kernelColumnsShown());
        double tableWidth = fx(() -> table().table().getWidth());
        System.out.printf("tcp_info columns at %dx%d with the table %.0f px wide: %d%n", width, height, tableWidth,
                shown);
        // Back in its own narrow pane they are hidden rather than squashed.
        fx(() -> {
            window.shell().view().bringToFront(MainWindow.Pane.TABLES);
            return null;
        });
        Await.until(LIMIT, () -> fx(() -> table().kernelColumnsShown() < shown),
                () -> "tcp_info columns in the narrow pane: " + fx(() -> table().kernelColumnsShown()));
    }

    @ParameterizedTest(name = "{0}x{1} in {2}")
    @CsvSource({"1920, 1080, es", "1920, 1080, en"})
    void theDiagramsDrawingAreaWithAndWithoutDetails(int width, int height, String lang, FxRobot robot) {
        open(width, height - TITLE_BAR, lang);
        settle();
        double bare = fx(() -> drawingShare(width, height));
        System.out.printf("drawing area at %dx%d %s (a window %d px shorter), no lesson: %.3f of the screen%n", width,
                height, lang, TITLE_BAR, bare);
        System.out.println(fx(this::where));
        assertTrue(bare >= 0.55, () -> "the drawing area's share at " + width + "x" + height + ": " + bare);
        openDetails(robot);
        double details = fx(() -> drawingShare(width, height));
        boolean inTab = fx(() -> window.stage().getScene().lookup("#pane-explain") instanceof TabPane t
                && t.getSelectionModel().getSelectedItem().getId().equals("tab-ui-details-tab"));
        System.out.printf("drawing area at %dx%d %s, Details open (in the explanations' tab: %s): %.3f%n", width,
                height, lang, inTab, details);
        assertTrue(details >= 0.50, () -> "the drawing area's share with Details open: " + details);
    }

    @ParameterizedTest(name = "{0}x{1} in {2}")
    @CsvSource({"1280, 720, en", "1280, 720, es", "1024, 768, es", "1024, 768, en"})
    void theDetailsHaveRoomBesideTheServersCalls(int width, int height, String lang, FxRobot robot) {
        open(width, height - TITLE_BAR, lang);
        settle();
        Bounds explainBefore = fx(() -> bounds("#pane-explain"));
        openDetails(robot);
        Bounds explain = fx(() -> bounds("#pane-explain"));
        Bounds fields = fx(() -> bounds("#diagram-details-scroll"));
        Bounds server = fx(() -> bounds("#pane-server"));
        double lastCall = fx(() -> serverButtons().values().stream().mapToDouble(Bounds::getMaxY).max().orElseThrow());
        Bounds diagram = fx(() -> bounds("#pane-diagram"));
        double diagramShare = diagram.getWidth() * diagram.getHeight() / ((double) width * height);
        System.out.printf("Details at %dx%d %s: the lower-right pane %.0f px tall (%.0f before), the event's fields"
                + " %.0f px, the server's calls down to %.0f of its %.0f, the diagram's pane %.3f of the screen%n",
                width, height, lang, explain.getHeight(), explainBefore.getHeight(), fields.getHeight(), lastCall,
                server.getMaxY(), diagramShare);
        System.out.println(fx(this::where));
        // ~140 px before (four fields, the rest a scroll): at least 200 now.
        assertTrue(fields.getHeight() >= 200,
                () -> "the event's fields with Details open: " + fields.getHeight() + " px tall");
        assertTrue(lastCall <= server.getMaxY(), () -> "a server's call under its pane's edge: " + lastCall + " > "
                + server.getMaxY());
        // Its three tabs' titles fit: none cut at the pane's edges (the tab pane scrolls them when they do not).
        String cut = fx(() -> window.stage().getScene().lookup("#pane-explain").lookupAll(".tab").stream()
                .map(t -> t.localToScene(t.getLayoutBounds()))
                .filter(b -> b.getMinX() < explain.getMinX() - 0.5 || b.getMaxX() > explain.getMaxX() + 0.5)
                .map(Bounds::toString).toList().toString());
        assertEquals("[]", cut, "tabs cut under the server at " + width + "x" + height + " in " + lang);
        // Closed by the tab's cross, the Details give the server its height back, and the machine is in front again.
        robot.clickOn(fx(() -> window.stage().getScene().lookup("#tab-ui-details-tab").lookup(".tab-close-button")));
        Await.until(LIMIT, () -> fx(() -> window.shell().diagram().details().selectedProperty().get() == null),
                () -> "Details closed");
        settle();
        assertEquals("tab-ui-statemachine-tab", fx(() -> ((TabPane) window.stage().getScene().lookup("#pane-explain"))
                .getSelectionModel().getSelectedItem().getId()), "the tab in front after Details closed");
        Bounds after = fx(() -> bounds("#pane-explain"));
        assertEquals(explainBefore.getHeight(), after.getHeight(), 1.0,
                "the lower-right pane's height after the Details closed");
    }

    /** Three socket() calls and the first row's Details open (in the explanations' tab, or beside the diagram). */
    private void openDetails(FxRobot robot) {
        for (int i = 0; i < 3; i++) {
            robot.clickOn("#client-socket");
            int made = i + 1;
            Await.until(LIMIT, () -> fx(() -> window.shell().diagram().model().rowCount()) >= made,
                    () -> "rows in the diagram");
        }
        fx(() -> {
            SequenceDiagram d = window.shell().diagram().diagram();
            d.select(window.shell().diagram().model().row(0));
            return null;
        });
        Await.until(LIMIT, () -> fx(() -> window.shell().diagram().details().selectedProperty().get() != null
                && window.stage().getScene().lookup("#diagram-details") != null
                && window.stage().getScene().lookup("#diagram-details").isVisible()), () -> "details shown");
        settle();
    }

    private Bounds bounds(String selector) {
        Node n = window.stage().getScene().lookup(selector);
        return n.localToScene(n.getLayoutBounds());
    }

    private void open(int width, int height, String lang) {
        window = TestWindow.openWithoutCapture(width, height, config.resolve("window.properties"));
        fx(() -> {
            window.shell().viewModel().setLang(Lang.of(lang));
            return null;
        });
        settle();
    }

    private Button button(String id) {
        return (Button) window.stage().getScene().lookup("#" + id);
    }

    private SocketTableView table() {
        Node n = window.stage().getScene().lookup(".socket-table-view");
        return n instanceof SocketTableView t ? t : null;
    }

    /** Every call button of the server's pane, where it is on the screen. */
    private Map<String, Bounds> serverButtons() {
        Map<String, Bounds> at = new LinkedHashMap<>();
        for (SocketCall c : SocketCall.values()) {
            Button b = button("server-" + c.cName());
            at.put(c.cName(), b.localToScene(b.getLayoutBounds()));
        }
        return at;
    }

    private String where() {
        StringBuilder b = new StringBuilder();
        for (String id : new String[]{"#pane-diagram", "#pane-server", "#pane-clients", "#pane-explain",
                "#diagram-feature", ".app-toolbar", ".diagram-title-row"}) {
            Node n = window.stage().getScene().lookup(id);
            if (n != null) b.append(id).append(' ').append(n.localToScene(n.getLayoutBounds())).append('\n');
        }
        SequenceDiagram d = window.shell().diagram().diagram();
        b.append("diagram ").append(d.localToScene(d.getLayoutBounds())).append(" font ").append(d.fontSize());
        return b.toString();
    }

    /** The diagram's area under its lifelines' heads over the screen's ({@code width} x {@code height}). */
    private double drawingShare(int width, int height) {
        SequenceDiagram d = window.shell().diagram().diagram();
        Bounds at = d.localToScene(d.getLayoutBounds());
        double header = Math.round(d.fontSize() * 3.2);
        return at.getWidth() * (at.getHeight() - header) / ((double) width * height);
    }

    /** Lays the window out until the diagram's size stops changing (at most 20 passes), not for a time. */
    private void settle() {
        String was = "";
        for (int i = 0; i < 20; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            String now = fx(() -> {
                window.stage().getScene().getRoot().applyCss();
                window.stage().getScene().getRoot().layout();
                SequenceDiagram d = window.shell().diagram().diagram();
                return d.getWidth() + "x" + d.getHeight() + " " + serverButtons();
            });
            if (i >= 2 && now.equals(was)) return;
            was = now;
        }
    }
}
