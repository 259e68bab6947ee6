package org.socketlab.ui.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SavedJournal;
import org.socketlab.lab.Event;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.ui.check.CheckDialog;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.common.CaretRest;
import org.socketlab.ui.common.EventWindow;
import org.socketlab.ui.common.Feature;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.predict.PredictPane;
import org.socketlab.ui.processes.ProcessesFeature;
import org.socketlab.ui.sockets.SocketsFeature;
import org.socketlab.ui.statemachine.StateMachineFeature;
import org.socketlab.ui.watch.WatchBar;
import org.socketlab.ui.watch.WatchMenu;

/**
 * The composition root of the window: builds the Lab (where this OS can make calls), the bridge, the
 * view-models and the views, and passes each what it needs through its constructor.
 */
public final class Shell {
    public static final double WIDTH = 1320;
    public static final double HEIGHT = 900;

    private final Lab lab;
    private final ShellViewModel viewModel;
    // One session's views: made again, empty, when Reset all or a lesson starts a new session.
    private volatile JournalBridge bridge;
    private DiagramFeature diagram;
    private StateMachineFeature stateMachine;
    private CodeFeature code;
    private SocketsFeature sockets;
    private ProcessesFeature processes;
    private MainWindow view;
    private Stage stage;
    private Path prefsFile;
    private final PresenterMode presenter;
    private final LessonCatalog lessons;

    /** {@code lab} null means this system cannot make real calls; the Lessons menu parses the shipped lessons itself. */
    public Shell(Lab lab, String osName, Lang lang) {
        this(lab, new LessonCatalog(), osName, lang);
    }

    /** The window on {@code lab} (null: this system cannot make real calls), with {@code lessons} in its Lessons menu. */
    public Shell(Lab lab, LessonCatalog lessons, String osName, Lang lang) {
        this.lab = lab;
        this.lessons = lessons;
        this.viewModel = new ShellViewModel(lab, osName, lang);
        this.presenter = new PresenterMode(this);
        this.liveJournal = lab != null ? lab.journal() : new Journal();
        this.files = new SessionFiles(this, liveJournal);
        buildSession(liveJournal, 0, true);
        // Other threads (a session's cut, a file read, a watched program) wake the FX thread through the current bridge.
        viewModel.wakeWith(() -> bridge.wake());
    }

    /** The lab's journal (an empty one where calls are unsupported): what the window shows while live. */
    private final Journal liveJournal;
    /** The live session starts after this event (a reset or a lesson started it). */
    private long liveAfter;
    /** The journal file being replayed; null while live. */
    private SavedJournal replayed;
    /** The part of the file on screen while replaying, and its events. */
    private ReplayPage replayedPage;
    private List<Event> replayedEvents;
    /** File: save, open, export. */
    private final SessionFiles files;

    /**
     * The views of a session that starts after event {@code afterSeq} of {@code journal}, fed by their own bridge; only
     * the live journal's sessions end with a reset or a lesson.
     */
    private void buildSession(Journal journal, long afterSeq, boolean live) {
        this.bridge = new JournalBridge(journal, afterSeq);
        this.diagram = new DiagramFeature(viewModel.texts());
        diagram.lessonEndProperty().bind(viewModel.lessons().endProperty()); // a lesson's banner ends with it
        this.stateMachine = new StateMachineFeature(viewModel.texts());
        this.code = new CodeFeature(viewModel.texts());
        this.sockets = new SocketsFeature(viewModel.sockets());
        this.processes = new ProcessesFeature(viewModel.texts());
        List<Feature> features = List.of(diagram, sockets, processes, stateMachine, code);
        bridge.addSink(viewModel::onEvents);
        for (Feature f : features) bridge.addSink(f::onEvents);
        // The socket table, the state machine and the code show the moment the diagram's playback has reached.
        bridge.addSink(PlaybackFollower.following(diagram.model(), diagram.playback(), features)::onEvents);
        if (live) bridge.endSessionWhen(viewModel::pendingSessionCut, this::startSession);
        if (live) { // a session seen from its start draws no socket of an earlier one (SocketIds)
            diagram.model().startsSessionAfter(afterSeq);
            viewModel.journal().startsSessionAfter(afterSeq);
            viewModel.network().startsSessionAfter(afterSeq); // a loss is armed on this session's server, not a lesson's
        }
        // Live, the events the window lets go can be read back from the session's recording.
        if (live) diagram.model().onOlder(gone -> viewModel.pageShown(files.recorded(), false));
        bridge.everyFrame(viewModel::deliver); // the window's one inbox: files, watch, check, network, resets
        // The TIME_WAIT countdown: one pulse a second while a connection counts down, none otherwise.
        bridge.everySecond(() -> viewModel.sockets().countingDown(), () -> viewModel.sockets().tick());
        bridge.everyFrame(viewModel.network()::noticeSpentLoss);
        diagram.details().offerEarlierEvents(viewModel.earlierInFileProperty(), this::showEarlierEvents);
        // The code panel shows the call selected in the diagram, else the last one at the playback cursor.
        diagram.details().selectedProperty().addListener((obs, was, row) -> {
            if (row instanceof Row.CallRow call) code.select(call.event());
            else code.followLatest();
        });
        this.view = new MainWindow(viewModel, diagram, sockets, processes, stateMachine, code, lessons);
        view.setOnPresent(presenter::toggle);
        view.setOnPopOut(presenter::popOutDiagram);
        view.setOnBackToLive(this::backToLive);
        FileMenu.fill(view.fileMenu(), files, viewModel.texts());
        WatchMenu.addTo(view.fileMenu(), viewModel.watch(),
                viewModel.replayingProperty().isNotEmpty());
        view.addBarAfterFirstFrame(() -> new WatchBar(viewModel.watch()));
        MenuItem checkItem = new MenuItem();
        checkItem.setId("file-check");
        checkItem.setMnemonicParsing(false);
        checkItem.textProperty().bind(viewModel.texts().text("ui.file.check"));
        checkItem.disableProperty().bind(viewModel.replayingProperty().isNotEmpty());
        checkItem.setOnAction(e -> new CheckDialog(viewModel.check(),
                view.fileMenu().getScene() == null ? null : view.fileMenu().getScene().getWindow(), this::showEvent)
                .show());
        view.fileMenu().getItems().add(checkItem);
        view.setOnOpenLesson(this::chooseLessonFile);
        view.setOnSaveLesson(this::chooseLessonFileToSave);
    }

    /** Selects in the diagram the row of event {@code seq} (or the last one before it): a check's ✗ clicked. */
    void showEvent(long seq) {
        Row found = null;
        for (Row row : diagram.model().rows()) {
            if (row.event().seq() > seq) break;
            found = row;
        }
        if (found != null) diagram.details().selectedProperty().set(found);
    }

    // ---- Lessons -> Open lesson file... / Save session as lesson... ----

    /** A file chooser for lesson files, in the folder last used (where it still exists). */
    private FileChooser lessonChooser(String titleKey) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(viewModel.texts().messages().get(titleKey));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                viewModel.texts().messages().get("ui.lessons.file.filter"), "*.json"));
        String last = viewModel.lastFolderProperty().get();
        if (!last.isEmpty() && Files.isDirectory(Path.of(last))) chooser.setInitialDirectory(new File(last));
        return chooser;
    }

    private void chooseLessonFile() {
        File file = lessonChooser("ui.lessons.open.title").showOpenDialog(stage);
        if (file != null) openLessonFile(file.toPath());
    }

    private void chooseLessonFileToSave() {
        FileChooser chooser = lessonChooser("ui.lessons.save.title");
        chooser.setInitialFileName(viewModel.texts().messages().get("ui.lessons.save.fileName") + ".json");
        File file = chooser.showSaveDialog(stage);
        if (file != null) saveSessionAsLesson(file.toPath());
    }

    /**
     * Reads a lesson file (on a thread of its own) and plays it; a problem is shown in a dialog, in the user's
     * language, and nothing else changes. FX thread.
     */
    public void openLessonFile(Path file) {
        rememberFolderOf(file);
        files.readLesson(file);
    }

    /** The lesson file read: played, or why not in a dialog. FX thread (the bridge's frame). */
    void lessonFileRead(Lesson lesson) {
        String problem = viewModel.playLessonFile(lesson);
        if (problem != null) showProblem("ui.lessons.open.failed", problem);
    }

    /**
     * Writes this session's calls as a lesson file (on a thread of its own); a problem is shown in a dialog and no
     * file is left. FX thread.
     */
    public void saveSessionAsLesson(Path file) {
        rememberFolderOf(file);
        try {
            files.writeLesson(viewModel.sessionAsLesson(), file);
        } catch (LocalizedException e) {
            showProblem("ui.lessons.save.failed", viewModel.texts().messages().text(e));
        }
    }

    private void rememberFolderOf(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) viewModel.lastFolderProperty().set(folder.toString());
    }

    /** The problem dialog: not waited for (the FX thread never blocks), owned by the window. */
    void showProblem(String titleKey, String problem) {
        Alert alert = new Alert(Alert.AlertType.ERROR, problem, ButtonType.OK);
        alert.setTitle(viewModel.texts().messages().get(titleKey));
        alert.setHeaderText(viewModel.texts().messages().get(titleKey));
        alert.getDialogPane().setId("lesson-file-problem");
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        if (stage != null) alert.initOwner(stage);
        alert.show();
        lastProblem = alert;
    }

    private Alert lastProblem;

    /** The last problem dialog shown (tests read it), or null. */
    Alert lastProblem() {
        return lastProblem;
    }

    /**
     * A new session after event {@code cut} (the old session's last, its closes included): the diagram, journal,
     * tables, state machine and code start empty in the same window, with the same layout. FX thread (the bridge).
     */
    private void startSession(long cut) {
        liveAfter = cut;
        viewModel.sessionStarted();
        viewModel.pageShown(false, false);
        switchTo(liveJournal, cut, true);
    }

    /**
     * Replays a journal read back from a file, read-only: every view shows it as it was recorded, no call is made, and
     * the window says so until {@link #backToLive()}. The live session goes on untouched underneath. Its newest page is
     * read off the FX thread and shown when read ({@link #replay(ReplayPage, List, ReplayPage.Before)}). FX thread.
     */
    public void replay(SavedJournal saved) {
        files.readPage(ReplayPage.newest(saved, EventWindow.DEFAULT_MAX_EVENTS));
    }

    /**
     * Shows {@code events}, read from {@code page}'s file: the views hold a window's worth of it, after a row saying how
     * many earlier events are only in the file. FX thread (the bridge's frame that delivered the read).
     */
    void replay(ReplayPage page, List<Event> events, ReplayPage.Before before) {
        // The capture status read before the page tells its story how the wire was seen; it is not one of its events.
        List<Event> told = events.stream().filter(e -> e.seq() < page.from()).toList();
        replayed = page.file();
        replayedPage = page;
        replayedEvents = List.copyOf(events.subList(told.size(), events.size()));
        viewModel.showReplay(page.file().name());
        switchTo(Journal.of(replayedEvents), page.from() - 1, false);
        diagram.model().olderInFile(page.olderInFile(), told, before.origins());
        viewModel.journal().olderInFile(page.olderInFile(), told, before.origins());
        viewModel.sockets().startAfter(before.sockets());
        stateMachine.viewModel().startAfter(before.sockets());
        processes.viewModel().startAfter(before.processes());
        viewModel.pageShown(page.hasEarlier(), page.hasNewer());
    }

    /**
     * Shows the page before the one shown, read from the file off the FX thread: a replayed file's, or, live, the
     * session's events the window let go, from its recording (then shown read-only until Back to the live lab). FX
     * thread.
     */
    public void showEarlierEvents() {
        if (replayedPage != null) {
            if (replayedPage.hasEarlier()) files.readPage(replayedPage.earlier());
        } else
            if (diagram.model().firstEventNumber() > liveAfter + 1)
                files.readRecordedPage(liveAfter, diagram.model().firstEventNumber());
    }

    /** Replaying an earlier page: shows the file's newest events again. FX thread. */
    public void showNewestEvents() {
        if (replayedPage != null && replayedPage.hasNewer()) files.readPage(replayedPage.newest());
    }

    /** The events of the file on screen while replaying (a page of it), else null. */
    public List<Event> replayedPage() {
        return replayed == null ? null : replayedEvents;
    }

    /** The part of the file shown while replaying, else null. */
    public ReplayPage replayedRange() {
        return replayed == null ? null : replayedPage;
    }

    /** Leaves a replay: the live lab's session is shown again, from its start. FX thread. */
    public void backToLive() {
        if (replayed == null) return;
        replayed = null;
        replayedPage = null;
        replayedEvents = null;
        viewModel.showLive();
        // The session's events the memory no longer holds are still in its recording.
        List<Event> held = liveJournal.after(liveAfter);
        viewModel.pageShown(files.recorded() && !held.isEmpty() && held.getFirst().seq() > liveAfter + 1, false);
        switchTo(liveJournal, liveAfter, true);
    }

    /** The journal file being replayed, or null while the window is live. */
    public SavedJournal replayed() {
        return replayed;
    }

    /** The live session's first event is after this one. */
    long liveAfter() {
        return liveAfter;
    }

    /** Save, open and export. */
    public SessionFiles files() {
        return files;
    }

    /** New views on {@code journal} after {@code afterSeq}, in the same window with the same layout. FX thread. */
    private void switchTo(Journal journal, long afterSeq, boolean live) {
        double[] dividers = view.dividers();
        String hidden = view.hiddenPanes();
        MainWindow.Pane front = view.front();
        boolean presenting = presenter.active(), poppedOut = presenter.popOutStage() != null;
        presenter.close();
        diagram.close();
        bridge.close();
        view.release();
        buildSession(journal, afterSeq, live);
        if (stage == null) return;
        view.hidePanes(hidden);
        view.styleProperty().bind(zoomStyle());
        stage.getScene().setRoot(view);
        PlaybackKeys.install(stage.getScene(), diagram.playback());
        if (front != null) view.bringToFront(front); // a new session keeps the pane brought to the front
        view.restoreDividers(dividers);
        bridge.start(stage.getScene());
        diagram.start();
        if (poppedOut) presenter.popOutDiagram();
        if (presenting) presenter.enter();
    }

    public ShellViewModel viewModel() {
        return viewModel;
    }
    public MainWindow view() {
        return view;
    }
    public JournalBridge bridge() {
        return bridge;
    }
    public DiagramFeature diagram() {
        return diagram;
    }
    public StateMachineFeature stateMachine() {
        return stateMachine;
    }
    public CodeFeature code() {
        return code;
    }

    /**
     * Puts the window on the stage, as it was left last time when a {@code prefsFile} is given and the layout fits this
     * screen (else sized to the screen and maximized), and starts the per-frame work. FX thread.
     */
    public void show(Stage stage, Path prefsFile) {
        show(stage, prefsFile, prefsFile != null
                ? WindowPrefs.load(prefsFile, viewModel.langProperty().get())
                : WindowPrefs.defaults(viewModel.langProperty().get()));
    }

    /** As {@link #show(Stage, Path)}, with the layout {@code stored} already read from {@code prefsFile} (off the FX thread). */
    public void show(Stage stage, Path prefsFile, WindowPrefs stored) {
        this.stage = stage;
        this.prefsFile = prefsFile;
        WindowPrefs saved = stored
                .fittedTo(Screen.getScreens().stream().map(Screen::getVisualBounds).toList());
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (prefsFile != null) {
            viewModel.setLang(saved.lang());
            viewModel.themeProperty().set(saved.theme());
            viewModel.zoomProperty().set(saved.zoom());
            viewModel.lastFolderProperty().set(saved.lastFolder());
            view.hidePanes(saved.hiddenPanes());
        }
        // The zoom stops where this screen still shows the diagram (a saved 300 % comes down to it).
        viewModel.fitZoomTo(screen.getWidth(), screen.getHeight());
        double width = saved.hasSize() ? saved.width() : screen.getWidth();
        double height = saved.hasSize() ? saved.height() : screen.getHeight();
        Scene scene = new Scene(view, width, height);
        Shortcuts.install(scene, viewModel);
        PlaybackKeys.install(scene, diagram.playback());
        presenter.install(scene);
        CaretRest.installInEveryWindow(); // a field left focused does not keep a window pulsing
        LessonTalk.install(scene, viewModel, () -> diagram); // a lesson's clicker keys, on this session's diagram
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F6 && !e.isShortcutDown() && !e.isAltDown()) {
                view.cycleFront(); // the state machine, then the sockets table, large in the diagram's place; then back
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED,
                e -> PredictPane.onKey(e, viewModel.predict()));
        // One base size scales every text that is sized in em (AtlantaFX's are), the diagram's and the state machine's too.
        view.styleProperty().bind(zoomStyle());
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.texts().text("app.title"));
        stage.setMinWidth(Math.min(800, screen.getWidth()));
        stage.setMinHeight(Math.min(560, screen.getHeight()));
        if (!Double.isNaN(saved.x()) && !Double.isNaN(saved.y())) {
            stage.setX(saved.x());
            stage.setY(saved.y());
        } else {
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
        }
        stage.setMaximized(saved.maximized());
        stage.show();
        view.restoreDividers(saved.dividers());
        // The session's first events (the capture's start) are drawn in the frame after the first: turning the first
        // one into the diagram's story cost the first frame about 10 ms on a 2-core machine (issue 23, start-up).
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                bridge.start(scene); // the bridge of now: a replay started meanwhile has its own, already started
            }
        });
        diagram.start();
    }

    /**
     * The zoom as CSS on a view's root: the base font, which every size in em follows (the controls', and the
     * diagram's and state machine's text, whose CSS sizes are in em too).
     */
    public StringBinding zoomStyle() {
        return Bindings.createStringBinding(() -> "-fx-font-size: " + viewModel.fontSizeProperty().get() + "px;",
                viewModel.fontSizeProperty());
    }

    public void show(Stage stage) {
        show(stage, null);
    }

    /** Stops the per-frame work and remembers the layout. FX thread. */
    public void detach() {
        if (prefsFile != null && stage != null) layoutNow().save(prefsFile);
        viewModel.predict().stop(); // a lesson waiting for an answer ends, and its thread with it
        viewModel.lessons().stop(); // and one waiting for the instructor's go
        presenter.close();
        diagram.close();
        bridge.close();
        view.release();
    }

    /** What would be remembered now. */
    WindowPrefs layoutNow() {
        boolean max = stage.isMaximized();
        return new WindowPrefs(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), max,
                view.dividers(), view.hiddenPanes(), viewModel.langProperty().get(), viewModel.themeProperty().get(),
                viewModel.zoomProperty().get(), viewModel.lastFolderProperty().get());
    }

    /** The main window's stage, once shown. */
    public Stage stage() {
        return stage;
    }

    public PresenterMode presenter() {
        return presenter;
    }

    /** Closes every socket and stops the workers; waits for them, so never on the FX thread. */
    public void closeLab() {
        viewModel.watch().shutdownNow(); // the watched program ends with the window, its sockets before the lab's
        if (lab != null) lab.close();
        files.close();
    }
}
