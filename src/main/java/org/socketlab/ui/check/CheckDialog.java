package org.socketlab.ui.check;

import java.nio.file.Path;
import java.util.function.LongConsumer;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;
import org.socketlab.check.Verdict;
import org.socketlab.i18n.Messages;

/**
 * File → Check my program…: a check (a shipped one, or the path of a check file), the program's command line (split by
 * {@code trace/CommandLine}, never given to a shell) and its folder; Run starts the check without waiting, and the
 * rules then show ✓ or ✗ with the reason. Clicking a ✗ that names an event hands its seq to {@code jump}, which shows
 * it in the diagram.
 */
public final class CheckDialog extends Dialog<ButtonType> {
    private final CheckViewModel vm;
    private final ComboBox<String> check = new ComboBox<>();
    private final TextField command = new TextField();
    private final TextField directory = new TextField();
    private final Label problem = new Label();
    private boolean docked;

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    public CheckDialog(CheckViewModel vm, Window owner, LongConsumer jump) {
        this.vm = vm;
        Messages m = vm.texts().messages();
        if (owner != null) initOwner(owner);
        setTitle(m.get("ui.check.title"));
        setHeaderText(m.get("ui.check.header"));
        setResizable(true);
        getDialogPane().setId("check-dialog");

        check.setId("check-name");
        check.setEditable(true);
        check.getItems().setAll(vm.shippedChecks());
        check.getSelectionModel().selectFirst();
        // Opened again: the check, program and folder of the last run (a student fixes the program and runs it again).
        if (vm.lastCheck() != null) check.getEditor().setText(vm.lastCheck());
        if (vm.lastCheck() != null) check.setValue(vm.lastCheck());
        command.setText(vm.lastCommand());
        directory.setText(vm.lastFolder());
        check.setMaxWidth(Double.MAX_VALUE);
        command.setId("check-command");
        command.setPromptText(m.get("ui.check.command.prompt"));
        command.setPrefColumnCount(36);
        directory.setId("check-directory");
        problem.setId("check-problem");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        Label status = new Label();
        status.setId("check-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());

        ListView<Verdict> rules = new ListView<>(vm.verdicts());
        rules.setId("check-rules");
        rules.setPrefHeight(260);
        rules.setCellFactory(list -> new ListCell<>() {
            /** The whole line, wrapped to the list's width: a cell's own text would be cut with "…". */
            private final Label line = new Label();
            {
                line.setWrapText(true);
                // Its width is the list's from the start, so its height is that of the whole wrapped text.
                line.prefWidthProperty().bind(list.widthProperty().subtract(28));
                line.maxWidthProperty().bind(list.widthProperty().subtract(28));
                line.setMinHeight(Region.USE_PREF_SIZE);
                setPrefWidth(0);
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(Verdict v, boolean empty) {
                super.updateItem(v, empty);
                line.setText(empty || v == null ? null : v.line(vm.texts().messages()));
                setGraphic(empty || v == null ? null : line);
                getStyleClass().removeAll("check-passed", "check-failed");
                if (!empty && v != null) getStyleClass().add(v.passed() ? "check-passed" : "check-failed");
            }
        });
        // A narrower list (the dialog docked beside the diagram) lays its cells out again at their new heights.
        rules.widthProperty().addListener((obs, was, now) -> rules.refresh());
        rules.getSelectionModel().selectedItemProperty().addListener((obs, was, v) -> jumpTo(v, jump));
        // A click on the ✗ already selected jumps again, as a person expects (the selection did not change: a first
        // jump made before the diagram had the event's row was never made again, CI 2026-11-26).
        rules.setOnMouseClicked(e -> jumpTo(rules.getSelectionModel().getSelectedItem(), jump));

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        Label checkLabel = new Label(m.get("ui.check.check")), commandLabel = new Label(m.get("ui.check.command")),
                folderLabel = new Label(m.get("ui.check.directory"));
        for (Label l : new Label[]{checkLabel, commandLabel, folderLabel}) l.setMinWidth(Region.USE_PREF_SIZE);
        grid.addRow(0, checkLabel, check);
        grid.addRow(1, commandLabel, command);
        grid.addRow(2, folderLabel, directory);
        grid.add(problem, 0, 3, 2, 1);
        grid.add(status, 0, 4, 2, 1);
        grid.add(rules, 0, 5, 2, 1);
        GridPane.setHgrow(command, Priority.ALWAYS);
        GridPane.setVgrow(rules, Priority.ALWAYS);
        getDialogPane().setContent(grid);

        ButtonType runType = new ButtonType(m.get("ui.check.run"), ButtonBar.ButtonData.OTHER);
        // The window's language, not the JVM's: JavaFX's own ButtonType.CLOSE says "Close" in a Spanish window.
        ButtonType closeType = new ButtonType(m.get("ui.check.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().addAll(runType, closeType);
        Button run = (Button) getDialogPane().lookupButton(runType);
        run.setId("check-run");
        // Whole words on both buttons, also when docked narrow beside the diagram.
        Button close = (Button) getDialogPane().lookupButton(closeType);
        for (Button b : new Button[]{run, close}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            ButtonBar.setButtonUniformSize(b, false);
        }
        run.disableProperty().bind(vm.runningProperty());
        run.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // Run keeps the dialog open: the verdicts come here
            String why = vm.start(String.valueOf(check.getEditor().getText()), command.getText(),
                    Path.of(directory.getText().isBlank() ? "." : directory.getText()));
            problem.setText(why == null ? "" : why);
        });
        // Esc closes it from any field, as every dialog does (the text fields and the check's list kept the key).
        getDialogPane().addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.ESCAPE || check.isShowing()) return;
            e.consume();
            setResult(closeType);
            close();
        });
        // Not modal: the student looks at the diagram, and clicks in it, while the verdicts stay open.
        initModality(Modality.NONE);
        getDialogPane().setPrefWidth(660);
    }

    /**
     * Moves the dialog to the owner window's right edge, narrower, so the diagram row a ✗ selects (drawn left of it)
     * stays in sight; the hints wrap to the new width.
     */
    private void dockBesideOwner() {
        Window owner = getOwner();
        if (owner == null || docked) return;
        docked = true;
        double width = Math.min(getWidth(), Math.max(340, owner.getWidth() * 0.33));
        setWidth(width);
        setHeight(Math.min(getHeight(), owner.getHeight() - 40));
        setX(owner.getX() + owner.getWidth() - width - 8);
        setY(owner.getY() + 32);
    }

    /** The diagram shows a failed rule's event ({@code v} null or passed: nothing). */
    private void jumpTo(@Nullable Verdict v, LongConsumer jump) {
        if (v == null || v.passed() || v.seq() == null) return;
        dockBesideOwner();
        jump.accept(v.seq());
    }
}
