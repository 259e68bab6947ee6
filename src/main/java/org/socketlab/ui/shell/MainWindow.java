package org.socketlab.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.common.AfterFirstFrame;
import org.socketlab.ui.common.AfterFirstFrame.Part;
import org.socketlab.ui.common.BuiltWhenShown;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.endpoint.EndpointPane;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.journal.JournalView;
import org.socketlab.ui.predict.PredictPane;
import org.socketlab.ui.processes.ProcessesFeature;
import org.socketlab.ui.sockets.SocketsFeature;
import org.socketlab.ui.statemachine.StateMachineFeature;

/**
 * The lab window. Top: the toolbar ({@link AppToolbar}). Middle: the clients (one tab each), the sequence diagram with
 * its playback, the server. Bottom: the socket table, the processes and the journal, the state machine and the code. Every pane can
 * be resized and hidden (View menu); sizes and hidden panes are remembered ({@link PaneLayout}).
 */
public final class MainWindow extends BorderPane {
    /** Held here, weakly by the long-lived view model, so a window replaced by a new session's is let go. */
    private final ChangeListener<Number> onZoom = (obs, was, is) -> zoomChanged(was.intValue(), is.intValue());
    /** The panes that can be hidden, by the id stored in the preferences. */
    public enum Pane {
        CLIENTS, DIAGRAM, SERVER, TABLES, EXPLAIN
    }

    private final ShellViewModel vm;
    private final Texts texts;
    private final Map<Pane, Node> panes = new EnumMap<>(Pane.class);
    private final TabPane clientTabs = new TabPane();
    private final PaneLayout layout;
    private final AppToolbar toolbar;
    private final WindowBars bars;
    /** The bars that come and go, over the panes. */
    private final BarLayer barLayer;

    public MainWindow(ShellViewModel vm, DiagramFeature diagram, SocketsFeature sockets, ProcessesFeature processes,
            StateMachineFeature stateMachine, CodeFeature code, LessonCatalog lessons) {
        this.vm = vm;
        this.texts = vm.texts();
        getStyleClass().add("main-window");
        getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());

        panes.put(Pane.CLIENTS, clientsColumn());
        BorderPane diagramPane = titled("ui.diagram.title", diagram.view());
        // A lesson's banner inside the diagram's pane, under its title: it never moves the window's dividers.
        VBox diagramTop = new VBox(diagramPane.getTop(), new LessonTalk(vm, diagram).barOnFirstLesson("lesson-banner"));
        diagramPane.setTop(diagramTop);
        panes.put(Pane.DIAGRAM, diagramPane);
        EndpointPane serverPane = new EndpointPane(vm.server());
        panes.put(Pane.SERVER, scroll(serverPane));
        // The processes beside the sockets: the same sockets seen from each process's descriptor table (issue 39).
        panes.put(Pane.TABLES, tabs(lazyTab("ui.sockets.tab", sockets::view, Part.DETAILS),
                lazyTab("ui.processes.tab", processes::view, Part.DETAILS),
                lazyTab("ui.journal.tab", () -> new JournalView(vm.journal()), Part.DETAILS)));
        // The state machine is a picture: the window's controls are usable before it is drawn (issue 62).
        panes.put(Pane.EXPLAIN, tabs(lazyTab("ui.statemachine.tab", stateMachine::view, Part.PICTURES),
                lazyTab("ui.code.tab", code::view, Part.DETAILS)));
        for (Pane p : Pane.values()) {
            focusOnDoubleClick(panes.get(p), p);
            // A pane may be narrow but never nothing, and never so wide at its minimum that the row leaves the screen.
            if (panes.get(p) instanceof Region r) {
                r.setMinWidth(PaneLayout.MIN_PANE);
                r.setMinHeight(PaneLayout.MIN_PANE);
            }
        }
        panes.get(Pane.DIAGRAM).setId("pane-diagram");
        panes.get(Pane.SERVER).setId("pane-server");
        panes.get(Pane.TABLES).setId("pane-tables");
        panes.get(Pane.EXPLAIN).setId("pane-explain");

        layout = new PaneLayout(this, panes, serverPane, () -> vm.fontSizeProperty().get(), texts);
        new DetailsInPane(diagram, (TabPane) panes.get(Pane.EXPLAIN), layout.shownProperty(Pane.EXPLAIN), texts,
                layout::detailsInExplain);
        // The side panes fold away from the diagram's own title row, and come back from there (issue 57 item 5).
        diagramTop.getChildren().addFirst(withSideToggles((Region) diagramTop.getChildren().removeFirst()));
        playbackBesideTitle((HBox) diagramTop.getChildren().getFirst(), diagram.playbackBar());
        // A new zoom changes what the side panes need: the layout last left at it, else the default sizes for it.
        vm.zoomProperty().addListener(new WeakChangeListener<>(onZoom));
        // The side panes' width counts their widest argument, which comes a frame after the window: the opening layout
        // is made again then, unless it was the one remembered from last time (a frame is too soon for a drag).
        serverPane.whenArgumentsShown(() -> {
            if (!layout.filling() && !layout.dividersRestored()) layout.layoutPanes(null);
        });

        toolbar = new AppToolbar(vm, layout, this, lessons);
        bars = new WindowBars(vm);
        // A replayed journal's bar has a row of its own under the toolbar, for as long as the replay lasts: floating
        // over the panes it hid the lower panes' tabs and 50 px of the diagram (issue 78).
        setTop(new VBox(toolbar.node(), bars.unsupported(), bars.replay()));
        // The bars that come and go float over the panes: they never move a divider (issue 26).
        barLayer = new BarLayer(layout::lowerPanesTop, layout.lowerPanes());
        barLayer.add(bars.fileNotice());
        barLayer.add(bars.modeOffer());
        // Made when a call is first pressed in predict mode, above the notices (a binding: a replaced window is let go).
        ReadOnlyBooleanProperty predicting = vm.predict().showingProperty();
        barLayer.add(0, BuiltWhenShown.of(Bindings.createBooleanBinding(predicting::get, predicting),
                () -> new PredictPane(vm.predict(), texts, "predict")));
        setCenter(new StackPane(layout.whole(), barLayer));
    }

    /**
     * The window's first frame shows its toolbar alone; its panes come with their calls in the first pulse after it
     * ({@link AfterFirstFrame.Part#CALLS}). On two cores styling and drawing the panes' outlines with the toolbar cost
     * the first frame about 140 ms, and the window is complete sooner too (issue 62). For the window's first session
     * only: a new session's window replaces one already shown, and keeps its panes in place.
     */
    void panesAfterFirstFrame() {
        Node center = getCenter();
        setCenter(null);
        AfterFirstFrame.run(this, Part.CALLS, () -> setCenter(center));
    }

    @Override
    protected void layoutChildren() {
        layout.beforeLayout(); // before the split panes lay out their new items, so they use its positions
        super.layoutChildren();
    }

    // ---- the parts ----

    /** One tab per client; added clients can be closed (their sockets are closed and their thread stops). */
    private Node clientsColumn() {
        clientTabs.setId("client-tabs");
        clientTabs.setTabMaxWidth(Double.MAX_VALUE);
        clientTabs.getStyleClass().add(Styles.TABS_FLOATING);
        for (EndpointViewModel c : vm.clients()) clientTabs.getTabs().add(clientTab(c));
        ViewSubscriptions.listen(clientTabs, vm.clients(), (ListChangeListener<EndpointViewModel>) change -> {
            while (change.next()) {
                for (EndpointViewModel removed : change.getRemoved())
                    clientTabs.getTabs().removeIf(t -> t.getUserData() == removed);
                for (EndpointViewModel added : change.getAddedSubList()) {
                    Tab tab = clientTab(added);
                    clientTabs.getTabs().add(tab);
                    clientTabs.getSelectionModel().select(tab);
                }
            }
        });
        clientTabs.getSelectionModel().selectedItemProperty().addListener((obs, was, is) -> {
            if (is != null) vm.activeClientProperty().set((EndpointViewModel) is.getUserData());
        });
        clientTabs.setId("pane-clients");
        return clientTabs;
    }

    private Tab clientTab(EndpointViewModel c) {
        Tab tab = new Tab();
        tab.setUserData(c);
        tab.setId("tab-" + c.name());
        int dash = c.name().lastIndexOf('-');
        // A forked server's child (server-2) sits among the clients' tabs: named as its pane is, a server.
        String role = c.name().startsWith(Lab.SERVER) ? "ui.endpoint.server" : "ui.endpoint.client";
        tab.textProperty().bind(dash < 0
                ? texts.text(role)
                : Bindings.concat(texts.text(role), " ", c.name().substring(dash + 1)));
        tab.setContent(scroll(new EndpointPane(c)));
        tab.setClosable(c != vm.client());
        tab.setOnClosed(e -> vm.removeClient(c));
        return tab;
    }

    /**
     * The diagram's title between two buttons that fold the side panes away: while a pane is shown its button is a
     * chevron pointing the way it folds; once folded it says the pane's name, so the way back is found by its word.
     */
    private Node withSideToggles(Region title) {
        Button clients = sideToggle(Pane.CLIENTS, "side-toggle-clients", Feather.CHEVRONS_LEFT, Feather.CHEVRONS_RIGHT);
        Button server = sideToggle(Pane.SERVER, "side-toggle-server", Feather.CHEVRONS_RIGHT, Feather.CHEVRONS_LEFT);
        server.setContentDisplay(ContentDisplay.RIGHT);
        // Between the buttons the whole title would wrap word by word at a large zoom and take the diagram's height:
        // where it needs more than two lines the short one is said, the whole one in the tooltip.
        if (title instanceof Label words) {
            StringBinding whole = texts.text("ui.diagram.title"), brief = texts.text("ui.diagram.title.short");
            words.textProperty().unbind();
            words.setMinWidth(0);
            LazyTooltip.install(words, () -> {
                Tooltip tip = new Tooltip();
                tip.textProperty().bind(whole);
                return tip;
            });
            Runnable fit = () -> {
                Text measure = new Text(whole.get());
                measure.setFont(words.getFont());
                double room = words.getWidth() - words.snappedLeftInset() - words.snappedRightInset();
                // Beside the playback bar the title is one line: the short one.
                words.setText(!playbackInTitle && (room <= 0 || measure.getLayoutBounds().getWidth() <= 2 * room * 0.9)
                        ? whole.get()
                        : brief.get());
            };
            fitTitle = fit;
            words.widthProperty().addListener((o, was, now) -> fit.run());
            words.fontProperty().addListener((o, was, now) -> fit.run());
            whole.addListener((o, was, now) -> fit.run());
            fit.run();
        }
        HBox.setHgrow(title, Priority.ALWAYS);
        HBox row = new HBox(clients, title, server);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("diagram-title-row");
        return row;
    }

    /** Places the playback bar again when the font changes (held here: the view-model holds it weakly). */
    private InvalidationListener placePlayback;

    /** Whether the playback bar sits in the diagram's title row now (a wide window), not under the diagram. */
    private boolean playbackInTitle;
    /** Chooses the diagram title's words for the room it has. */
    private Runnable fitTitle = () -> {
    };

    /**
     * Where the window is wide enough, the playback bar shares the diagram's title row instead of taking a row of its
     * own under the diagram: about 45 px more drawing area at 1920x1080 (issue 78 item 7). Narrower, it is under the
     * diagram as before. Where it goes depends on the row's width only, never on what the bar shows.
     */
    private void playbackBesideTitle(HBox row, Region bar) {
        if (!(bar.getParent() instanceof BorderPane home) || row.getChildren().size() != 3) return;
        Region title = (Region) row.getChildren().get(1);
        Node clients = row.getChildren().getFirst(), server = row.getChildren().getLast();
        boolean[] moving = {false};
        Runnable place = () -> {
            if (moving[0] || row.getWidth() <= 0 || bar.getScene() == null) return;
            Text brief = new Text(texts.text("ui.diagram.title.short").get());
            if (title instanceof Label l) brief.setFont(l.getFont());
            boolean wasInTitle = playbackInTitle;
            double needed = bar.prefWidth(-1) + brief.getLayoutBounds().getWidth() + clients.prefWidth(-1)
                    + server.prefWidth(-1) + 4 * vm.fontSizeProperty().get();
            // A margin both ways, so a window near the threshold does not move the bar to and fro.
            playbackInTitle = wasInTitle ? row.getWidth() >= needed - 20 : row.getWidth() >= needed + 20;
            if (playbackInTitle == wasInTitle) return;
            moving[0] = true; // the bar leaves one parent and joins the other: its scene comes and goes meanwhile
            try {
                if (playbackInTitle) {
                    home.setBottom(null);
                    HBox.setHgrow(bar, Priority.ALWAYS);
                    HBox.setHgrow(title, Priority.NEVER);
                    row.getChildren().add(row.getChildren().indexOf(server), bar);
                } else {
                    row.getChildren().remove(bar);
                    HBox.setHgrow(title, Priority.ALWAYS);
                    home.setBottom(bar);
                }
            } finally {
                moving[0] = false;
            }
            fitTitle.run();
        };
        row.widthProperty().addListener(obs -> place.run());
        bar.sceneProperty().addListener(obs -> place.run());
        // Weakly: the view-model outlives a replaced window, which its listener must not keep (ReplacedWindowFxTest).
        placePlayback = obs -> place.run();
        vm.fontSizeProperty().addListener(new WeakInvalidationListener(placePlayback));
    }

    private Button sideToggle(Pane side, String id, Feather fold, Feather unfold) {
        String name = side.name().toLowerCase(Locale.ROOT);
        ReadOnlyBooleanProperty shown = layout.shownProperty(side);
        Button b = new Button();
        b.setId(id);
        b.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "side-toggle");
        b.setMnemonicParsing(false);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.graphicProperty().bind(Bindings.when(shown).then((Node) new FontIcon(fold)).otherwise(new FontIcon(unfold)));
        b.textProperty().bind(Bindings.when(shown).then("").otherwise(texts.text("ui.pane." + name)));
        StringBinding says = Bindings.when(shown).then(texts.text("ui.pane.fold." + name))
                .otherwise(texts.text("ui.pane.unfold." + name));
        LazyTooltip.install(b, () -> {
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(says);
            return tip;
        });
        b.accessibleTextProperty().bind(says);
        b.setOnAction(e -> layout.toggleSide(side));
        return b;
    }

    private BorderPane titled(String key, Node content) {
        Label title = new Label();
        title.getStyleClass().add("pane-title");
        title.setWrapText(true); // a narrow pane wraps its title rather than cut it
        title.setMinHeight(Region.USE_PREF_SIZE);
        title.setMaxWidth(Double.MAX_VALUE);
        title.textProperty().bind(texts.text(key));
        BorderPane box = new BorderPane(content);
        box.setTop(title);
        box.getStyleClass().add("titled-pane-box");
        return box;
    }

    /** Double-click on a pane's tabs or title: that pane alone fills the window; again: everything comes back. */
    private void focusOnDoubleClick(Node header, Pane pane) {
        // A filter: the state machine's scroll pane would take the click before it bubbled up here.
        header.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            // Every second click: quick double-clicks one after another (fill, restore, fill...) all count.
            Node picked = e.getPickResult().getIntersectedNode();
            if (e.getClickCount() % 2 != 0 || !onHeader(picked)) return;
            // On the state machine itself (not its tab): the whole machine fills the window, or the layout comes back.
            if (onMachine(picked)) toggleFocus(pane);
            // A bottom pane (its thumbnail-sized state machine, its cut table) comes large in the diagram's place.
            else if (front() != null && (pane == Pane.DIAGRAM || pane == front())) bringToFront(front()); // back
            else if ((pane == Pane.TABLES || pane == Pane.EXPLAIN) && !filling()) bringToFront(pane);
            else toggleFocus(pane);
        });
    }

    /** Only the tab headers and pane titles (and the state machine, a picture), never an input inside a pane. */
    private static boolean onHeader(Node picked) {
        for (Node n = picked; n != null; n = n.getParent())
            if (n.getStyleClass().contains("tab-header-area") || n.getStyleClass().contains("pane-title")
                    || n.getStyleClass().contains("state-machine-diagram"))
                return true; // the state machine too: the whole machine, large
        return false;
    }

    private static boolean onMachine(Node picked) {
        for (Node n = picked; n != null; n = n.getParent())
            if (n.getStyleClass().contains("state-machine-diagram")) return true;
        return false;
    }

    private Tab tab(String key, Node content) {
        Tab t = new Tab();
        t.textProperty().bind(texts.text(key));
        t.setContent(content);
        t.setClosable(false);
        t.setId("tab-" + key.replace('.', '-'));
        return t;
    }

    /**
     * A tab whose content is put in when the tab is first selected: the tabs behind it cost no styling or layout
     * before the first frame, and the tab in front gets its content after it, as the {@code part} it is (the sockets
     * table and the state machine are a quarter of the window's nodes). Its view-model exists (and follows the
     * journal) from the start.
     */
    private Tab lazyTab(String key, Supplier<Node> content, Part part) {
        Tab t = tab(key, null);
        Runnable fill = () -> {
            if (t.isSelected() && t.getContent() == null) t.setContent(content.get());
        };
        t.selectedProperty().addListener((obs, was, selected) -> {
            if (!selected) return;
            if (getScene() != null && AfterFirstFrame.firstFrameDrawn(getScene())) fill.run();
            else AfterFirstFrame.run(this, part, fill);
        });
        return t;
    }

    private static TabPane tabs(Tab... tabs) {
        TabPane p = new TabPane(tabs);
        p.setTabMaxWidth(Double.MAX_VALUE); // a tab is as wide as its title, never cut
        p.getStyleClass().add(Styles.TABS_FLOATING);
        return p;
    }

    private static ScrollPane scroll(Node content) {
        ScrollPane s = new ScrollPane(content);
        s.setFitToWidth(true);
        s.getStyleClass().add("edge-to-edge");
        return s;
    }

    // ---- what the shell sets and asks ----

    /** Adds a bar over the panes, made when {@code shown} (a binding: it holds models weakly) first turns true. */
    public void addBarWhenShown(ObservableValue<Boolean> shown, Supplier<Node> bar) {
        barLayer.add(BuiltWhenShown.of(shown, bar));
    }

    /** The File menu: save, open and export are put in by the shell; other items may join them. */
    public MenuButton fileMenu() {
        return toolbar.fileMenu();
    }

    /** What the replay banner's button does: back to the live lab. */
    public void setOnBackToLive(Runnable action) {
        bars.setOnBackToLive(action);
    }

    /** What Lessons -> Open lesson file... does; set by the shell, which owns the stage the chooser belongs to. */
    public void setOnOpenLesson(Runnable action) {
        toolbar.setOnOpenLesson(action);
    }

    /** What Lessons -> Save session as lesson... does. */
    public void setOnSaveLesson(Runnable action) {
        toolbar.setOnSaveLesson(action);
    }

    /** What the toolbar's Present button (and F5/F11) does; set by the shell, which owns the stage. */
    public void setOnPresent(Runnable action) {
        toolbar.setOnPresent(action);
    }

    /** What View -> Share with the room... does. */
    public void setOnShare(Runnable action) {
        toolbar.setOnShare(action);
    }

    /** What View -> Diagram in its own window does. */
    public void setOnPopOut(Runnable action) {
        toolbar.setOnPopOut(action);
    }

    public void setShown(Pane p, boolean on) {
        layout.setShown(p, on);
    }

    /** Hidden panes as stored: ids separated by commas. */
    public String hiddenPanes() {
        return layout.hiddenPanes();
    }

    public void hidePanes(String stored) {
        layout.hidePanes(stored);
    }

    /** Double-click on a title: that pane alone fills the window; again: the layout comes back exactly as it was. */
    public void toggleFocus(Pane pane) {
        layout.toggleFocus(pane);
    }

    /**
     * Brings a bottom pane (the sockets table, the state machine) to the front: large, in the diagram's place, with
     * the diagram in its place below; again (or for the other one), back. Double-click on its tabs, or F6.
     */
    public void bringToFront(Pane pane) {
        layout.bringToFront(pane);
    }

    /** The bottom pane shown in the diagram's place, or null. */
    public Pane front() {
        return layout.front();
    }

    /** F7 (clients) and F8 (server): the side pane folds away, the diagram taking its width; again, it comes back. */
    void toggleSide(Pane side) {
        layout.toggleSide(side);
    }

    /** F6: the state machine to the front, then the sockets table, then back. */
    void cycleFront() {
        Pane front = layout.front();
        bringToFront(front == null ? Pane.EXPLAIN : front == Pane.EXPLAIN ? Pane.TABLES : front);
    }

    /** Whether a pane fills the window now. */
    public boolean filling() {
        return layout.filling();
    }

    /** View -> Reset layout: every pane shown, the default sizes, nothing filling the window. */
    public void resetLayout() {
        layout.resetLayout();
    }

    /** The divider positions of the three split panes, middle then bottom then the whole. */
    public double[] dividers() {
        return layout.dividers();
    }

    /** Restores dividers saved with the same panes shown; anything else keeps the defaults. */
    public void restoreDividers(double[] saved) {
        layout.restoreDividers(saved);
    }

    /** Brings the journal to the front of the bottom-left tabs. */
    public void showJournalTab() {
        layout.showJournalTab();
    }

    /** How much of the height the top row (clients, diagram, server) gets at least. */
    public void setTopShare(double share) {
        layout.setTopShare(share);
    }

    /**
     * Lets go of what the window's views listen to on the long-lived view-models (the hidden panes' too): called when
     * a new session's window replaces this one, or the window closes. FX thread.
     */
    public void release() {
        for (Node pane : panes.values()) ViewSubscriptions.releaseAll(pane);
        ViewSubscriptions.releaseAll(this);
    }

    private void zoomChanged(int was, int is) {
        layout.zoomChanged(was, is);
    }
}
