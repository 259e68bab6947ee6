package org.socketlab.ui.shell;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRecorder;

/**
 * Lessons → Open lesson file… and Save session as lesson…: the file choosers in the folder last used, the reading and
 * writing (off the FX thread, through the window's inbox), and the problem dialog that says, in the user's language, why
 * nothing changed.
 */
final class LessonFileActions {
    private final ShellViewModel vm;
    /** The main window's stage once shown (null before): owns the choosers and the dialogs. */
    private final Supplier<Stage> stage;
    private Alert lastProblem;

    LessonFileActions(ShellViewModel vm, Supplier<Stage> stage) {
        this.vm = vm;
        this.stage = stage;
    }

    /** A file chooser for lesson files, in the folder last used (where it still exists). */
    private FileChooser lessonChooser(String titleKey) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(vm.texts().messages().get(titleKey));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                vm.texts().messages().get("ui.lessons.file.filter"), "*.json"));
        String last = vm.lastFolderProperty().get();
        if (!last.isEmpty() && Files.isDirectory(Path.of(last))) chooser.setInitialDirectory(new File(last));
        return chooser;
    }

    void chooseToOpen() {
        File file = lessonChooser("ui.lessons.open.title").showOpenDialog(stage.get());
        if (file != null) open(file.toPath());
    }

    void chooseToSave() {
        FileChooser chooser = lessonChooser("ui.lessons.save.title");
        chooser.setInitialFileName(vm.texts().messages().get("ui.lessons.save.fileName") + ".json");
        File file = chooser.showSaveDialog(stage.get());
        if (file != null) save(file.toPath());
    }

    /** Reads a lesson file (on a thread of its own) and plays it; a problem is shown in a dialog. FX thread. */
    void open(Path file) {
        rememberFolderOf(file);
        readLesson(file);
    }

    /** The lesson file read: played, or why not in a dialog. FX thread (the bridge's frame). */
    void lessonFileRead(Lesson lesson) {
        String problem = play(lesson);
        if (problem != null) showProblem("ui.lessons.open.failed", problem);
    }

    /** Writes this session's calls as a lesson file; a problem is shown in a dialog and no file is left. FX thread. */
    void save(Path file) {
        rememberFolderOf(file);
        try {
            writeLesson(sessionAsLesson(), file);
        } catch (LocalizedException e) {
            showProblem("ui.lessons.save.failed", vm.texts().messages().text(e));
        }
    }

    /**
     * Lessons → Open lesson file…: reads and checks {@code file} with the same checks as the shipped lessons; the
     * window then plays it, or shows the problem in a dialog (and nothing else changes).
     */
    private void readLesson(Path file) {
        vm.inbox().start("open-lesson", () -> LessonLoader.loadFile(file), this::lessonFileRead,
                e -> problem("ui.lessons.open.failed", e instanceof LocalizedException said
                        ? said
                        : new LocalizedException("ui.file.failed", file.toString(), String.valueOf(e.getMessage()))));
    }

    /** Lessons → Save session as lesson…: writes {@code json} to {@code file} whole or not at all (no file is left). */
    private void writeLesson(String json, Path file) {
        vm.inbox().start("save-lesson", () -> {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try {
                Files.writeString(tmp, json, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing was written there either
                }
                throw e;
            }
            return new LocalizedException("ui.lessons.saved", file.toString());
        }, said -> vm.fileNoticeProperty().set(said), e -> problem("ui.lessons.save.failed",
                new LocalizedException("ui.lessons.save.cannotWrite", file.toString(),
                        String.valueOf(e.getMessage()))));
    }

    /** A lesson file that could not be read or written: a dialog with this title says why (FX thread). */
    private void problem(String titleKey, LocalizedException said) {
        showProblem(titleKey, vm.texts().messages().text(said));
    }

    /**
     * The lesson file read and checked: played as the shipped lessons are played. Returns null, or the problem in the
     * user's language: then nothing else changes (no socket is closed or opened, the session goes on). FX thread.
     */
    private String play(Lesson lesson) {
        if (vm.lab() instanceof WindowLab.Absent) return vm.texts().messages().get("ui.lessons.noCalls");
        if (vm.lessonRunning()) return vm.texts().messages().get("ui.lessons.busy");
        vm.runLesson(lesson);
        return null;
    }

    /**
     * This session's calls, as the window shows them, as a lesson file's text ({@link LessonRecorder}). Throws the
     * problem (nothing to record) in the user's words. FX thread.
     */
    private String sessionAsLesson() throws LocalizedException {
        return LessonRecorder.record(vm.journal().events(), LocalDateTime.now(),
                vm.lab().live().flatMap(Lab::unixFolder).orElse(null));
    }

    private void rememberFolderOf(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) vm.lastFolderProperty().set(folder.toString());
    }

    /** The problem dialog: not waited for (the FX thread never blocks), owned by the window. */
    void showProblem(String titleKey, String problem) {
        Alert alert = new Alert(Alert.AlertType.ERROR, problem, ButtonType.OK);
        alert.setTitle(vm.texts().messages().get(titleKey));
        alert.setHeaderText(vm.texts().messages().get(titleKey));
        alert.getDialogPane().setId("lesson-file-problem");
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        if (stage.get() != null) alert.initOwner(stage.get());
        alert.show();
        lastProblem = alert;
    }

    /** The last problem dialog shown (tests read it), or null. */
    Alert lastProblem() {
        return lastProblem;
    }
}
