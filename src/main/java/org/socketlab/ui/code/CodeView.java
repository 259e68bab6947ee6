package org.socketlab.ui.code;

import atlantafx.base.theme.Styles;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.Language;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The code panel: a tab per language with the whole program of the current call's endpoint, that call's lines
 * marked, its remarks below, a choice between the calls up to the cursor and the whole session, and Copy.
 */
public final class CodeView extends VBox {
    private final TabPane tabs = new TabPane();
    private final Map<Language, ListView<Integer>> listings = new EnumMap<>(Language.class);
    private final VBox notes = new VBox(4);
    private final Label step = new Label();
    private final CodeViewModel vm;

    public CodeView(CodeViewModel vm) {
        this.vm = vm;
        getStyleClass().add("code-view");
        getStylesheets().add(Objects.requireNonNull(CodeView.class.getResource("code.css")).toExternalForm());
        var texts = vm.texts();
        Label title = new Label();
        title.setId("code-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(texts.text("ui.code.title"));

        step.setId("code-step");
        step.getStyleClass().add("code-step");
        step.setMinWidth(0);

        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.setId("code-copy");
        copy.textProperty().bind(texts.text("ui.code.copy"));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(texts.text("ui.code.copy.tooltip"));
        copy.setTooltip(tip);
        copy.setOnAction(e -> copyCurrent());

        ToggleButton cursor = scopeButton("code-scope-cursor", "ui.code.scope.cursor",
                CodeViewModel.Scope.UP_TO_CURSOR);
        ToggleButton session = scopeButton("code-scope-session", "ui.code.scope.session",
                CodeViewModel.Scope.WHOLE_SESSION);
        ToggleGroup scopes = new ToggleGroup();
        cursor.setToggleGroup(scopes);
        session.setToggleGroup(scopes);
        cursor.getStyleClass().add(Styles.LEFT_PILL);
        session.getStyleClass().add(Styles.RIGHT_PILL);
        HBox scope = new HBox(cursor, session);
        scopes.selectToggle(vm.scopeProperty().get() == CodeViewModel.Scope.WHOLE_SESSION ? session : cursor);
        scopes.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) scopes.selectToggle(old); // one of the two is always chosen
            else vm.scopeProperty().set((CodeViewModel.Scope) now.getUserData());
        });

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, spacer, scope, copy);
        header.setAlignment(Pos.CENTER_LEFT);

        tabs.setId("code-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (Language language : Language.values()) {
            ListView<Integer> listing = new ListView<>();
            listing.setId("code-" + language.id());
            listing.getStyleClass().add("code-listing");
            listing.setCellFactory(lv -> new CodeLine(language));
            listings.put(language, listing);
            Tab tab = new Tab(language.title(), listing);
            tab.setId("tab-" + language.id());
            tab.setUserData(language);
            tabs.getTabs().add(tab);
        }
        VBox.setVgrow(tabs, Priority.ALWAYS);
        // The chosen tab is the language the view-model writes.
        tabs.getSelectionModel().select(vm.languageProperty().get().ordinal());
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) vm.languageProperty().set((Language) now.getUserData());
            showNotes();
        });
        notes.getStyleClass().add("code-notes");
        Label empty = new Label();
        empty.textProperty().bind(texts.text("ui.code.empty"));
        empty.getStyleClass().add("code-empty");
        empty.visibleProperty().bind(vm.currentProperty().isNull());
        empty.managedProperty().bind(empty.visibleProperty());

        vm.snippetProperty().addListener((obs, old, now) -> show(now));
        vm.currentProperty().addListener((obs, old, now) -> showStep());
        ViewSubscriptions.listen(this, texts.messagesProperty(), obs -> showStep());
        show(vm.snippetProperty().get());
        showStep();

        setSpacing(6);
        getChildren().addAll(header, step, empty, tabs, notes);
    }

    public TabPane tabs() {
        return tabs;
    }

    private ToggleButton scopeButton(String id, String key, CodeViewModel.Scope value) {
        ToggleButton b = new ToggleButton();
        b.setId(id);
        b.setUserData(value);
        b.textProperty().bind(vm.texts().text(key));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.texts().text(key + ".tooltip"));
        b.setTooltip(tip);
        return b;
    }

    /** Who made the call shown, and the call as the journal writes it. */
    private void showStep() {
        CodeViewModel.Current now = vm.currentProperty().get();
        var m = vm.texts().messages();
        step.setText(now == null ? "" : m.get("ui.code.step", CodeGenerator.who(now.endpoint(), m), now.line()));
    }

    /** Only the chosen language's program is written; the other tabs are emptied until they are chosen. */
    private void show(CodeViewModel.Snippet s) {
        for (var e : listings.entrySet()) {
            ListView<Integer> listing = e.getValue();
            CodeViewModel.Snippet mine = s != null && s.language() == e.getKey() ? s : null;
            listing.setUserData(mine);
            listing.getItems()
                    .setAll(mine == null ? List.of() : IntStream.range(0, mine.lines().size()).boxed().toList());
            listing.refresh();
            if (mine != null && mine.from() >= 0) listing.scrollTo(Math.max(0, mine.from() - 4));
        }
        showNotes();
    }

    private void showNotes() {
        notes.getChildren().clear();
        CodeViewModel.Snippet s = selected();
        if (s == null) return;
        for (String n : s.notes()) {
            Label note = new Label(n, new FontIcon(Feather.INFO));
            note.getStyleClass().add("code-note");
            note.setWrapText(true);
            notes.getChildren().add(note);
        }
    }

    private CodeViewModel.Snippet selected() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return tab == null ? null : (CodeViewModel.Snippet) tab.getContent().getUserData();
    }

    private void copyCurrent() {
        CodeViewModel.Snippet s = selected();
        if (s == null) return;
        ClipboardContent content = new ClipboardContent();
        content.putString(s.text());
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** One line of a program: its number and text; the current step's line stands out. */
    private static final class CodeLine extends ListCell<Integer> {
        private final Label number = new Label(), text = new Label();
        private final HBox row = new HBox(12, number, text);

        CodeLine(Language language) {
            number.getStyleClass().add("line-number");
            text.getStyleClass().add("line-text");
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Integer index, boolean empty) {
            super.updateItem(index, empty);
            getStyleClass().remove("current-step");
            if (empty || index == null || !(getListView().getUserData() instanceof CodeViewModel.Snippet s)) {
                setGraphic(null);
                return;
            }
            number.setText(String.valueOf(index + 1));
            text.setText(s.lines().get(index));
            if (s.marks(index)) getStyleClass().add("current-step");
            setGraphic(row);
        }
    }
}
