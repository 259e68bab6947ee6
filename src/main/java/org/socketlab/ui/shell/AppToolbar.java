package org.socketlab.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javafx.beans.binding.Bindings;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.capture.NetworkChoice;
import org.socketlab.i18n.Lang;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.SqueezeBox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The window's toolbar: File, Lessons, Add client, Reset all, Network, View, Options, Present, the language, the
 * theme and the zoom. It stays on one line at any width and zoom; what the shell decides (present, pop out, lesson
 * files) comes in as actions.
 */
final class AppToolbar {
    private final ShellViewModel vm;
    private final Texts texts;
    private final PaneLayout layout;
    private final Region themed;
    /** The shipped lessons of the Lessons menu (parsed off the FX thread after the first frame). */
    private final LessonCatalog lessons;
    private final SqueezeBox bar;
    /** JavaFX's CSS log, held while the toolbar lives: a logger nobody holds is dropped with its filter. */
    private final Logger cssLog = Logger.getLogger("javafx.css");
    private MenuButton fileMenu;
    private Runnable onPresent = () -> {
    };
    private Runnable onShare = () -> {
    };
    private Runnable onPopOut = () -> {
    };
    private Runnable onOpenLesson = () -> {
    };
    private Runnable onSaveLesson = () -> {
    };

    /** {@code themed} is the node the theme's stylesheet goes on; {@code layout} gives the View menu its panes. */
    AppToolbar(ShellViewModel vm, PaneLayout layout, Region themed, LessonCatalog lessons) {
        this.lessons = lessons;
        this.vm = vm;
        this.texts = vm.texts();
        this.layout = layout;
        this.themed = themed;
        this.bar = build();
    }

    SqueezeBox node() {
        return bar;
    }

    MenuButton fileMenu() {
        return fileMenu;
    }

    void setOnPresent(Runnable action) {
        onPresent = Objects.requireNonNull(action);
    }

    void setOnPopOut(Runnable action) {
        onPopOut = Objects.requireNonNull(action);
    }

    void setOnShare(Runnable action) {
        onShare = Objects.requireNonNull(action);
    }

    void setOnOpenLesson(Runnable action) {
        onOpenLesson = Objects.requireNonNull(action);
    }

    void setOnSaveLesson(Runnable action) {
        onSaveLesson = Objects.requireNonNull(action);
    }

    private SqueezeBox build() {
        Label appTitle = new Label();
        appTitle.setId("app-title");
        appTitle.getStyleClass().add("app-title");
        appTitle.setMinWidth(Region.USE_PREF_SIZE);
        appTitle.textProperty().bind(texts.text("app.title"));

        fileMenu = menu("file-menu", Feather.FILE, "ui.toolbar.file", null);
        Button addClient = button("add-client", Feather.USER_PLUS, "ui.toolbar.addClient",
                "ui.toolbar.addClient.tooltip");
        addClient.setOnAction(e -> vm.addClient());
        MenuButton lessons = lessonsMenu();
        Button resetAll = button("reset-all", Feather.ROTATE_CCW, "ui.toolbar.resetAll", "ui.toolbar.resetAll.tooltip");
        resetAll.setOnAction(e -> vm.resetAll());
        MenuButton network = networkMenu();
        MenuButton machines = MachinesMenu.of(vm.machines(), texts);
        // A replayed journal makes no call: what would make one is off until the window is back to the live lab.
        for (Node n : List.of(addClient, lessons, resetAll, network, machines))
            n.disableProperty().bind(vm.replayingProperty().isNotEmpty());

        MenuButton view = menu("view-menu", Feather.LAYOUT, "ui.toolbar.view", null);
        view.getItems().addAll(layout.showItems());
        MenuItem resetLayout = new MenuItem();
        resetLayout.setId("reset-layout");
        resetLayout.textProperty().bind(texts.text("ui.view.resetLayout"));
        resetLayout.setOnAction(e -> layout.resetLayout());
        MenuItem popOut = new MenuItem();
        popOut.setId("pop-out-diagram");
        popOut.textProperty().bind(texts.text("ui.view.popOut"));
        popOut.setOnAction(e -> onPopOut.run());
        // Sharing is the presenter's: beside the diagram's own window, for the room (issue 80).
        MenuItem share = new MenuItem();
        share.setId("share-with-room");
        share.setMnemonicParsing(false);
        share.textProperty().bind(texts.text("ui.share.menu"));
        share.disableProperty().bind(vm.room().sharingProperty());
        share.setOnAction(e -> onShare.run());
        view.getItems().addAll(new SeparatorMenuItem(), resetLayout, popOut, share);

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
        HBox langButtons = languageButtons();
        MenuButton theme = themeMenu();
        HBox zoomBox = zoomButtons();

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Separator sep1 = sep(), sep2 = sep(), sep3 = sep();
        SqueezeBox toolbar = new SqueezeBox(10,
                // Lessons keeps its word longest: it is where a student starts ("Lecciones" went first in Spanish at
                // 1280 while "Presentar", which has F5, kept its own).
                List.of(appTitle, fileMenu, addClient, resetAll, machines, network, options, view, present, theme,
                        lessons),
                appTitle, spacer, fileMenu, lessons, addClient, resetAll, network, machines, sep1, view, options,
                present, sep2,
                language, langButtons, theme,
                ToolbarOverflow.whenNeeded(vm, theme, langButtons, machines, this::scaleIcon), sep3, zoomBox);
        // The zoom buttons last, at the right edge: what a zoom makes wider or narrower is left of them, so + and -
        // stay under the pointer press after press. On a 1024-pixel screen the globe goes first (EN/ES stay), then the
        // title; at 200 % even the icons do not fit: then the separators, the theme menu, EN/ES and the machines control
        // (zooming out brings them back, and meanwhile they are in the "more" button), never the zoom buttons.
        toolbar.setDroppable(List.of(language, appTitle, sep1, sep2, sep3, theme, langButtons, machines));
        scaleIcons(toolbar);
        toolbar.setId("app-toolbar");
        toolbar.getStyleClass().add("app-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        return toolbar;
    }

    private MenuButton lessonsMenu() {
        MenuButton lessons = menu("lessons-menu", Feather.BOOK_OPEN, "ui.toolbar.lessons",
                "ui.toolbar.lessons.tooltip");
        CheckMenuItem predict = new CheckMenuItem();
        predict.setId("predict-toggle");
        predict.textProperty().bind(texts.text("predict.ui.toggle"));
        predict.selectedProperty().bindBidirectional(vm.predict().enabledProperty());
        // Lessons → Predict before each call (free lab): each call button of the panes asks first.
        CheckMenuItem freeLab = new CheckMenuItem();
        freeLab.setId("predict-freelab-toggle");
        freeLab.setMnemonicParsing(false);
        freeLab.textProperty().bind(texts.text("predict.ui.freeLabToggle"));
        freeLab.selectedProperty().bindBidirectional(vm.predict().freeLabEnabledProperty());
        lessons.getItems().addAll(predict, freeLab, new SeparatorMenuItem());
        // The lesson files are parsed once this menu first opens, in the background while the pointer moves to a
        // topic: the idle window holds none of them (issue 62). A topic opened sooner parses its own few lessons.
        lessons.addEventHandler(MenuButton.ON_SHOWING, new EventHandler<Event>() {
            @Override
            public void handle(Event e) {
                lessons.removeEventHandler(MenuButton.ON_SHOWING, this);
                Thread.ofPlatform().name("socketlab-lessons").daemon().start(AppToolbar.this.lessons::all);
            }
        });
        // One submenu a topic: the whole list (34 lessons) would run off a 768-pixel projector screen.
        for (LessonCatalog.Topic topic : LessonCatalog.TOPICS) {
            Menu submenu = new Menu();
            submenu.setId("lesson-topic-" + topic.id());
            submenu.setMnemonicParsing(false);
            submenu.textProperty().bind(texts.text(topic.titleKey()));
            // The lessons are read when a topic is first opened (usually the background load above has them by
            // then): nothing of them is on the way to the first frame.
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
        return lessons;
    }

    private List<MenuItem> lessonItems(LessonCatalog.Topic topic) {
        List<MenuItem> items = new ArrayList<>();
        for (Lesson lesson : lessons.of(topic)) {
            MenuItem item = new MenuItem();
            item.setId("lesson-" + lesson.id());
            item.setMnemonicParsing(false); // SO_REUSEADDR keeps its underscore
            item.textProperty().bind(Bindings.createStringBinding(
                    () -> lesson.title().in(vm.langProperty().get()), vm.langProperty()));
            item.setOnAction(e -> vm.runLesson(lesson));
            items.add(item);
        }
        return items;
    }

    private HBox languageButtons() {
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
        ViewSubscriptions.listen(langButtons, vm.langProperty(), (obs, old, now) -> selectLang(langs, now));
        langs.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) selectLang(langs, vm.langProperty().get()); // one language is always chosen
            else vm.setLang((Lang) now.getUserData());
        });
        return langButtons;
    }

    private static void selectLang(ToggleGroup group, Lang lang) {
        group.getToggles().stream().filter(t -> t.getUserData() == lang).findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    private MenuButton themeMenu() {
        MenuButton theme = menu("theme-menu", Feather.MOON, "ui.toolbar.theme", null);
        ToggleGroup themes = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem();
            item.setId("theme-" + t.id());
            item.textProperty().bind(texts.text("ui.theme." + t.textKey()));
            item.setToggleGroup(themes);
            item.setSelected(vm.themeProperty().get() == t);
            item.setOnAction(e -> vm.themeProperty().set(t));
            ViewSubscriptions.listen(theme, vm.themeProperty(), (obs, old, now) -> item.setSelected(now == t));
            theme.getItems().add(item);
        }
        Themes.apply(vm.themeProperty().get(), themed);
        ViewSubscriptions.listen(theme, vm.themeProperty(), (obs, was, is) -> Themes.apply(is, themed));
        return theme;
    }

    private HBox zoomButtons() {
        Button smaller = button("zoom-out", Feather.ZOOM_OUT, null, "ui.toolbar.zoomOut.tooltip");
        smaller.setOnAction(e -> vm.zoomOut());
        Button bigger = button("zoom-in", Feather.ZOOM_IN, null, "ui.toolbar.zoomIn.tooltip");
        bigger.setOnAction(e -> vm.zoomIn());
        // At the largest zoom this screen can show, + says so by being off (issue 43: 300 % left no diagram).
        bigger.disableProperty().bind(vm.zoomProperty().greaterThanOrEqualTo(vm.maxZoomProperty()));
        Button zoomLevel = button("zoom-level", null, null, "ui.toolbar.zoomReset.tooltip");
        zoomLevel.textProperty().bind(vm.zoomProperty().asString("%d %%"));
        // As wide for "75 %" as for "300 %" (the widest): the zoom buttons hold still under the pointer.
        Runnable fixWidth = () -> {
            Text widest = new Text(ShellViewModel.MAX_ZOOM + " %");
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
        return zoomBox;
    }

    /**
     * The toolbar's icons grow with the zoom: 16 px at 100 %. Bound, so the theme's own -fx-icon-size (18 px) cannot
     * take it back; JavaFX logs that it could not (SEVERE "Could not reset -fx-icon-size", noise only). Not set again
     * whenever the theme's value is applied: CSS and code then took turns every frame and the window never rested (25 %
     * of a core idle, as nobody, in the packaged window). Not an inline style: the icons lost their font.
     */
    private void scaleIcons(Parent parent) {
        cssLog.setFilter(AppToolbar::notTheBoundIconSize);
        for (Node n : parent.getChildrenUnmodifiable()) {
            scaleIcon(n);
            if (n instanceof HBox box) scaleIcons(box);
        }
    }

    /** The icon of {@code n}, a button or menu of the toolbar, grows with the zoom ({@link #scaleIcons}). */
    private void scaleIcon(Node n) {
        if (n instanceof Labeled l && l.getGraphic() instanceof FontIcon icon)
            icon.iconSizeProperty().bind(vm.fontSizeProperty().multiply(16).divide(15));
    }

    /**
     * Everything JavaFX's CSS log says but that it could not give the bound toolbar icons the theme's size: about 28
     * SEVERE and WARNING records a start and more at each zoom, in every terminal and CI log, and nothing wrong.
     */
    private static boolean notTheBoundIconSize(LogRecord r) {
        String m = r.getMessage();
        return m == null || !(m.contains("-fx-icon-size") && m.contains("A bound value cannot be set"));
    }

    /**
     * The Network control: lose the next client → server segment during a live demo (private lab network only), or no
     * more losses; its first line says what is in force, or why nothing can be.
     */
    private MenuButton networkMenu() {
        var model = vm.network();
        MenuButton network = menu("network-menu", Feather.WIFI_OFF, "network.ui.menu", "network.ui.tooltip");
        // The status line wraps (issue 43 item 9: "the segment was lost (see the cross in the dia…" was cut at the
        // screen's edge): a label in the menu, as wide as a 1024 px screen allows.
        // A Text, not a Label: a menu asks its items' height without a width, and only a Text wraps there.
        Text stateText = new Text();
        stateText.getStyleClass().add("network-status-text");
        stateText.textProperty().bind(model.statusProperty());
        stateText.wrappingWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(stateText.getFont().getSize() * 30, 600), stateText.fontProperty()));
        CustomMenuItem state = new CustomMenuItem(stateText, false);
        state.setId("network-status");
        state.setMnemonicParsing(false); // a reason may hold a code with underscores (the machines menu crashed on one)
        state.textProperty().bind(model.statusProperty());
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
        // A refusal is said at the click, on the window's message line: the menu has closed by then. Its notice goes
        // when it no longer holds (the server bound, a loss armed).
        ViewSubscriptions.listen(network, model.refusedProperty(), (obs, was, is) -> {
            if (is != null) vm.fileNoticeProperty().set(is);
            else if (was != null && vm.fileNoticeProperty().get() == was) vm.fileNoticeProperty().set(null);
        });
        // While a loss is armed the control looks it: a pair of scissors, in the warning colour (issue 43 item 9).
        ViewSubscriptions.listen(network, model.armedProperty(), (obs, was, is) -> {
            if (network.getGraphic() instanceof FontIcon icon)
                icon.setIconCode(is ? Feather.SCISSORS : Feather.WIFI_OFF);
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
}
