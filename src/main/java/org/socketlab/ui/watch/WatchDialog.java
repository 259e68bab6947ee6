package org.socketlab.ui.watch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.trace.CommandLine;

/**
 * File → Watch a program…: the command line (split into words by {@link CommandLine}, shown back as the words that
 * will be run, never given to a shell) and the working folder, then Start. Shown without waiting (the FX thread never
 * blocks); Start hands the words to {@link WatchViewModel#start}, and a refusal stays in the dialog, said in words.
 */
public final class WatchDialog extends Dialog<ButtonType> {
    private final WatchViewModel vm;
    private final TextField command = new TextField();
    private final TextField directory = new TextField();
    private final Label words = new Label();
    private final Label problem = new Label();
    private final ButtonType startType;

    public WatchDialog(WatchViewModel vm, Window owner) {
        this.vm = vm;
        Messages m = vm.texts().messages();
        if (owner != null) initOwner(owner);
        setTitle(m.get("ui.watch.title"));
        setHeaderText(m.get("ui.watch.title"));
        setResizable(true);
        getDialogPane().setId("watch-dialog");
        getDialogPane().getStylesheets()
                .add(Objects.requireNonNull(WatchDialog.class.getResource("watch.css")).toExternalForm());

        Label intro = wrapped(m.get("ui.watch.header"));
        command.setId("watch-command");
        command.setPromptText(m.get("ui.watch.command.prompt"));
        command.setText(vm.lastCommand());
        command.setPrefColumnCount(40);
        Label help = wrapped(m.get("ui.watch.command.help"));
        help.getStyleClass().add("text-muted");
        words.setId("watch-words");
        words.getStyleClass().add("watch-words");
        words.setWrapText(true);
        words.setMinHeight(Region.USE_PREF_SIZE);
        directory.setId("watch-directory");
        directory.setText(vm.lastDirectory().toString());
        Button browse = new Button(m.get("ui.watch.browse"));
        browse.setId("watch-browse");
        browse.setMinWidth(Region.USE_PREF_SIZE);
        browse.setOnAction(e -> chooseFolder());
        HBox folderRow = new HBox(8, directory, browse);
        HBox.setHgrow(directory, Priority.ALWAYS);
        problem.setId("watch-problem");
        problem.getStyleClass().add("watch-problem");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.add(intro, 0, 0, 2, 1);
        Label commandLabel = new Label(m.get("ui.watch.command")), folderLabel = new Label(m.get("ui.watch.directory"));
        for (Label l : new Label[]{commandLabel, folderLabel}) l.setMinWidth(Region.USE_PREF_SIZE); // never "Progr..."
        grid.addRow(1, commandLabel, command);
        grid.add(help, 1, 2);
        grid.add(words, 1, 3);
        grid.addRow(4, folderLabel, folderRow);
        // Which network the program joins: the window's own (a program cannot be put elsewhere than its parent's).
        Label network = wrapped(m.get(LabNetwork.current().isPrivate()
                ? "ui.watch.network.private"
                : "ui.watch.network.host"));
        network.setId("watch-network");
        network.getStyleClass().add("text-muted");
        grid.add(network, 0, 5, 2, 1);
        grid.add(problem, 0, 6, 2, 1);
        GridPane.setHgrow(command, Priority.ALWAYS);
        GridPane.setHgrow(folderRow, Priority.ALWAYS);
        // In a scroll pane: a long command line's preview may need more lines than the dialog has, and then the form
        // scrolls while Start and Cancel stay in view under it.
        ScrollPane form = new ScrollPane(grid);
        form.setFitToWidth(true);
        form.getStyleClass().add("edge-to-edge");
        getDialogPane().setContent(form);
        // Wrapped texts are measured at these widths (a grid asks a label's height at its unwrapped width otherwise), and
        // the preview and the problem keep two lines each, so the dialog is as tall as it will need and Start stays in view.
        double em = Font.getDefault().getSize();
        intro.setPrefWidth(em * 48);
        for (Label l : new Label[]{help, words}) l.setPrefWidth(em * 38);
        problem.setPrefWidth(em * 48);
        network.setPrefWidth(em * 48);
        for (Label l : new Label[]{words, problem}) l.setMinHeight(em * 2.8);

        startType = new ButtonType(m.get("ui.watch.start"), ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(startType,
                new ButtonType(m.get("ui.watch.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        Button start = (Button) getDialogPane().lookupButton(startType);
        start.setId("watch-start");
        ((Button) getDialogPane().lookupButton(getDialogPane().getButtonTypes().get(1))).setId("watch-cancel");
        // Start runs it; a refusal (one is watched already) keeps the dialog open with the reason.
        start.addEventFilter(ActionEvent.ACTION, e -> {
            String refused = startNow();
            if (refused != null) {
                problem.setText(refused);
                e.consume();
            }
        });
        command.textProperty().addListener((obs, was, is) -> check(start));
        directory.textProperty().addListener((obs, was, is) -> check(start));
        check(start);
        setOnShown(e -> command.requestFocus());
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    /** The words as they will run, or why the line cannot be run; Start only when it can. */
    private void check(Button start) {
        Messages m = vm.texts().messages();
        String why = null;
        List<String> split = List.of();
        try {
            split = CommandLine.split(command.getText());
        } catch (LocalizedException e) {
            why = m.text(e);
        }
        if (why == null && split.isEmpty()) why = m.get("ui.watch.empty");
        if (why == null && !Files.isDirectory(folder())) why = m.get("ui.watch.directory.missing", directory.getText());
        if (why == null && vm.busy()) why = m.get("ui.watch.busy", vm.statusProperty().get().command());
        words.setText(WatchViewModel.words(split, m));
        problem.setText(why == null ? "" : why);
        start.setDisable(why != null);
    }

    private Path folder() {
        String text = directory.getText().strip();
        return text.isEmpty() ? vm.lastDirectory() : Path.of(text);
    }

    private String startNow() {
        List<String> split;
        try {
            split = CommandLine.split(command.getText());
        } catch (LocalizedException e) {
            return vm.texts().messages().text(e);
        }
        return vm.start(split, folder().toAbsolutePath());
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(vm.texts().messages().get("ui.watch.directory"));
        if (Files.isDirectory(folder())) chooser.setInitialDirectory(folder().toFile());
        File chosen = chooser
                .showDialog(getDialogPane().getScene() == null ? null : getDialogPane().getScene().getWindow());
        if (chosen != null) directory.setText(chosen.getAbsolutePath());
    }
}
