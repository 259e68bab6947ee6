package org.socketlab.ui.check;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.check.CheckFile;
import org.socketlab.check.CheckLoader;
import org.socketlab.check.CheckRun;
import org.socketlab.check.Verdict;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.trace.CommandLine;
import org.socketlab.trace.Strace;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.UserHome;

/**
 * File → Check my program…: a check file and a program, checked into the window's own journal (so the diagram draws
 * the run as it happens), then one verdict per rule. The run waits for processes, so it runs on a thread of its own;
 * its result comes back through the window's {@link FxInbox}, which the bridge drains on the FX thread in the pulse
 * the result asks for (the FX thread never blocks).
 */
public final class CheckViewModel {
    private final Texts texts;
    /** The lab whose calls a checked program's sockets are read through (null where this OS has none). */
    private final Lab lab;
    private final Journal journal;
    private final ObservableList<Verdict> verdicts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    /** What was last asked for, so the dialog opens again with it (the window keeps one view-model). */
    private String lastCheck, lastCommand = "", lastFolder = UserHome.ofThisProcess().toString();
    /** The window's inbox: the run's worker, and its verdicts or why it could not run, back on the FX thread. */
    private final FxInbox inbox;

    public CheckViewModel(Texts texts, Lab lab, Journal journal, FxInbox inbox) {
        this.texts = texts;
        this.lab = lab;
        this.journal = journal;
        this.inbox = inbox;
    }

    public Texts texts() {
        return texts;
    }

    /** The verdicts of the last run, one per rule, in the check file's order. */
    public ObservableList<Verdict> verdicts() {
        return verdicts;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The shipped checks, for the dialog's list (a path to a check file of one's own may be typed instead). */
    public List<String> shippedChecks() {
        return CheckLoader.IDS;
    }

    /**
     * Reads the check and the command line, then starts the run in the background; returns why it cannot start (a bad
     * check file with its line and column, a quote left open, a run already going), or null when it started. FX thread.
     */
    public String start(String check, String commandLine, Path folder) {
        if (running.get()) return texts.messages().get("ui.check.busy");
        lastCheck = check;
        lastCommand = commandLine;
        lastFolder = folder.toString();
        CheckFile file;
        List<String> command;
        try {
            file = CheckLoader.load(check.strip());
            command = CommandLine.split(commandLine);
            if (command.isEmpty()) throw new LocalizedException("check.noProgram");
        } catch (LocalizedException e) {
            return texts.messages().text(e);
        }
        verdicts.clear();
        running.set(true);
        status.set(texts.messages().get("ui.check.running", file.title().in(texts.messages().lang())));
        inbox.start("check", () -> CheckRun.run(lab.libc(), file, command, folder, Strace.find(), journal), this::show,
                e -> show(e instanceof LocalizedException said
                        ? said
                        : new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()))));
        return null;
    }

    /** The check last run, or null before the first run. */
    public String lastCheck() {
        return lastCheck;
    }

    /** The program's command line last run (empty before the first run). */
    public String lastCommand() {
        return lastCommand;
    }

    /** The folder last run in (the home folder before the first run). */
    public String lastFolder() {
        return lastFolder;
    }

    private void show(Object done) {
        running.set(false);
        switch (done) {
            case CheckRun.Result r -> {
                verdicts.setAll(r.verdicts());
                long failed = r.failed().size();
                status.set(failed == 0
                        ? texts.messages().get("check.passed", String.valueOf(r.verdicts().size()))
                        : texts.messages().get("check.failed", String.valueOf(failed),
                                String.valueOf(r.verdicts().size())));
            }
            case LocalizedException e -> status.set(texts.messages().text(e));
            default -> {
            }
        }
    }
}
