package org.socketlab.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import javafx.application.Application;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
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
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.EndpointPane;
import org.socketlab.ui.journal.JournalView;
import org.socketlab.ui.sockets.SocketTableView;

import java.util.Locale;
import java.util.Objects;

/** The first window: toolbar, the server and client panes side by side, the socket table and the live journal below. */
public final class MainWindow extends BorderPane {

    public MainWindow(ShellViewModel vm) {
        Texts texts = vm.texts();
        getStyleClass().add("main-window");
        getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());

        Label appTitle = new Label();
        appTitle.getStyleClass().add("app-title");
        appTitle.textProperty().bind(texts.text("app.title"));

        Button resetAll = new Button(null, new FontIcon(Feather.ROTATE_CCW));
        resetAll.setId("reset-all");
        resetAll.textProperty().bind(texts.text("ui.toolbar.resetAll"));
        Tooltip resetTip = new Tooltip();
        resetTip.textProperty().bind(texts.text("ui.toolbar.resetAll.tooltip"));
        resetAll.setTooltip(resetTip);
        resetAll.setOnAction(e -> vm.resetAll());

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
        HBox toolbar = new HBox(10, appTitle, spacer, resetAll, new Separator(Orientation.VERTICAL), language, langButtons,
                new Separator(Orientation.VERTICAL), dark);
        toolbar.getStyleClass().add("app-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label banner = new Label(null, new FontIcon(Feather.ALERT_TRIANGLE));
        banner.setId("unsupported-banner");
        banner.getStyleClass().add("unsupported-banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.textProperty().bind(vm.bannerProperty());
        banner.visibleProperty().bind(vm.bannerProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());

        EndpointPane server = new EndpointPane(vm.server());
        EndpointPane client = new EndpointPane(vm.client());
        HBox panes = new HBox(12, server, client);
        panes.getStyleClass().add("endpoint-panes");
        for (EndpointPane p : new EndpointPane[] {server, client}) {
            HBox.setHgrow(p, Priority.ALWAYS);
            p.setMaxWidth(Double.MAX_VALUE);
            p.setPrefWidth(600);
        }
        ScrollPane panesScroll = new ScrollPane(panes);
        panesScroll.setFitToWidth(true);
        panesScroll.getStyleClass().add("edge-to-edge");

        JournalView journal = new JournalView(vm.journal());
        SocketTableView sockets = new SocketTableView(vm.sockets());
        SplitPane split = new SplitPane(panesScroll, sockets, journal);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5, 0.7);

        setTop(new VBox(toolbar, banner));
        setCenter(split);
    }

    private static void selectLang(ToggleGroup group, Lang lang) {
        group.getToggles().stream().filter(t -> t.getUserData() == lang).findFirst().ifPresent(t -> t.setSelected(true));
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }
}
