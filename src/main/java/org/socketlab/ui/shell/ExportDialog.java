package org.socketlab.ui.shell;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.file.SavedJournal;

/**
 * File → Export → SVG, PNG or Markdown: the whole session (the default: all of it, {@link SessionFiles#span()}, also
 * the events the window only keeps in the file) or the steps from one to another (the playback's current step offered
 * as the end), and the file to write. The range is checked as {@code socketlab export --from --to} checks it
 * ({@link SavedJournal#range}); the export itself is {@link SessionFiles}'s, written off the FX thread. Shown without waiting ({@code show}, not {@code showAndWait}).
 */
final class ExportDialog {
    private ExportDialog() {
    }

    /** Opens the dialog for one kind of export; {@code title} is the menu item's text. FX thread. */
    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    static void open(Window owner, SessionFiles files, Messages m, int zoom, SessionFiles.Export kind, String title,
            String suggested) {
        SessionFiles.Span span = files.span();
        if (span.isEmpty()) {
            files.notice(new LocalizedException("journal.range.nothing"));
            return;
        }
        long first = span.first(), last = span.last();
        long current = Math.max(first, Math.min(last, files.currentStep()));

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        String name = title.replace("…", "");
        dialog.setTitle(m.get("ui.export.title", name));
        ToggleGroup scope = new ToggleGroup();
        RadioButton whole = new RadioButton(m.get("ui.export.whole", String.valueOf(first), String.valueOf(last)));
        whole.setId("export-whole");
        whole.setToggleGroup(scope);
        whole.setSelected(true);
        RadioButton range = new RadioButton(m.get("ui.export.range"));
        range.setId("export-range");
        range.setToggleGroup(scope);
        TextField from = new TextField(String.valueOf(first));
        from.setId("export-from");
        TextField to = new TextField(String.valueOf(current));
        to.setId("export-to");
        for (TextField f : List.of(from, to)) {
            f.setPrefColumnCount(6);
            f.disableProperty().bind(range.selectedProperty().not());
        }
        String said = m.get("ui.export.current", String.valueOf(current));
        if (kind == SessionFiles.Export.PNG) said += " " + m.get("ui.export.look", String.valueOf(zoom)); // the SVG and the text have no zoom
        Label hint = new Label(said);
        hint.setId("export-hint");
        hint.setWrapText(true);

        TextField file = new TextField();
        file.setId("export-file");
        file.setPrefColumnCount(32);
        HBox.setHgrow(file, Priority.ALWAYS);
        Button choose = new Button(m.get("ui.export.choose"));
        choose.setId("export-choose");
        choose.setOnAction(e -> {
            File chosen = chooser(m, title, suggested).showSaveDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) file.setText(chosen.getPath());
        });
        Label fileLabel = new Label(m.get("ui.export.file"));
        Label toLabel = new Label(m.get("ui.export.to"));
        for (Labeled l : List.of(fileLabel, toLabel, choose, range, whole))
            l.setMinWidth(Region.USE_PREF_SIZE);
        HBox rangeRow = new HBox(8, range, from, toLabel, to);
        rangeRow.setAlignment(Pos.CENTER_LEFT);
        HBox fileRow = new HBox(8, fileLabel, file, choose);
        fileRow.setAlignment(Pos.CENTER_LEFT);
        Label problem = new Label();
        problem.setId("export-problem");
        problem.getStyleClass().add("danger");
        problem.setWrapText(true);

        VBox content = new VBox(10, whole, rangeRow, hint, fileRow, problem);
        content.setPadding(new Insets(8));
        dialog.getDialogPane().setContent(content);
        ButtonType go = new ButtonType(m.get("ui.export.go"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(m.get("ui.export.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(go, cancel);
        Button goButton = (Button) dialog.getDialogPane().lookupButton(go);
        goButton.setId("export-go");

        Long[] chosenRange = new Long[2];
        goButton.addEventFilter(ActionEvent.ACTION, e -> {
            try {
                chosenRange[0] = range.isSelected() ? step(from.getText()) : null;
                chosenRange[1] = range.isSelected() ? step(to.getText()) : null;
                if (range.isSelected()) SavedJournal.range(first, last, chosenRange[0], chosenRange[1]); // says what is wrong with it
            } catch (LocalizedException bad) {
                problem.setText(m.text(bad));
                e.consume();
                return;
            }
            if (file.getText().isBlank()) {
                File chosen = chooser(m, title, suggested)
                        .showSaveDialog(dialog.getDialogPane().getScene().getWindow());
                if (chosen == null) {
                    e.consume();
                    return;
                }
                file.setText(chosen.getPath());
            }
        });
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == go)
                files.export(kind, Path.of(file.getText().strip()), chosenRange[0], chosenRange[1]);
        });
        dialog.show();
    }

    private static Long step(String typed) {
        String s = typed == null ? "" : typed.strip();
        if (!s.matches("\\d{1,18}")) throw new LocalizedException("ui.export.badStep", s);
        return Long.parseLong(s);
    }

    private static FileChooser chooser(Messages m, String title, String suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title.replace("…", ""));
        String extension = "*" + suggested.substring(suggested.lastIndexOf('.'));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension, extension));
        chooser.setInitialFileName(suggested);
        return chooser;
    }
}
