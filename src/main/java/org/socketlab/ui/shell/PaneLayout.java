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
import javafx.scene.Scene;
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
 * Where the window's panes sit: three columns side by side, the diagram full height in the middle (issue 57 item 5:
 * the diagram owns the screen), the clients with the tables under them on the left, the server with the
 * explanations under it on the right. A lower pane whose side pane is hidden goes under the diagram, so folding a
 * side gives the diagram the whole width and loses no pane. Also which panes are shown (View menu), a pane filling
 * the window or brought to the front, and the divider positions (the defaults for the zoom, remembered ones, the ones
 * to come back to).
 */
final class PaneLayout {
    /** The smallest a pane gets, in px, when dividers are dragged or the window is small. */
    static final double MIN_PANE = 120;

    private final Region owner;
    private final Map<Pane, Node> panes;
    private final EndpointPane serverPane;
    private final DoubleSupplier fontSize;
    /** The window's centre: the clients' column, the diagram's, the server's. */
    private final SplitPane columns = new SplitPane();
    private final SplitPane clientsColumn = new SplitPane();
    private final SplitPane serverColumn = new SplitPane();
    /** The diagram over the lower panes whose side pane is hidden. */
    private final SplitPane diagramColumn = new SplitPane();
    private final SplitPane underDiagram = new SplitPane();
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
        columns.setOrientation(Orientation.HORIZONTAL);
        underDiagram.setOrientation(Orientation.HORIZONTAL);
        for (SplitPane column : List.of(clientsColumn, serverColumn, diagramColumn))
            column.setOrientation(Orientation.VERTICAL);
        columns.setId("split-columns");
        clientsColumn.setId("split-clients-column");
        serverColumn.setId("split-server-column");
        diagramColumn.setId("split-diagram-column");
        underDiagram.setId("split-under-diagram");
        layoutPanes(null);
    }

    /** The split pane holding the three columns: the window's centre. */
    SplitPane whole() {
        return columns;
    }

    /** The lower panes (tables, explanations) wherever they sit now, shown or not: the bars float over their tops. */
    List<Node> lowerPanes() {
        return List.of(panes.get(Pane.TABLES), panes.get(Pane.EXPLAIN));
    }

    /**
     * The top of the highest lower pane that sits in a side column, in {@code in}'s coordinates; NaN when none does (the
     * bars then sit at the window's bottom edge).
     */
    double lowerPanesTop(Node in) {
        double top = Double.NaN;
        for (SplitPane column : List.of(clientsColumn, serverColumn))
            if (column.getItems().size() == 2 && column.getScene() != null) {
                Node lower = column.getItems().get(1);
                double y = in.sceneToLocal(lower.localToScene(lower.getLayoutBounds())).getMinY();
                top = Double.isNaN(top) ? y : Math.min(top, y);
            }
        return top;
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

    /** What is in each of the three columns now (null: that column is not there). */
    private Node clientsNode, diagramNode, serverNode;

    /** The pane shown in {@code slot}'s place (a pane brought to the front swaps with the diagram), or null. */
    private Node in(Pane slot) {
        return isShown(swapped(slot)) ? panes.get(swapped(slot)) : null;
    }

    /** Puts the shown panes into the split panes, keeping the order, with {@code positions} or the defaults. */
    void layoutPanes(double[] positions) {
        if (changingPanes) return;
        beforeDetails = withDetails = Double.NaN; // new positions: the details' growth is not undone over them
        List<Node> clients = new ArrayList<>(), server = new ArrayList<>(), under = new ArrayList<>();
        column(in(Pane.CLIENTS), in(Pane.TABLES), clients, under);
        column(in(Pane.SERVER), in(Pane.EXPLAIN), server, under);
        List<Node> diagram = new ArrayList<>();
        if (in(Pane.DIAGRAM) != null) diagram.add(in(Pane.DIAGRAM));
        if (!under.isEmpty()) diagram.add(under.size() == 1 ? under.getFirst() : underDiagram);
        clientsNode = single(clients, clientsColumn);
        diagramNode = single(diagram, diagramColumn);
        serverNode = single(server, serverColumn);
        List<Node> row = new ArrayList<>();
        for (Node n : new Node[]{clientsNode, diagramNode, serverNode}) if (n != null) row.add(n);
        List<Node> underItems = under.size() > 1 ? under : List.of();
        boolean same = columns.getItems().equals(row) && clientsColumn.getItems().equals(itemsOf(clients))
                && serverColumn.getItems().equals(itemsOf(server)) && diagramColumn.getItems().equals(itemsOf(diagram))
                && underDiagram.getItems().equals(underItems);
        if (!same) {
            // Emptied first: a pane moves between split panes, and must have left the one before it joins the next.
            for (SplitPane s : List.of(columns, clientsColumn, serverColumn, diagramColumn, underDiagram))
                s.getItems().clear();
            underDiagram.getItems().setAll(underItems);
            clientsColumn.getItems().setAll(itemsOf(clients));
            serverColumn.getItems().setAll(itemsOf(server));
            diagramColumn.getItems().setAll(itemsOf(diagram));
            columns.getItems().setAll(row);
        }
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

    /** A side pane with its lower pane under it; a lower pane whose side pane is hidden goes under the diagram. */
    private static void column(Node side, Node lower, List<Node> column, List<Node> under) {
        if (side != null) column.add(side);
        if (lower != null) (side != null ? column : under).add(lower);
    }

    /** What stands for a column's panes: the one pane itself, the split pane for two, nothing for none. */
    private static Node single(List<Node> items, SplitPane split) {
        return items.isEmpty() ? null : items.size() == 1 ? items.getFirst() : split;
    }

    /** The items a column's split pane holds: only when there are two or more. */
    private static List<Node> itemsOf(List<Node> items) {
        return items.size() > 1 ? items : List.of();
    }

    /** Called by the window before it lays out: the split panes then use these positions, not an even spread. */
    void beforeLayout() {
        if (pendingDividers != null && columns.getWidth() > 0 && columns.getHeight() > 0) {
            Runnable apply = pendingDividers;
            pendingDividers = null;
            apply.run();
        }
    }

    /** The split panes whose dividers are stored, in this order (one with fewer than two items has none). */
    private List<SplitPane> splits() {
        return List.of(columns, clientsColumn, serverColumn, diagramColumn, underDiagram);
    }

    private int dividerCount() {
        return splits().stream().mapToInt(s -> s.getDividers().size()).sum();
    }

    private void applyDividers(double[] all) {
        int from = 0;
        for (SplitPane s : splits()) {
            int n = s.getDividers().size();
            if (n > 0) s.setDividerPositions(Arrays.copyOfRange(all, from, from + n));
            from += n;
        }
    }

    /**
     * The side columns as wide as {@link #sideShare} says, the diagram the rest. In a side column the calls are all
     * visible without scrolling and the pane under them keeps its minimum.
     */
    private void defaultDividers() {
        double width = columns.getWidth() > 0 ? columns.getWidth() : owner.getWidth();
        double height = columns.getHeight() > 0 ? columns.getHeight() : owner.getHeight();
        double font = fontSize.getAsDouble();
        double side = sideShare(width, font);
        if (columns.getItems().size() == 3) columns.setDividerPositions(side, 1 - side);
        else
            if (columns.getItems().size() == 2)
                columns.setDividerPositions(diagramNode == null ? 0.5 : clientsNode != null ? side : 1 - side);
        double most = height <= 0 ? 0.8 : 1 - bottomMinimum(font) / height;
        if (clientsColumn.getItems().size() == 2 || serverColumn.getItems().size() == 2) {
            double needed = serverPane.comfortableHeight(font, width * side) + font * 3; // the tab header above the pane
            double calls = height <= 0
                    ? topShare
                    : Math.clamp(Math.max(needed / height, Math.min(topShare, most)), 0.3, 0.8);
            for (SplitPane column : List.of(clientsColumn, serverColumn))
                if (column.getItems().size() == 2) column.setDividerPositions(calls);
        }
        if (diagramColumn.getItems().size() == 2) diagramColumn.setDividerPositions(Math.clamp(most, 0.5, 0.8));
        if (underDiagram.getItems().size() == 2) underDiagram.setDividerPositions(0.5);
    }

    /**
     * A side column's default share of the window's width: about a quarter of the window, at most 22 em (so the diagram
     * keeps 40 % of a 1280x720 window, and its drawing area 55 % of a 1920x1080 screen: with 26 em it had 44 %, issue 78
     * item 7), never narrower than its widest input with its label (the calls flow in as many rows as they need).
     */
    private double sideShare(double width, double font) {
        if (width <= 0) return 0.25;
        double side = Math.max(serverPane.leastWidth(font), Math.min(width * 0.26, font * 22));
        return Math.clamp(side / width, 0.12, 0.36);
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
        // The calls' rows are measured from the laid-out panes: once more after the pulse that lays them out at the
        // reset's sizes, as the opening layout is (a zoom just undone left them measured at its sizes).
        Scene scene = owner.getScene();
        if (scene != null)
            scene.addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    scene.removePostLayoutPulseListener(this);
                    if (!filling()) layoutPanes(null);
                }
            });
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

    /**
     * The divider positions: the columns', then the clients' column, the server's, the diagram's and the row under
     * the diagram (each only while it holds two panes or more).
     */
    double[] dividers() {
        if (filled != null) return filled.dividers();
        // The details' growth lasts while they are open: a layout remembered then is the one they came back to.
        return splits().stream().flatMapToDouble(s -> s == serverColumn && !Double.isNaN(beforeDetails)
                && Math.abs(s.getDividerPositions()[0] - withDetails) * s.getHeight() < 3
                        ? Arrays.stream(new double[]{beforeDetails})
                        : Arrays.stream(s.getDividerPositions()))
                .toArray();
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

    /** The height the details want under the server, in em: their event and about eight of its fields. */
    static final double DETAILS_ROOM_EM = 22;
    /** The server column's divider before the details grew the pane under it, and after; NaN while they have not. */
    private double beforeDetails = Double.NaN, withDetails = Double.NaN;

    /**
     * The details joined the explanations' tabs under the server ({@code shown}), or left them. Joining, that pane
     * grows to {@link #DETAILS_ROOM_EM} where it is shorter, never over the server's calls and the line of message
     * under them (its arguments scroll meanwhile): at 1280x720 it had ~250 px and the event's fields scrolled after
     * four lines (issue 78). Leaving, the divider goes back where it was, unless it was moved meanwhile.
     */
    void detailsInExplain(boolean shown) {
        if (serverColumn.getItems().size() != 2 || serverColumn.getItems().getLast() != panes.get(Pane.EXPLAIN)
                || serverColumn.getHeight() <= 0) {
            beforeDetails = withDetails = Double.NaN;
            return;
        }
        double position = serverColumn.getDividerPositions()[0];
        if (!shown) {
            if (!Double.isNaN(beforeDetails) && Math.abs(position - withDetails) * serverColumn.getHeight() < 3)
                serverColumn.setDividerPositions(beforeDetails);
            beforeDetails = withDetails = Double.NaN;
            return;
        }
        double height = serverColumn.getHeight(), font = fontSize.getAsDouble();
        double calls = serverPane.comfortableHeight(font, serverColumn.getWidth());
        double wanted = Math.max(calls / height, 1 - font * DETAILS_ROOM_EM / height);
        if (wanted >= position - 1e-3) return; // tall enough already, or the calls need it all
        beforeDetails = position;
        withDetails = wanted;
        serverColumn.setDividerPositions(wanted);
    }

    /** The side panes' share of their column's height by default: the lower panes have the rest. */
    private static final double DEFAULT_TOP_SHARE = 0.6;

    private double topShare = DEFAULT_TOP_SHARE;

    /** How much of their column's height the side panes (clients, server) get at least. */
    void setTopShare(double share) {
        topShare = share;
        for (SplitPane column : List.of(clientsColumn, serverColumn))
            if (column.getItems().size() == 2) column.setDividerPositions(share);
    }
}
