package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.EndpointPane;
import org.socketlab.ui.shell.MainWindow.Pane;

/**
 * Where the window's panes sit: the top row (clients, diagram, server) and the bottom row (tables, explanations) in
 * split panes, which of them are shown (View menu), a pane filling the window or brought to the front, and the
 * divider positions (the defaults for the zoom, remembered ones, the ones to come back to).
 */
final class PaneLayout {
    /** The smallest a pane gets, in px, when dividers are dragged or the window is small. */
    static final double MIN_PANE = 120;

    private final Region owner;
    private final Map<Pane, Node> panes;
    private final EndpointPane serverPane;
    private final DoubleSupplier fontSize;
    private final SplitPane middle = new SplitPane();
    private final SplitPane bottom = new SplitPane();
    private final SplitPane whole = new SplitPane();
    private final Map<Pane, CheckMenuItem> shown = new LinkedHashMap<>();

    /** {@code owner} is the window these split panes are in; {@code serverPane} decides the side panes' sizes. */
    PaneLayout(Region owner, Map<Pane, Node> panes, EndpointPane serverPane, DoubleSupplier fontSize, Texts texts) {
        this.owner = owner;
        this.panes = panes;
        this.serverPane = serverPane;
        this.fontSize = fontSize;
        for (Pane p : Pane.values()) {
            CheckMenuItem item = new CheckMenuItem();
            item.setMnemonicParsing(false);
            item.setId("show-" + p.name().toLowerCase(Locale.ROOT));
            item.textProperty().bind(texts.text("ui.pane." + p.name().toLowerCase(Locale.ROOT)));
            item.setSelected(true);
            item.selectedProperty().addListener((obs, was, is) -> {
                if (changingPanes) return;
                filled = null; // the user chose panes by hand: there is no filled pane to come back from
                layoutPanes(null);
            });
            shown.put(p, item);
        }
        middle.setOrientation(Orientation.HORIZONTAL);
        bottom.setOrientation(Orientation.HORIZONTAL);
        whole.setOrientation(Orientation.VERTICAL);
        whole.getItems().setAll(middle, bottom);
        middle.setId("split-middle");
        bottom.setId("split-bottom");
        whole.setId("split-whole");
        layoutPanes(null);
    }

    /** The split pane holding both rows: the window's centre. */
    SplitPane whole() {
        return whole;
    }

    /** The bottom row's split pane (tables, explanations). */
    SplitPane bottomRow() {
        return bottom;
    }

    /** View menu: one check item a pane. */
    List<CheckMenuItem> showItems() {
        return List.copyOf(shown.values());
    }

    /** Set while several panes change at once, so the split panes are rebuilt once at the end. */
    private boolean changingPanes;
    /** Divider positions to apply on the next layout pass (the split panes' skins spread new items evenly first). */
    private Runnable pendingDividers;
    /** Which layout request is the newest: an older one's late pass must not undo a newer one. */
    private long pendingGeneration;

    /** Puts the shown panes into the split panes, keeping the order, with {@code positions} or the defaults. */
    void layoutPanes(double[] positions) {
        if (changingPanes) return;
        List<Node> top = new ArrayList<>(), low = new ArrayList<>();
        // A bottom pane brought to the front takes the diagram's place, and the diagram takes its place below.
        for (Pane p : new Pane[]{Pane.CLIENTS, Pane.DIAGRAM, Pane.SERVER})
            if (isShown(swapped(p))) top.add(panes.get(swapped(p)));
        for (Pane p : new Pane[]{Pane.TABLES, Pane.EXPLAIN}) if (isShown(swapped(p))) low.add(panes.get(swapped(p)));
        if (!middle.getItems().equals(top)) middle.getItems().setAll(top);
        if (!bottom.getItems().equals(low)) bottom.getItems().setAll(low);
        List<Node> rows = new ArrayList<>();
        if (!top.isEmpty()) rows.add(middle);
        if (!low.isEmpty()) rows.add(bottom);
        if (!whole.getItems().equals(rows)) whole.getItems().setAll(rows);
        double[] wanted = positions == null ? null : positions.clone();
        Runnable apply = () -> {
            if (wanted != null && wanted.length == dividerCount()) applyDividers(wanted);
            else defaultDividers();
        };
        apply.run();
        pendingDividers = apply;
        owner.requestLayout();
        // The split panes' skins settle new items over a pulse or two (and may spread them by their sizes): apply once more then.
        long generation = ++pendingGeneration;
        PauseTransition settled = new PauseTransition(Duration.millis(40));
        settled.setOnFinished(e -> {
            if (pendingGeneration == generation) apply.run();
        });
        settled.play();
    }

    /** Called by the window before it lays out: the split panes then use these positions, not an even spread. */
    void beforeLayout() {
        if (pendingDividers != null && whole.getWidth() > 0 && whole.getHeight() > 0) {
            Runnable apply = pendingDividers;
            pendingDividers = null;
            apply.run();
        }
    }

    private int dividerCount() {
        return middle.getDividers().size() + bottom.getDividers().size() + whole.getDividers().size();
    }

    private void applyDividers(double[] all) {
        int a = middle.getDividers().size(), b = bottom.getDividers().size();
        middle.setDividerPositions(Arrays.copyOfRange(all, 0, a));
        bottom.setDividerPositions(Arrays.copyOfRange(all, a, a + b));
        whole.setDividerPositions(Arrays.copyOfRange(all, a + b, all.length));
    }

    /**
     * The side panes as wide as their grid of calls needs (two buttons a row), the diagram the rest; the top row as
     * high as the calls need (so they are all visible without scrolling on a 1024x768 screen) and at least
     * {@link #topShare} of the height, leaving the bottom row its minimum.
     */
    private void defaultDividers() {
        double width = whole.getWidth() > 0 ? whole.getWidth() : owner.getWidth();
        double height = whole.getHeight() > 0 ? whole.getHeight() : owner.getHeight();
        double font = fontSize.getAsDouble();
        double sideWidth = serverPane.comfortableWidth(font);
        // As narrow as two call buttons a row need, no wider: the diagram is what the window is for (issue 57 item 5;
        // a fifth of the width each left it a sixth of a 1920x1080 screen).
        double side = width <= 0 ? 0.25 : Math.clamp(sideWidth / width, 0.12, 0.36);
        int top = middle.getItems().size();
        if (top == 3) middle.setDividerPositions(side, 1 - side);
        else
            if (top == 2)
                middle.setDividerPositions(isShown(Pane.DIAGRAM) ? (isShown(Pane.CLIENTS) ? side : 1 - side) : 0.5);
        if (bottom.getItems().size() == 2) bottom.setDividerPositions(0.5);
        if (whole.getItems().size() == 2) {
            double needed = serverPane.comfortableHeight(font, width * side) + font * 3; // the tab header above the pane
            // The bottom row keeps its minimum (5 journal lines, 3 socket rows) unless the calls need that room: they
            // flow in rows as wide as their names, so at 1024x768 both fit (docs/user-guide.md, "Small screens").
            double most = height <= 0 ? 0.8 : 1 - bottomMinimum(font) / height;
            whole.setDividerPositions(
                    height <= 0 ? topShare : Math.clamp(Math.max(needed / height, Math.min(topShare, most)), 0.3, 0.8));
        }
    }

    /**
     * The bottom row's least height for a font size: the tab headers, a title line, five journal lines or the socket
     * table's header and three rows (issue 43 item 5; WindowSizesFxTest measures both).
     */
    static double bottomMinimum(double fontSize) {
        return fontSize * 17;
    }

    boolean isShown(Pane p) {
        CheckMenuItem item = shown.get(p);
        return item == null || item.isSelected();
    }

    void setShown(Pane p, boolean on) {
        shown.get(p).setSelected(on);
    }

    /** Whether {@code p} is shown, as the View menu's check item says: the collapse buttons follow it. */
    ReadOnlyBooleanProperty shownProperty(Pane p) {
        return shown.get(p).selectedProperty();
    }

    /**
     * A side pane (clients or server) collapsed or back: the diagram takes its width or gives it back. Out of a pane
     * filling the window first, so the press is never lost on a layout nobody sees.
     */
    void toggleSide(Pane side) {
        if (side != Pane.CLIENTS && side != Pane.SERVER) return;
        if (filled != null) toggleFocus(filled.pane());
        setShown(side, !isShown(side));
    }

    /** Hidden panes as stored: ids separated by commas. */
    String hiddenPanes() {
        return String.join(",",
                shown.entrySet().stream().filter(e -> !e.getValue().isSelected()).map(e -> e.getKey().name()).toList());
    }

    void hidePanes(String stored) {
        List<String> ids = Arrays.stream(stored.split(",")).map(String::strip).toList();
        showOnly(p -> !ids.contains(p.name()), null);
    }

    /** Shows exactly the panes {@code show} accepts, in one rebuild, with these divider positions (null: defaults). */
    private void showOnly(Predicate<Pane> show, double[] positions) {
        changingPanes = true;
        try {
            for (Pane p : Pane.values()) setShown(p, show.test(p));
        } finally {
            changingPanes = false;
        }
        layoutPanes(positions);
    }

    /** The layout before a pane was made to fill the window; null when none fills it. */
    private record Filled(Pane pane, String hidden, double[] dividers) {
    }

    private Filled filled;

    /** Double-click on a title: that pane alone fills the window; again: the layout comes back exactly as it was. */
    void toggleFocus(Pane pane) {
        if (filled != null) {
            Filled before = filled;
            filled = null;
            List<String> hidden = Arrays.asList(before.hidden().split(","));
            showOnly(p -> !hidden.contains(p.name()), before.dividers());
            return;
        }
        Filled before = new Filled(pane, hiddenPanes(), dividers());
        showOnly(p -> p == pane, null);
        filled = before;
    }

    /** The bottom pane shown large in the diagram's place (the diagram in its place below), or null. */
    private Pane front;

    private Pane swapped(Pane p) {
        if (front == null) return p;
        if (p == Pane.DIAGRAM) return front;
        return p == front ? Pane.DIAGRAM : p;
    }

    /** Brings a bottom pane to the front, in the diagram's place; again (or for the other one), back. */
    void bringToFront(Pane pane) {
        if (pane != Pane.TABLES && pane != Pane.EXPLAIN) return;
        if (filled != null) toggleFocus(filled.pane()); // out of a filled window first
        front = front == pane ? null : pane;
        layoutPanes(null);
    }

    Pane front() {
        return front;
    }

    boolean filling() {
        return filled != null;
    }

    /** What the layout was at a zoom, with the window that size and those panes shown. */
    private record AtZoom(int zoom, double width, double height, String hidden, Pane front) {
    }

    /** The layout as it was left at each zoom: going back to a zoom gives it back exactly (issue 26). */
    private final Map<AtZoom, double[]> leftAtZoom = new HashMap<>();

    private AtZoom at(int zoom) {
        return new AtZoom(zoom, owner.getWidth(), owner.getHeight(), hiddenPanes(), front);
    }

    /**
     * A new zoom: the layout as it was last left at that zoom (same window size, same panes), else the default sizes
     * for it; the layout at the zoom left is remembered for the way back.
     */
    void zoomChanged(int was, int is) {
        if (filled != null) return;
        leftAtZoom.put(at(was), dividers());
        double[] back = leftAtZoom.get(at(is));
        layoutPanes(back);
    }

    /** View -> Reset layout: every pane shown, the default sizes, nothing filling the window. */
    void resetLayout() {
        leftAtZoom.clear();
        filled = null;
        front = null;
        topShare = DEFAULT_TOP_SHARE; // the opening layout's, whatever was set since

        showOnly(p -> true, null);
        if (owner.getScene() != null && owner.getScene().getWindow() instanceof Stage stage && !stage.isFullScreen())
            fitToScreen(stage);
    }

    /** Sizes the window to the visual bounds of the screen it is on, and maximizes it. */
    static void fitToScreen(Stage stage) {
        Rectangle2D screen = Screen.getScreensForRectangle(stage.getX(), stage.getY(),
                Math.max(1, stage.getWidth()), Math.max(1, stage.getHeight())).stream().findFirst()
                .orElse(Screen.getPrimary()).getVisualBounds();
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setWidth(screen.getWidth());
        stage.setHeight(screen.getHeight());
        stage.setMaximized(true);
    }

    /** The divider positions of the three split panes, middle then bottom then the whole. */
    double[] dividers() {
        if (filled != null) return filled.dividers();
        double[] a = middle.getDividerPositions(), b = bottom.getDividerPositions(), c = whole.getDividerPositions();
        double[] all = new double[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    private boolean dividersRestored;

    /** Restores dividers saved with the same panes shown; anything else keeps the defaults. */
    void restoreDividers(double[] saved) {
        if (saved.length != dividerCount()) return;
        dividersRestored = true;
        layoutPanes(saved);
    }

    /** Whether the opening layout was the one remembered from last time. */
    boolean dividersRestored() {
        return dividersRestored;
    }

    /** Brings the journal to the front of the bottom-left tabs. */
    void showJournalTab() {
        if (panes.get(Pane.TABLES) instanceof TabPane t)
            t.getTabs().stream().filter(tab -> "tab-ui-journal-tab".equals(tab.getId())).findFirst()
                    .ifPresent(tab -> t.getSelectionModel().select(tab));
    }

    /** The top row's share of the height by default: the bottom row near its minimum, the diagram the rest. */
    private static final double DEFAULT_TOP_SHARE = 0.72;

    private double topShare = DEFAULT_TOP_SHARE;

    /** How much of the height the top row (clients, diagram, server) gets at least. */
    void setTopShare(double share) {
        topShare = share;
        if (whole.getItems().size() == 2) whole.setDividerPositions(share);
    }
}
