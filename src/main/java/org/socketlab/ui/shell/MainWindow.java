package org.socketlab.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.i18n.Lang;
import org.socketlab.kernel.capture.NetworkChoice;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.common.AfterFirstFrame;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.endpoint.EndpointPane;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.journal.JournalView;
import org.socketlab.ui.sockets.SocketTableView;
import org.socketlab.ui.statemachine.StateMachineFeature;

/**
 * The lab window. Top: the toolbar. Middle: the clients (one tab each), the sequence diagram with its playback,
 * the server. Bottom: the socket table and the journal, the state machine and the code. Every pane can be resized
 * and hidden (View menu); sizes and hidden panes are remembered.
 */
public final class MainWindow extends BorderPane {
    /** The panes that can be hidden, by the id stored in the preferences. */
    public enum Pane {
        CLIENTS, DIAGRAM, SERVER, TABLES, EXPLAIN
    }

    /** The smallest a pane gets, in px, when dividers are dragged or the window is small. */
    static final double MIN_PANE = 120;

    private final ShellViewModel vm;
    private final Texts texts;
    private final SplitPane middle = new SplitPane();
    private final SplitPane bottom = new SplitPane();
    private final SplitPane whole = new SplitPane();
    private final Map<Pane, Node> panes = new LinkedHashMap<>();
    private final Map<Pane, CheckMenuItem> shown = new LinkedHashMap<>();
    private final TabPane clientTabs = new TabPane();
    /** The server's pane: its grid of calls decides how wide and high the side panes start. */
    private final EndpointPane serverPane;
    /** Whether the window's first frame is drawn: a tab selected before then gets its content just after it. */
    private boolean firstFrameDrawn;

    public MainWindow(ShellViewModel vm, DiagramFeature diagram, StateMachineFeature stateMachine, CodeFeature code) {
        this.vm = vm;
        this.texts = vm.texts();
        getStyleClass().add("main-window");
        getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());
        AfterFirstFrame.run(this, () -> firstFrameDrawn = true);

        panes.put(Pane.CLIENTS, clientsColumn());
        panes.put(Pane.DIAGRAM, titled("ui.diagram.title", diagram.view()));
        // A lesson's banner inside the diagram's pane, under its title: it never moves the window's dividers.
        ((BorderPane) panes.get(Pane.DIAGRAM)).setTop(new VBox(((BorderPane) panes.get(Pane.DIAGRAM)).getTop(),
                new LessonTalk(vm, diagram).bar("lesson-banner")));
        serverPane = new EndpointPane(vm.server());
        panes.put(Pane.SERVER, scroll(serverPane));
        panes.put(Pane.TABLES, tabs(lazyTab("ui.sockets.tab", () -> new SocketTableView(vm.sockets())),
                lazyTab("ui.journal.tab", () -> new JournalView(vm.journal()))));
        panes.put(Pane.EXPLAIN,
                tabs(lazyTab("ui.statemachine.tab", stateMachine::view), lazyTab("ui.code.tab", code::view)));
        for (Pane p : Pane.values()) {
            focusOnDoubleClick(panes.get(p), p);
            // A pane may be narrow but never nothing, and never so wide at its minimum that the row leaves the screen.
            if (panes.get(p) instanceof Region r) {
                r.setMinWidth(MIN_PANE);
                r.setMinHeight(MIN_PANE);
            }
        }
        panes.get(Pane.DIAGRAM).setId("pane-diagram");
        panes.get(Pane.SERVER).setId("pane-server");
        panes.get(Pane.TABLES).setId("pane-tables");
        panes.get(Pane.EXPLAIN).setId("pane-explain");

        middle.setOrientation(Orientation.HORIZONTAL);
        bottom.setOrientation(Orientation.HORIZONTAL);
        whole.setOrientation(Orientation.VERTICAL);
        whole.getItems().setAll(middle, bottom);
        layoutPanes(null);
        // A new zoom changes what the side panes need: back to the default sizes for it (unless a pane fills the window).
        vm.zoomProperty().addListener((obs, was, is) -> {
            if (filled == null) layoutPanes(null);
        });
        // The side panes' width counts their widest argument, which comes a frame after the window: the opening layout
        // is made again then, unless it was the one remembered from last time (a frame is too soon for a drag).
        serverPane.whenArgumentsShown(() -> {
            if (filled == null && !dividersRestored) layoutPanes(null);
        });

        setTop(topBars = new VBox(toolbar(), banner(), replayBanner(), fileNotice()));
        // Hidden until a call is pressed in predict mode: built just after the first frame, under the notices.
        AfterFirstFrame.run(this, () -> topBars.getChildren().add(4,
                new org.socketlab.ui.predict.PredictPane(vm.predict(), texts, "predict")));
        setCenter(whole);
    }

    // ---- the parts ----

    /** Lessons → Predict before each call (free lab): each call button of the panes asks first. */
    private javafx.scene.control.CheckMenuItem freeLabPredictToggle() {
        javafx.scene.control.CheckMenuItem toggle = new javafx.scene.control.CheckMenuItem();
        toggle.setId("predict-freelab-toggle");
        toggle.setMnemonicParsing(false);
        toggle.textProperty().bind(texts.text("predict.ui.freeLabToggle"));
        toggle.selectedProperty().bindBidirectional(vm.predict().freeLabEnabledProperty());
        return toggle;
    }

    private List<MenuItem> lessonItems(org.socketlab.lesson.LessonCatalog.Topic topic) {
        List<MenuItem> items = new ArrayList<>();
        for (org.socketlab.lesson.Lesson lesson : org.socketlab.lesson.LessonCatalog.of(topic)) {
            MenuItem item = new MenuItem();
            item.setId("lesson-" + lesson.id());
            item.setMnemonicParsing(false); // SO_REUSEADDR keeps its underscore
            item.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                    () -> lesson.title().in(vm.langProperty().get()), vm.langProperty()));
            item.setOnAction(e -> vm.runLesson(lesson));
            items.add(item);
        }
        return items;
    }

    private HBox toolbar() {
        Label appTitle = new Label();
        appTitle.setId("app-title");
        appTitle.getStyleClass().add("app-title");
        appTitle.setMinWidth(Region.USE_PREF_SIZE);
        appTitle.textProperty().bind(texts.text("app.title"));

        fileMenu = menu("file-menu", Feather.FILE, "ui.toolbar.file", null);
        Button addClient = button("add-client", Feather.USER_PLUS, "ui.toolbar.addClient",
                "ui.toolbar.addClient.tooltip");
        addClient.setOnAction(e -> vm.addClient());
        MenuButton lessons = menu("lessons-menu", Feather.BOOK_OPEN, "ui.toolbar.lessons",
                "ui.toolbar.lessons.tooltip");
        javafx.scene.control.CheckMenuItem predict = new javafx.scene.control.CheckMenuItem();
        predict.setId("predict-toggle");
        predict.textProperty().bind(texts.text("predict.ui.toggle"));
        predict.selectedProperty().bindBidirectional(vm.predict().enabledProperty());
        lessons.getItems().addAll(predict, freeLabPredictToggle(), new javafx.scene.control.SeparatorMenuItem());
        // One submenu a topic: the whole list (34 lessons) would run off a 768-pixel projector screen.
        for (org.socketlab.lesson.LessonCatalog.Topic topic : org.socketlab.lesson.LessonCatalog.TOPICS) {
            Menu submenu = new Menu();
            submenu.setId("lesson-topic-" + topic.id());
            submenu.setMnemonicParsing(false);
            submenu.textProperty().bind(texts.text(topic.titleKey()));
            // The lessons are read when a topic is first opened (they are loaded in the background after the first
            // frame, so by then they usually are): nothing of them is on the way to the first frame.
            MenuItem placeholder = new MenuItem(); // a menu with no item would not open
            submenu.getItems().add(placeholder);
            submenu.setOnShowing(e -> {
                if (submenu.getItems().getFirst() == placeholder) submenu.getItems().setAll(lessonItems(topic));
            });
            lessons.getItems().add(submenu);
        }
        MenuItem openLesson = new MenuItem();
        openLesson.setId("open-lesson-file");
        openLesson.textProperty().bind(texts.text("ui.lessons.open"));
        openLesson.setOnAction(e -> onOpenLesson.run());
        MenuItem saveLesson = new MenuItem();
        saveLesson.setId("save-session-lesson");
        saveLesson.textProperty().bind(texts.text("ui.lessons.save"));
        saveLesson.setOnAction(e -> onSaveLesson.run());
        lessons.getItems().addAll(new SeparatorMenuItem(), openLesson, saveLesson);
        Button resetAll = button("reset-all", Feather.ROTATE_CCW, "ui.toolbar.resetAll", "ui.toolbar.resetAll.tooltip");
        resetAll.setOnAction(e -> vm.resetAll());
        MenuButton network = networkMenu();
        // A replayed journal makes no call: what would make one is off until the window is back to the live lab.
        for (Node n : List.of(addClient, lessons, resetAll, network))
            n.disableProperty().bind(vm.replayingProperty().isNotEmpty());

        Button smaller = button("zoom-out", Feather.ZOOM_OUT, null, "ui.toolbar.zoomOut.tooltip");
        smaller.setOnAction(e -> vm.zoomOut());
        Button bigger = button("zoom-in", Feather.ZOOM_IN, null, "ui.toolbar.zoomIn.tooltip");
        bigger.setOnAction(e -> vm.zoomIn());
        Button zoomLevel = button("zoom-level", null, null, "ui.toolbar.zoomReset.tooltip");
        zoomLevel.textProperty().bind(vm.zoomProperty().asString("%d %%"));
        // As wide for "75 %" as for "300 %" (the widest): the zoom buttons hold still under the pointer.
        Runnable fixWidth = () -> {
            javafx.scene.text.Text widest = new javafx.scene.text.Text(ShellViewModel.MAX_ZOOM + " %");
            widest.setFont(zoomLevel.getFont());
            double w = Math.ceil(widest.getLayoutBounds().getWidth() + zoomLevel.getPadding().getLeft()
                    + zoomLevel.getPadding().getRight() + 4);
            zoomLevel.setMinWidth(w);
            zoomLevel.setPrefWidth(w);
            zoomLevel.setMaxWidth(w);
        };
        zoomLevel.fontProperty().addListener(obs -> fixWidth.run());
        zoomLevel.paddingProperty().addListener(obs -> fixWidth.run());
        fixWidth.run();
        zoomLevel.setOnAction(e -> vm.resetZoom());
        for (Button b : List.of(smaller, zoomLevel, bigger)) b.getStyleClass().add(Styles.FLAT);
        HBox zoomBox = new HBox(0, smaller, zoomLevel, bigger);
        zoomBox.setAlignment(Pos.CENTER_LEFT);
        zoomBox.setMinWidth(Region.USE_PREF_SIZE);

        MenuButton view = menu("view-menu", Feather.LAYOUT, "ui.toolbar.view", null);
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
            view.getItems().add(item);
        }
        MenuItem resetLayout = new MenuItem();
        resetLayout.setId("reset-layout");
        resetLayout.textProperty().bind(texts.text("ui.view.resetLayout"));
        resetLayout.setOnAction(e -> resetLayout());
        MenuItem popOut = new MenuItem();
        popOut.setId("pop-out-diagram");
        popOut.textProperty().bind(texts.text("ui.view.popOut"));
        popOut.setOnAction(e -> onPopOut.run());
        view.getItems().addAll(new SeparatorMenuItem(), resetLayout, popOut);

        CheckMenuItem otherInterfaces = new CheckMenuItem();
        otherInterfaces.setMnemonicParsing(false);
        otherInterfaces.setId("allow-other-interfaces");
        otherInterfaces.textProperty().bind(texts.text("ui.options.otherInterfaces"));
        otherInterfaces.selectedProperty().bindBidirectional(vm.otherInterfacesProperty());
        MenuButton options = menu("options-menu", Feather.SETTINGS, "ui.toolbar.options", null);
        options.getItems().add(otherInterfaces);
        options.getItems().addAll(new NetworkMenu(texts, NetworkChoice.ofThisProcess()).items());

        Button present = button("presenter", Feather.MONITOR, "ui.toolbar.present", "ui.toolbar.present.tooltip");
        present.setOnAction(e -> onPresent.run());

        Label language = new Label(null, new FontIcon(Feather.GLOBE));
        LazyTooltip.install(language, () -> tooltip("ui.toolbar.language"));
        ToggleGroup langs = new ToggleGroup();
        HBox langButtons = new HBox();
        langButtons.setMinWidth(Region.USE_PREF_SIZE);
        for (Lang lang : Lang.values()) {
            ToggleButton b = new ToggleButton(lang.code().toUpperCase(Locale.ROOT));
            b.setId("lang-" + lang.code());
            b.setToggleGroup(langs);
            b.setUserData(lang);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.getStyleClass().add(lang.ordinal() == 0 ? Styles.LEFT_PILL : Styles.RIGHT_PILL);
            langButtons.getChildren().add(b);
        }
        selectLang(langs, vm.langProperty().get());
        vm.langProperty().addListener((obs, old, now) -> selectLang(langs, now));
        langs.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) selectLang(langs, vm.langProperty().get()); // one language is always chosen
            else vm.setLang((Lang) now.getUserData());
        });

        MenuButton theme = menu("theme-menu", Feather.MOON, "ui.toolbar.theme", null);
        ToggleGroup themes = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem();
            item.setId("theme-" + t.id());
            item.textProperty().bind(texts.text("ui.theme." + t.textKey()));
            item.setToggleGroup(themes);
            item.setSelected(vm.themeProperty().get() == t);
            item.setOnAction(e -> vm.themeProperty().set(t));
            vm.themeProperty().addListener((obs, old, now) -> item.setSelected(now == t));
            theme.getItems().add(item);
        }
        applyTheme(vm.themeProperty().get());
        vm.themeProperty().addListener((obs, was, is) -> applyTheme(is));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Separator sep1 = sep(), sep2 = sep(), sep3 = sep();
        org.socketlab.ui.common.SqueezeBox toolbar = new org.socketlab.ui.common.SqueezeBox(10,
                List.of(appTitle, fileMenu, addClient, resetAll, network, options, view, lessons, present, theme),
                appTitle, spacer, fileMenu, lessons, addClient, resetAll, network, sep1, view, options, present, sep2,
                language, langButtons, theme, sep3, zoomBox);
        // The zoom buttons last, at the right edge: what a zoom makes wider or narrower is left of them, so + and -
        // stay under the pointer press after press. On a 1024-pixel screen the globe goes first (EN/ES stay), then the
        // title; at 200 % even the icons do not fit: then the separators, the theme menu and EN/ES (zooming out brings
        // them back), never the zoom buttons.
        toolbar.setDroppable(List.of(language, appTitle, sep1, sep2, sep3, theme, langButtons));
        scaleIcons(toolbar);
        toolbar.setId("app-toolbar");
        toolbar.getStyleClass().add("app-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        return toolbar;
    }

    /** The toolbar's icons grow with the zoom: 16 px at 100 %. */
    private void scaleIcons(javafx.scene.Parent parent) {
        for (Node n : parent.getChildrenUnmodifiable()) {
            Node graphic = n instanceof javafx.scene.control.Labeled l ? l.getGraphic() : null;
            if (graphic instanceof FontIcon icon)
                icon.iconSizeProperty().bind(vm.fontSizeProperty().multiply(16).divide(15));
            if (n instanceof HBox box) scaleIcons(box);
        }
    }

    private MenuButton fileMenu;
    private Runnable onBackToLive = () -> {
    };
    /** The toolbar and the bars under it. */
    private VBox topBars;

    /** Another bar under the toolbar's own (the watched program's), shown and hidden by itself. */
    private void addBar(Node bar) {
        topBars.getChildren().add(bar);
    }

    /** Adds a bar under the toolbar just after the window's first frame (one that is hidden until it has news). */
    public void addBarAfterFirstFrame(java.util.function.Supplier<Node> bar) {
        AfterFirstFrame.run(this, () -> addBar(bar.get()));
    }

    /** The File menu: save, open and export are put in by the shell; other items may join them. */
    public MenuButton fileMenu() {
        return fileMenu;
    }

    /** What the replay banner's button does: back to the live lab. */
    public void setOnBackToLive(Runnable action) {
        onBackToLive = Objects.requireNonNull(action);
    }

    /** While a journal file is replayed: says so, and that no call is made, with the way back to the live lab. */
    private Node replayBanner() {
        Button back = new Button(null, new FontIcon(Feather.ARROW_LEFT));
        back.setId("replay-back-to-live");
        back.textProperty().bind(texts.text("ui.replay.backToLive"));
        back.setMinWidth(Region.USE_PREF_SIZE);
        back.setOnAction(e -> onBackToLive.run());
        return bar("replay-banner", Feather.FILM, javafx.beans.binding.Bindings.createStringBinding(
                () -> texts.messages().get("ui.replay.banner", vm.replayingProperty().get()), vm.replayingProperty(),
                texts.messagesProperty()),
                back, vm.replayingProperty().isNotEmpty());
    }

    /** The last word of the File menu (saved, exported, why a file could not be opened), until it is dismissed. */
    private Node fileNotice() {
        Button dismiss = new Button(null, new FontIcon(Feather.X));
        dismiss.setId("file-notice-dismiss");
        dismiss.getStyleClass().add(Styles.FLAT);
        LazyTooltip.install(dismiss, () -> tooltip("ui.file.dismiss"));
        dismiss.setOnAction(e -> vm.fileNoticeProperty().set(null));
        return bar("file-notice", Feather.INFO, vm.fileNoticeText(), dismiss, vm.fileNoticeProperty().isNotNull());
    }

    /** A bar under the toolbar: an icon and a wrapped line of text, its button at the end, there only while {@code shown}. */
    private static Node bar(String id, Feather icon, javafx.beans.value.ObservableValue<String> text, Button button,
            javafx.beans.value.ObservableValue<Boolean> shown) {
        Label label = new Label(null, new FontIcon(icon));
        label.setId(id + "-text");
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(label, Priority.ALWAYS);
        label.textProperty().bind(text);
        HBox bar = new HBox(10, label, button);
        bar.setId(id);
        bar.getStyleClass().add(id);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.visibleProperty().bind(shown);
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private Runnable onPresent = () -> {
    };
    private Runnable onPopOut = () -> {
    };
    private Runnable onOpenLesson = () -> {
    };
    private Runnable onSaveLesson = () -> {
    };

    /** What Lessons -> Open lesson file... does; set by the shell, which owns the stage the chooser belongs to. */
    public void setOnOpenLesson(Runnable action) {
        onOpenLesson = Objects.requireNonNull(action);
    }

    /** What Lessons -> Save session as lesson... does. */
    public void setOnSaveLesson(Runnable action) {
        onSaveLesson = Objects.requireNonNull(action);
    }

    /** What the toolbar's Present button (and F5/F11) does; set by the shell, which owns the stage. */
    public void setOnPresent(Runnable action) {
        onPresent = Objects.requireNonNull(action);
    }

    /** What View -> Diagram in its own window does. */
    public void setOnPopOut(Runnable action) {
        onPopOut = Objects.requireNonNull(action);
    }

    /**
     * The Network control: lose the next client → server segment during a live demo (private lab network only), or no
     * more losses; its first line says what is in force, or why nothing can be.
     */
    private MenuButton networkMenu() {
        var model = vm.network();
        MenuButton network = menu("network-menu", Feather.WIFI_OFF, "network.ui.menu", "network.ui.tooltip");
        MenuItem state = new MenuItem();
        state.setId("network-status");
        state.textProperty().bind(model.statusProperty());
        state.setDisable(true);
        MenuItem loseNext = new MenuItem();
        loseNext.setId("network-lose-next");
        loseNext.textProperty().bind(texts.text("network.ui.loseNext"));
        loseNext.setOnAction(e -> model.loseNextToServer());
        loseNext.disableProperty().bind(model.busyProperty());
        MenuItem none = new MenuItem();
        none.setId("network-none");
        none.textProperty().bind(texts.text("network.ui.clear"));
        none.setOnAction(e -> model.clear());
        none.disableProperty().bind(model.busyProperty().or(model.armedProperty().not()));
        network.getItems().addAll(state, new SeparatorMenuItem(), loseNext, none);
        model.armedProperty().addListener((obs, was, is) -> {
            if (is) network.getStyleClass().add("network-armed");
            else network.getStyleClass().remove("network-armed");
        });
        return network;
    }

    private MenuButton menu(String id, Feather icon, String textKey, String tooltipKey) {
        MenuButton m = new MenuButton(null, new FontIcon(icon));
        m.setId(id);
        m.textProperty().bind(texts.text(textKey));
        if (tooltipKey != null) LazyTooltip.install(m, () -> tooltip(tooltipKey));
        return m;
    }

    private Label banner() {
        Label banner = new Label(null, new FontIcon(Feather.ALERT_TRIANGLE));
        banner.setId("unsupported-banner");
        banner.getStyleClass().add("unsupported-banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.textProperty().bind(vm.bannerProperty());
        banner.visibleProperty().bind(vm.bannerProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    /** One tab per client; added clients can be closed (their sockets are closed and their thread stops). */
    private Node clientsColumn() {
        clientTabs.setId("client-tabs");
        clientTabs.setTabMaxWidth(Double.MAX_VALUE);
        clientTabs.getStyleClass().add(Styles.TABS_FLOATING);
        for (EndpointViewModel c : vm.clients()) clientTabs.getTabs().add(clientTab(c));
        vm.clients().addListener((ListChangeListener<EndpointViewModel>) change -> {
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
        tab.textProperty().bind(dash < 0
                ? texts.text("ui.endpoint.client")
                : javafx.beans.binding.Bindings.concat(texts.text("ui.endpoint.client"), " ",
                        c.name().substring(dash + 1)));
        tab.setContent(scroll(new EndpointPane(c)));
        tab.setClosable(c != vm.client());
        tab.setOnClosed(e -> vm.removeClient(c));
        return tab;
    }

    private Node titled(String key, Node content) {
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
        header.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> {
            // Every second click: quick double-clicks one after another (fill, restore, fill...) all count.
            Node picked = e.getPickResult().getIntersectedNode();
            if (e.getClickCount() % 2 != 0 || !onHeader(picked)) return;
            // On the state machine itself (not its tab): the whole machine fills the window, or the layout comes back.
            if (onMachine(picked)) toggleFocus(pane);
            // A bottom pane (its thumbnail-sized state machine, its cut table) comes large in the diagram's place.
            else if (front != null && (pane == Pane.DIAGRAM || pane == front)) bringToFront(front); // back
            else if ((pane == Pane.TABLES || pane == Pane.EXPLAIN) && filled == null) bringToFront(pane);
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
     * before the first frame, and the tab in front gets its content just after it (the sockets table and the state
     * machine are a third of the window's nodes). Its view-model exists (and follows the journal) from the start.
     */
    private Tab lazyTab(String key, java.util.function.Supplier<Node> content) {
        Tab t = tab(key, null);
        Runnable fill = () -> {
            if (t.isSelected() && t.getContent() == null) t.setContent(content.get());
        };
        t.selectedProperty().addListener((obs, was, selected) -> {
            if (!selected) return;
            if (firstFrameDrawn) fill.run();
            else AfterFirstFrame.run(this, fill);
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

    private Button button(String id, Feather icon, String textKey, String tooltipKey) {
        Button b = new Button(null, icon == null ? null : new FontIcon(icon));
        b.setId(id);
        if (textKey != null) b.textProperty().bind(texts.text(textKey));
        LazyTooltip.install(b, () -> tooltip(tooltipKey));
        return b;
    }

    private Tooltip tooltip(String key) {
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(texts.text(key));
        return tip;
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }

    // ---- showing, hiding, remembering ----

    /** Set while several panes change at once, so the split panes are rebuilt once at the end. */
    private boolean changingPanes;
    /** Divider positions to apply on the next layout pass (the split panes' skins spread new items evenly first). */
    private Runnable pendingDividers;

    /** Puts the shown panes into the split panes, keeping the order, with {@code positions} or the defaults. */
    private void layoutPanes(double[] positions) {
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
        requestLayout();
        // The split panes' skins settle new items over a pulse or two (and may spread them by their sizes): apply once more then.
        long generation = ++pendingGeneration;
        javafx.animation.PauseTransition settled = new javafx.animation.PauseTransition(
                javafx.util.Duration.millis(40));
        settled.setOnFinished(e -> {
            if (pendingGeneration == generation) apply.run();
        });
        settled.play();
    }

    /** Which layout request is the newest: an older one's late pass must not undo a newer one. */
    private long pendingGeneration;

    @Override
    protected void layoutChildren() {
        // Before the split panes lay out their new items, so they use these positions and not an even spread.
        if (pendingDividers != null && whole.getWidth() > 0 && whole.getHeight() > 0) {
            Runnable apply = pendingDividers;
            pendingDividers = null;
            apply.run();
        }
        super.layoutChildren();
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
     * high as the calls need, so they are all visible without scrolling on a 1024x768 screen.
     */
    private void defaultDividers() {
        double width = whole.getWidth() > 0 ? whole.getWidth() : getWidth();
        double height = whole.getHeight() > 0 ? whole.getHeight() : getHeight();
        double sideWidth = serverPane.comfortableWidth(fontSize());
        double side = width <= 0 ? 0.25 : Math.clamp(Math.max(sideWidth, width * 0.2) / width, 0.15, 0.36);
        int top = middle.getItems().size();
        if (top == 3) middle.setDividerPositions(side, 1 - side);
        else
            if (top == 2)
                middle.setDividerPositions(isShown(Pane.DIAGRAM) ? (isShown(Pane.CLIENTS) ? side : 1 - side) : 0.5);
        if (bottom.getItems().size() == 2) bottom.setDividerPositions(0.5);
        if (whole.getItems().size() == 2) {
            double needed = serverPane.comfortableHeight(fontSize(), width * side) + fontSize() * 3; // the tab header above the pane
            whole.setDividerPositions(
                    height <= 0 ? topShare : Math.clamp(Math.max(needed / height, topShare), 0.3, 0.8));
        }
    }

    private double fontSize() {
        return vm.fontSizeProperty().get();
    }

    private boolean isShown(Pane p) {
        CheckMenuItem item = shown.get(p);
        return item == null || item.isSelected();
    }

    public void setShown(Pane p, boolean on) {
        shown.get(p).setSelected(on);
    }

    /** Hidden panes as stored: ids separated by commas. */
    public String hiddenPanes() {
        return String.join(",",
                shown.entrySet().stream().filter(e -> !e.getValue().isSelected()).map(e -> e.getKey().name()).toList());
    }

    public void hidePanes(String stored) {
        List<String> ids = Arrays.stream(stored.split(",")).map(String::strip).toList();
        showOnly(p -> !ids.contains(p.name()), null);
    }

    /** Shows exactly the panes {@code show} accepts, in one rebuild, with these divider positions (null: defaults). */
    private void showOnly(java.util.function.Predicate<Pane> show, double[] positions) {
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
    public void toggleFocus(Pane pane) {
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

    /**
     * Brings a bottom pane (the sockets table, the state machine) to the front: large, in the diagram's place, with
     * the diagram in its place below; again (or for the other one), back. Double-click on its tabs, or F6.
     */
    public void bringToFront(Pane pane) {
        if (pane != Pane.TABLES && pane != Pane.EXPLAIN) return;
        if (filled != null) toggleFocus(filled.pane()); // out of a filled window first
        front = front == pane ? null : pane;
        layoutPanes(null);
    }

    /** The bottom pane shown in the diagram's place, or null. */
    public Pane front() {
        return front;
    }

    /** F6: the state machine to the front, then the sockets table, then back. */
    void cycleFront() {
        bringToFront(front == null ? Pane.EXPLAIN : front == Pane.EXPLAIN ? Pane.TABLES : front);
    }

    /** Whether a pane fills the window now. */
    public boolean filling() {
        return filled != null;
    }

    /** View -> Reset layout: every pane shown, the default sizes, nothing filling the window. */
    public void resetLayout() {
        filled = null;
        front = null;
        showOnly(p -> true, null);
        if (getScene() != null && getScene().getWindow() instanceof javafx.stage.Stage stage && !stage.isFullScreen())
            fitToScreen(stage);
    }

    /** Sizes the window to the visual bounds of the screen it is on, and maximizes it. */
    static void fitToScreen(javafx.stage.Stage stage) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(stage.getX(), stage.getY(),
                Math.max(1, stage.getWidth()), Math.max(1, stage.getHeight())).stream().findFirst()
                .orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setWidth(screen.getWidth());
        stage.setHeight(screen.getHeight());
        stage.setMaximized(true);
    }

    /** The divider positions of the three split panes, middle then bottom then the whole. */
    public double[] dividers() {
        if (filled != null) return filled.dividers();
        double[] a = middle.getDividerPositions(), b = bottom.getDividerPositions(), c = whole.getDividerPositions();
        double[] all = new double[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    /** Restores dividers saved with the same panes shown; anything else keeps the defaults. */
    public void restoreDividers(double[] saved) {
        if (saved.length != dividerCount()) return;
        dividersRestored = true;
        layoutPanes(saved);
    }

    private boolean dividersRestored;

    /** Brings the journal to the front of the bottom-left tabs. */
    public void showJournalTab() {
        if (panes.get(Pane.TABLES) instanceof TabPane t) t.getSelectionModel().select(1);
    }

    /** How much of the height the top row (clients, diagram, server) gets at least. */
    public void setTopShare(double share) {
        topShare = share;
        if (whole.getItems().size() == 2) whole.setDividerPositions(share);
    }

    private double topShare = 0.55;

    private static void selectLang(ToggleGroup group, Lang lang) {
        group.getToggles().stream().filter(t -> t.getUserData() == lang).findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    private void applyTheme(Theme theme) {
        Themes.apply(theme, this);
    }
}
