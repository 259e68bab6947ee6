package org.socketlab.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
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
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.endpoint.EndpointPane;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.journal.JournalView;
import org.socketlab.ui.sockets.SocketTableView;
import org.socketlab.ui.statemachine.StateMachineFeature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The lab window. Top: the toolbar. Middle: the clients (one tab each), the sequence diagram with its playback,
 * the server. Bottom: the socket table and the journal, the state machine and the code. Every pane can be resized
 * and hidden (View menu); sizes and hidden panes are remembered.
 */
public final class MainWindow extends BorderPane {
    /** The panes that can be hidden, by the id stored in the preferences. */
    public enum Pane { CLIENTS, DIAGRAM, SERVER, TABLES, EXPLAIN }

    private final ShellViewModel vm;
    private final Texts texts;
    private final SplitPane middle = new SplitPane();
    private final SplitPane bottom = new SplitPane();
    private final SplitPane whole = new SplitPane();
    private final Map<Pane, Node> panes = new LinkedHashMap<>();
    private final Map<Pane, CheckMenuItem> shown = new LinkedHashMap<>();
    private final TabPane clientTabs = new TabPane();

    public MainWindow(ShellViewModel vm, DiagramFeature diagram, StateMachineFeature stateMachine, CodeFeature code) {
        this.vm = vm;
        this.texts = vm.texts();
        getStyleClass().add("main-window");
        getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());

        panes.put(Pane.CLIENTS, clientsColumn());
        panes.put(Pane.DIAGRAM, titled("ui.diagram.title", diagram.view()));
        panes.put(Pane.SERVER, scroll(new EndpointPane(vm.server())));
        panes.put(Pane.TABLES, tabs(lazyTab("ui.sockets.tab", () -> new SocketTableView(vm.sockets())), lazyTab("ui.journal.tab", () -> new JournalView(vm.journal()))));
        panes.put(Pane.EXPLAIN, tabs(lazyTab("ui.statemachine.tab", stateMachine::view), lazyTab("ui.code.tab", code::view)));
        for (Pane p : Pane.values()) focusOnDoubleClick(panes.get(p), p);
        panes.get(Pane.DIAGRAM).setId("pane-diagram");
        panes.get(Pane.SERVER).setId("pane-server");
        panes.get(Pane.TABLES).setId("pane-tables");
        panes.get(Pane.EXPLAIN).setId("pane-explain");

        middle.setOrientation(Orientation.HORIZONTAL);
        bottom.setOrientation(Orientation.HORIZONTAL);
        whole.setOrientation(Orientation.VERTICAL);
        whole.getItems().setAll(middle, bottom);
        layoutPanes();

        setTop(new VBox(toolbar(), banner()));
        setCenter(whole);
    }

    // ---- the parts ----

    private HBox toolbar() {
        Label appTitle = new Label();
        appTitle.getStyleClass().add("app-title");
        appTitle.setMinWidth(Region.USE_PREF_SIZE);
        appTitle.textProperty().bind(texts.text("app.title"));

        Button addClient = button("add-client", Feather.USER_PLUS, "ui.toolbar.addClient", "ui.toolbar.addClient.tooltip");
        addClient.setOnAction(e -> vm.addClient());
        MenuButton lessons = new MenuButton(null, new FontIcon(Feather.BOOK_OPEN));
        lessons.setId("lessons-menu");
        lessons.textProperty().bind(texts.text("ui.toolbar.lessons"));
        Tooltip lessonsTip = new Tooltip();
        lessonsTip.textProperty().bind(texts.text("ui.toolbar.lessons.tooltip"));
        lessons.setTooltip(lessonsTip);
        for (org.socketlab.lesson.Lesson lesson : vm.lessons()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem();
            item.setId("lesson-" + lesson.id());
            item.setMnemonicParsing(false); // SO_REUSEADDR keeps its underscore
            item.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                    () -> lesson.title().in(vm.langProperty().get()), vm.langProperty()));
            item.setOnAction(e -> vm.runLesson(lesson));
            lessons.getItems().add(item);
        }
        Button resetAll = button("reset-all", Feather.ROTATE_CCW, "ui.toolbar.resetAll", "ui.toolbar.resetAll.tooltip");
        resetAll.setOnAction(e -> vm.resetAll());

        Button smaller = button("font-smaller", Feather.MINUS, null, "ui.toolbar.fontSmaller.tooltip");
        smaller.setOnAction(e -> vm.smallerFont());
        Button bigger = button("font-bigger", Feather.PLUS, null, "ui.toolbar.fontBigger.tooltip");
        bigger.setOnAction(e -> vm.biggerFont());
        Label fontSize = new Label();
        fontSize.setId("font-size");
        fontSize.textProperty().bind(vm.fontSizeProperty().asString("%d px"));
        Label font = new Label(null, new FontIcon(Feather.TYPE));
        HBox fontBox = new HBox(4, font, smaller, fontSize, bigger);
        fontBox.setAlignment(Pos.CENTER_LEFT);

        MenuButton view = new MenuButton(null, new FontIcon(Feather.LAYOUT));
        view.setId("view-menu");
        view.textProperty().bind(texts.text("ui.toolbar.view"));
        for (Pane p : Pane.values()) {
            CheckMenuItem item = new CheckMenuItem();
            item.setMnemonicParsing(false);
            item.setId("show-" + p.name().toLowerCase(Locale.ROOT));
            item.textProperty().bind(texts.text("ui.pane." + p.name().toLowerCase(Locale.ROOT)));
            item.setSelected(true);
            item.selectedProperty().addListener((obs, was, is) -> layoutPanes());
            shown.put(p, item);
            view.getItems().add(item);
        }

        CheckMenuItem otherInterfaces = new CheckMenuItem();
        otherInterfaces.setMnemonicParsing(false);
        otherInterfaces.setId("allow-other-interfaces");
        otherInterfaces.textProperty().bind(texts.text("ui.options.otherInterfaces"));
        otherInterfaces.selectedProperty().bindBidirectional(vm.otherInterfacesProperty());
        MenuButton options = new MenuButton(null, new FontIcon(Feather.SETTINGS));
        options.setId("options-menu");
        options.textProperty().bind(texts.text("ui.toolbar.options"));
        options.getItems().add(otherInterfaces);

        Label language = new Label(null, new FontIcon(Feather.GLOBE));
        language.textProperty().bind(texts.text("ui.toolbar.language"));
        ToggleGroup langs = new ToggleGroup();
        HBox langButtons = new HBox();
        for (Lang lang : Lang.values()) {
            ToggleButton b = new ToggleButton(lang.code().toUpperCase(Locale.ROOT));
            b.setId("lang-" + lang.code());
            b.setToggleGroup(langs);
            b.setUserData(lang);
            b.getStyleClass().add(lang.ordinal() == 0 ? Styles.LEFT_PILL : Styles.RIGHT_PILL);
            langButtons.getChildren().add(b);
        }
        selectLang(langs, vm.langProperty().get());
        vm.langProperty().addListener((obs, old, now) -> selectLang(langs, now));
        langs.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) selectLang(langs, vm.langProperty().get()); // one language is always chosen
            else vm.setLang((Lang) now.getUserData());
        });

        ToggleButton dark = new ToggleButton(null, new FontIcon(Feather.MOON));
        dark.setId("dark-mode");
        dark.textProperty().bind(texts.text("ui.toolbar.dark"));
        dark.selectedProperty().bindBidirectional(vm.darkProperty());
        applyTheme(vm.darkProperty().get());
        vm.darkProperty().addListener((obs, was, is) -> applyTheme(is));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(10, appTitle, spacer, lessons, addClient, resetAll, sep(), view, options, sep(), fontBox, sep(),
                language, langButtons, sep(), dark);
        toolbar.getStyleClass().add("app-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        return toolbar;
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
        tab.textProperty().bind(dash < 0 ? texts.text("ui.endpoint.client")
                : javafx.beans.binding.Bindings.concat(texts.text("ui.endpoint.client"), " ", c.name().substring(dash + 1)));
        tab.setContent(scroll(new EndpointPane(c)));
        tab.setClosable(c != vm.client());
        tab.setOnClosed(e -> vm.removeClient(c));
        return tab;
    }

    private Node titled(String key, Node content) {
        Label title = new Label();
        title.getStyleClass().add("pane-title");
        title.textProperty().bind(texts.text(key));
        BorderPane box = new BorderPane(content);
        box.setTop(title);
        box.getStyleClass().add("titled-pane-box");
        return box;
    }

    /** Double-click on a pane's tabs or title: that pane alone fills the window; again: everything comes back. */
    private void focusOnDoubleClick(Node header, Pane pane) {
        header.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getClickCount() == 2 && onHeader(e.getPickResult().getIntersectedNode())) toggleFocus(pane);
        });
    }

    /** Only the tab headers and pane titles, never an input inside a pane. */
    private static boolean onHeader(Node picked) {
        for (Node n = picked; n != null; n = n.getParent())
            if (n.getStyleClass().contains("tab-header-area") || n.getStyleClass().contains("pane-title")) return true;
        return false;
    }

    private String beforeFocus;

    public void toggleFocus(Pane pane) {
        if (beforeFocus != null) {
            String restore = beforeFocus;
            beforeFocus = null;
            for (Pane p : Pane.values()) setShown(p, true);
            hidePanes(restore);
            return;
        }
        beforeFocus = hiddenPanes();
        for (Pane p : Pane.values()) setShown(p, p == pane);
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
     * before the first frame. Its view-model exists (and follows the journal) from the start either way.
     */
    private Tab lazyTab(String key, java.util.function.Supplier<Node> content) {
        Tab t = tab(key, null);
        t.selectedProperty().addListener((obs, was, selected) -> {
            if (selected && t.getContent() == null) t.setContent(content.get());
        });
        return t;
    }

    private static TabPane tabs(Tab... tabs) {
        TabPane p = new TabPane(tabs);
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
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        if (textKey != null) b.textProperty().bind(texts.text(textKey));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(texts.text(tooltipKey));
        b.setTooltip(tip);
        return b;
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }

    // ---- showing, hiding, remembering ----

    /** Puts the shown panes into the split panes, keeping the order; a row with nothing shown disappears. */
    private void layoutPanes() {
        List<Node> top = new ArrayList<>(), low = new ArrayList<>();
        for (Pane p : new Pane[] {Pane.CLIENTS, Pane.DIAGRAM, Pane.SERVER}) if (isShown(p)) top.add(panes.get(p));
        for (Pane p : new Pane[] {Pane.TABLES, Pane.EXPLAIN}) if (isShown(p)) low.add(panes.get(p));
        middle.getItems().setAll(top);
        bottom.getItems().setAll(low);
        List<Node> rows = new ArrayList<>();
        if (!top.isEmpty()) rows.add(middle);
        if (!low.isEmpty()) rows.add(bottom);
        whole.getItems().setAll(rows);
        // The split panes' skins spread new items evenly on their next layout; set the sizes after that.
        javafx.animation.PauseTransition afterLayout = new javafx.animation.PauseTransition(javafx.util.Duration.ONE);
        afterLayout.setOnFinished(e -> defaultDividers(top.size(), low.size(), rows.size()));
        afterLayout.play();
        defaultDividers(top.size(), low.size(), rows.size());
    }

    private void defaultDividers(int top, int low, int rows) {
        double width = middle.getWidth();
        // Side panes need about 400 px to show their inputs whole; the diagram takes the rest.
        double side = width <= 0 ? 0.22 : Math.clamp(Math.max(380, width * 0.22) / width, 0.15, 0.3);
        if (top == 3) middle.setDividerPositions(side, 1 - side);
        else if (top == 2) middle.setDividerPositions(isShown(Pane.DIAGRAM) ? (isShown(Pane.CLIENTS) ? 0.28 : 0.72) : 0.5);
        if (low == 2) bottom.setDividerPositions(0.5);
        if (rows == 2) whole.setDividerPositions(topShare);
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
        return String.join(",", shown.entrySet().stream().filter(e -> !e.getValue().isSelected()).map(e -> e.getKey().name()).toList());
    }

    public void hidePanes(String stored) {
        for (String id : stored.split(","))
            Arrays.stream(Pane.values()).filter(p -> p.name().equals(id.strip())).findFirst().ifPresent(p -> setShown(p, false));
    }

    /** The divider positions of the three split panes, middle then bottom then the whole. */
    public double[] dividers() {
        double[] a = middle.getDividerPositions(), b = bottom.getDividerPositions(), c = whole.getDividerPositions();
        double[] all = new double[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    /** Restores dividers saved with every pane shown (a layout saved with hidden panes keeps the defaults). */
    public void restoreDividers(double[] saved) {
        if (saved.length != 4 || !hiddenPanes().isEmpty()) return;
        Runnable apply = () -> {
            middle.setDividerPositions(saved[0], saved[1]);
            bottom.setDividerPositions(saved[2]);
            whole.setDividerPositions(saved[3]);
        };
        apply.run();
        // After the defaults that the first layout applies.
        javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(50));
        later.setOnFinished(e -> apply.run());
        later.play();
    }

    /** Brings the journal to the front of the bottom-left tabs. */
    public void showJournalTab() {
        if (panes.get(Pane.TABLES) instanceof TabPane t) t.getSelectionModel().select(1);
    }

    /** How much of the height the top row (clients, diagram, server) gets. */
    public void setTopShare(double share) {
        topShare = share;
        if (whole.getItems().size() == 2) whole.setDividerPositions(share);
    }

    private double topShare = 0.55;

    public TabPane clientTabs() {
        return clientTabs;
    }

    private static void selectLang(ToggleGroup group, Lang lang) {
        group.getToggles().stream().filter(t -> t.getUserData() == lang).findFirst().ifPresent(t -> t.setSelected(true));
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }
}
