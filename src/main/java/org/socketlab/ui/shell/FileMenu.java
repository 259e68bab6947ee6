package org.socketlab.ui.shell;

import java.io.File;
import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.socketlab.ui.common.Texts;

/** The File menu's save, open and export items: each asks for a file, then hands it to {@link SessionFiles}. */
final class FileMenu {
    private FileMenu() {
    }

    static void fill(MenuButton menu, SessionFiles files, Texts texts) {
        MenuItem save = item("file-save-journal", "ui.file.save", texts);
        save.setOnAction(e -> choose(menu, texts, "ui.file.save", "session.jsonl", "*.jsonl", true,
                f -> files.save(f.toPath())));
        MenuItem open = item("file-open-journal", "ui.file.open", texts);
        open.setOnAction(e -> choose(menu, texts, "ui.file.open", null, "*.jsonl", false, f -> files.open(f.toPath())));
        Menu export = new Menu();
        export.setId("file-export");
        export.textProperty().bind(texts.text("ui.file.export"));
        export.getItems().addAll(
                exportItem(menu, files, texts, SessionFiles.Export.SVG, "svg", "diagram.svg"),
                exportItem(menu, files, texts, SessionFiles.Export.PNG, "png", "diagram.png"),
                exportItem(menu, files, texts, SessionFiles.Export.MARKDOWN, "markdown", "transcript.md"),
                exportItem(menu, files, texts, SessionFiles.Export.PCAP, "pcap", "segments.pcap"));
        // A replayed file is shown a window's worth at a time: earlier pages are read from the file on demand.
        MenuItem earlier = item("file-earlier-events", "ui.file.earlier", texts);
        earlier.setAccelerator(new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.SHORTCUT_DOWN));
        earlier.disableProperty().bind(files.earlierInFileProperty().not());
        earlier.setOnAction(e -> files.showEarlierEvents());
        MenuItem newest = item("file-newest-events", "ui.file.newest", texts);
        newest.setAccelerator(new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.SHORTCUT_DOWN));
        newest.disableProperty().bind(files.newerInFileProperty().not());
        newest.setOnAction(e -> files.showNewestEvents());
        menu.getItems().addAll(save, open, export, earlier, newest);
    }

    private static MenuItem exportItem(MenuButton menu, SessionFiles files, Texts texts, SessionFiles.Export kind,
            String id, String suggested) {
        MenuItem item = item("file-export-" + id, "ui.file.export." + id, texts);
        String extension = "*" + suggested.substring(suggested.lastIndexOf('.'));
        item.setOnAction(e -> {
            if (kind != SessionFiles.Export.PCAP) {
                exportRange(menu, files, texts, kind, "ui.file.export." + id, suggested);
                return;
            }
            if (!files.hasPackets()) return; // nothing was captured: it says so instead
            choose(menu, texts, "ui.file.export." + id, suggested, extension, true,
                    f -> files.export(kind, f.toPath()));
        });
        return item;
    }

    /** The diagram and transcript exports: the whole session or a range of steps, at the window's zoom and theme. */
    private static void exportRange(MenuButton menu, SessionFiles files, Texts texts, SessionFiles.Export kind,
            String titleKey, String suggested) {
        Window owner = menu.getScene() == null ? null : menu.getScene().getWindow();
        ExportDialog.open(owner, files, texts.messages(), files.zoom(), kind, texts.messages().get(titleKey),
                suggested);
    }

    private static MenuItem item(String id, String key, Texts texts) {
        MenuItem item = new MenuItem();
        item.setId(id);
        item.setMnemonicParsing(false);
        item.textProperty().bind(texts.text(key));
        return item;
    }

    private static void choose(MenuButton menu, Texts texts, String titleKey, String suggested, String extension,
            boolean save,
            Consumer<File> then) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(texts.messages().get(titleKey).replace("…", ""));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension, extension));
        if (suggested != null) chooser.setInitialFileName(suggested);
        Window owner = menu.getScene() == null ? null : menu.getScene().getWindow();
        File chosen = save ? chooser.showSaveDialog(owner) : chooser.showOpenDialog(owner);
        if (chosen != null) then.accept(chosen);
    }
}
