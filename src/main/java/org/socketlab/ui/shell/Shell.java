package org.socketlab.ui.shell;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.ui.check.CheckDialog;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.common.CaretRest;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.predict.PredictPane;
import org.socketlab.ui.statemachine.StateMachineFeature;
import org.socketlab.ui.watch.WatchBar;
import org.socketlab.ui.watch.WatchMenu;
import org.socketlab.ui.watch.WatchViewModel;

/**
 * The composition root of the window: builds the Lab (where this OS can make calls), the bridge, the view-models and
 * the views, and passes each what it needs through its constructor. The jobs are others': one session's views
 * ({@link SessionViews}), what is shown, live or a file's page ({@link ReplayNavigation}), File
 * ({@link SessionFiles}), the lesson files ({@link LessonFileActions}) and presenter mode ({@link PresenterMode}).
 */
public final class Shell {
    public static final double WIDTH = 1320;
    public static final double HEIGHT = 900;

    private final ShellViewModel viewModel;
    /** One session's views: made again, empty, when Reset all or a lesson starts a new session. */
    private volatile SessionViews views;
    private Stage stage;
    private Path prefsFile;
    private final PresenterMode presenter;
    private final LessonCatalog lessons;
    /** The live session, or the page of a file, on screen. */
    private final ReplayNavigation shown;
    private final LessonFileActions lessonFiles;
    /** File: save, open, export. */
    private final SessionFiles files;

    /** {@code lab} null means this system cannot make real calls; the Lessons menu parses the shipped lessons itself. */
    public Shell(Lab lab, String osName, Lang lang) {
        this(lab, new LessonCatalog(), osName, lang);
    }

    /** The window on {@code lab} (null: this system cannot make real calls), with {@code lessons} in its Lessons menu. */
    public Shell(Lab lab, LessonCatalog lessons, String osName, Lang lang) {
        this.lessons = lessons;
        this.viewModel = new ShellViewModel(lab, osName, lang);
        this.presenter = new PresenterMode(viewModel, () -> views, () -> stage);
        Journal liveJournal = viewModel.lab().journalOrEmpty();
        this.shown = new ReplayNavigation(viewModel, liveJournal, this::switchTo, () -> views, this::files);
        this.lessonFiles = new LessonFileActions(viewModel, () -> stage);
        this.files = new SessionFiles(viewModel, liveJournal, shown, () -> views.diagram());
        buildSession(liveJournal, 0, true);
        // Other threads (a session's cut, a file read, a watched program) wake the FX thread through the current bridge.
        viewModel.wakeWith(() -> views.bridge().wake());
        viewModel.takeJournalWith(() -> views.bridge().drain()); // a lesson's press, at once (issue 78)
    }

    /** The views of a session after event {@code afterSeq} of {@code journal}, and the window's actions on them. */
    private void buildSession(Journal journal, long afterSeq, boolean live) {
        this.views = new SessionViews(viewModel, lessons, journal, afterSeq, live, shown::startSession,
                files::recorded, shown::showEarlierEvents);
        MainWindow view = views.view();
        // The gesture's on-screen button in the window too (a touch screen), beside the link's line it changes.
        if (live)
            views.diagram().addLinkAction(presenter.dropKeys().button(viewModel.texts(), "window-drop-hold",
                    Region.USE_PREF_SIZE));
        view.setOnPresent(presenter::toggle);
        view.setOnPopOut(presenter::popOutDiagram);
        view.setOnShare(() -> presenter.shareWithTheRoom(stage));
        view.setOnBackToLive(this::backToLive);
        FileMenu.fill(view.fileMenu(), files, viewModel.texts());
        WatchMenu.addTo(view.fileMenu(), viewModel.watch(),
                viewModel.replayingProperty().isNotEmpty());
        // The watched program's bar, made when a program is first watched (a binding: the model is held weakly).
        var watchStatus = viewModel.watch().statusProperty();
        view.addBarWhenShown(Bindings.createBooleanBinding(
                () -> !(watchStatus.get() instanceof WatchViewModel.Status.Idle), watchStatus),
                () -> new WatchBar(viewModel.watch()));
        MenuItem checkItem = new MenuItem();
        checkItem.setId("file-check");
        checkItem.setMnemonicParsing(false);
        checkItem.textProperty().bind(viewModel.texts().text("ui.file.check"));
        checkItem.disableProperty().bind(viewModel.replayingProperty().isNotEmpty());
        checkItem.setOnAction(e -> new CheckDialog(viewModel.check(),
                view.fileMenu().getScene() == null ? null : view.fileMenu().getScene().getWindow(), this::showEvent)
                .show());
        view.fileMenu().getItems().add(checkItem);
        view.setOnOpenLesson(lessonFiles::chooseToOpen);
        view.setOnSaveLesson(lessonFiles::chooseToSave);
    }

    /** Selects in the diagram the row of event {@code seq} (or the last one before it): a check's ✗ clicked. */
    void showEvent(long seq) {
        views.showEvent(seq);
    }

    /**
     * Reads a lesson file (on a thread of its own) and plays it; a problem is shown in a dialog, in the user's
     * language, and nothing else changes. FX thread.
     */
    public void openLessonFile(Path file) {
        lessonFiles.open(file);
    }

    /**
     * Writes this session's calls as a lesson file (on a thread of its own); a problem is shown in a dialog and no
     * file is left. FX thread.
     */
    public void saveSessionAsLesson(Path file) {
        lessonFiles.save(file);
    }

    /** The last problem dialog shown (tests read it), or null. */
    Alert lastProblem() {
        return lessonFiles.lastProblem();
    }

    /**
     * Replays a journal read back from a file, read-only: every view shows it as it was recorded, no call is made, and
     * the window says so until {@link #backToLive()}. The live session goes on untouched underneath. Its newest page is
     * read off the FX thread and shown when read. FX thread.
     */
    public void replay(SavedJournal saved) {
        shown.replay(saved);
    }

    /** Shows the page before the one shown ({@link ReplayNavigation#showEarlierEvents}). FX thread. */
    public void showEarlierEvents() {
        shown.showEarlierEvents();
    }

    /** Replaying an earlier page: shows the file's newest events again. FX thread. */
    public void showNewestEvents() {
        shown.showNewestEvents();
    }

    /** The events of the file on screen while replaying (a page of it), else null. */
    public List<Event> replayedPage() {
        return shown.replayedPage();
    }

    /** The part of the file shown while replaying, else null. */
    public ReplayPage replayedRange() {
        return shown.replayedRange();
    }

    /** Leaves a replay: the live lab's session is shown again, from its start. FX thread. */
    public void backToLive() {
        shown.backToLive();
    }

    /** The journal file being replayed, or null while the window is live. */
    public SavedJournal replayed() {
        return shown.replayed();
    }

    /** The live session's first event is after this one. */
    long liveAfter() {
        return shown.liveAfter();
    }

    /** Save, open and export. */
    public SessionFiles files() {
        return files;
    }

    /** New views on {@code journal} after {@code afterSeq}, in the same window with the same layout. FX thread. */
    private void switchTo(Journal journal, long afterSeq, boolean live) {
        MainWindow old = views.view();
        double[] dividers = old.dividers();
        String hidden = old.hiddenPanes();
        MainWindow.Pane front = old.front();
        boolean presenting = presenter.active(), poppedOut = presenter.popOutStage() != null;
        presenter.close();
        views.close();
        buildSession(journal, afterSeq, live);
        if (stage == null) return;
        MainWindow view = views.view();
        view.hidePanes(hidden);
        view.styleProperty().bind(zoomStyle());
        stage.getScene().setRoot(view);
        PlaybackKeys.install(stage.getScene(), views.diagram().playback());
        if (front != null) view.bringToFront(front); // a new session keeps the pane brought to the front
        view.restoreDividers(dividers);
        views.bridge().start(stage.getScene());
        views.diagram().start();
        if (poppedOut) presenter.popOutDiagram();
        if (presenting) presenter.enter();
    }

    public ShellViewModel viewModel() {
        return viewModel;
    }
    public MainWindow view() {
        return views.view();
    }
    public JournalBridge bridge() {
        return views.bridge();
    }
    public DiagramFeature diagram() {
        return views.diagram();
    }
    public StateMachineFeature stateMachine() {
        return views.stateMachine();
    }
    public CodeFeature code() {
        return views.code();
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
            views.view().hidePanes(saved.hiddenPanes());
        }
        // The zoom stops where this screen still shows the diagram (a saved 300 % comes down to it).
        viewModel.fitZoomTo(screen.getWidth(), screen.getHeight());
        double width = saved.hasSize() ? saved.width() : screen.getWidth();
        double height = saved.hasSize() ? saved.height() : screen.getHeight();
        views.view().panesAfterFirstFrame();
        Scene scene = new Scene(views.view(), width, height);
        Shortcuts.install(scene, viewModel);
        PlaybackKeys.install(scene, views.diagram().playback());
        presenter.install(scene);
        CaretRest.installInEveryWindow(); // a field left focused does not keep a window pulsing
        LessonTalk.install(scene, viewModel, () -> views.diagram()); // a lesson's clicker keys, on this session's diagram
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F6 && !e.isShortcutDown() && !e.isAltDown()) {
                views.view().cycleFront(); // the state machine, then the sockets table, large in the diagram's place; then back
                e.consume();
            }
            // F7, F8: the clients' or the server's pane folds away and the diagram takes its width; again, back.
            if ((e.getCode() == KeyCode.F7 || e.getCode() == KeyCode.F8) && !e.isShortcutDown() && !e.isAltDown()
                    && !presenter.active()) {
                views.view().toggleSide(e.getCode() == KeyCode.F7 ? MainWindow.Pane.CLIENTS : MainWindow.Pane.SERVER);
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED,
                e -> PredictPane.onKey(e, viewModel.predict()));
        // F9 or D held: the link between the machines drops every packet (a presenter's gesture), said in the diagram's
        // head; presenter mode holds the same (HoldToDrop).
        presenter.dropKeys().install(scene);
        // One base size scales every text that is sized in em (AtlantaFX's are), the diagram's and the state machine's too.
        views.view().styleProperty().bind(zoomStyle());
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
        views.view().restoreDividers(saved.dividers());
        // The session's first events (the capture's start) are drawn in the frame after the first: turning the first
        // one into the diagram's story cost the first frame about 10 ms on a 2-core machine (issue 23, start-up).
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                views.bridge().start(scene); // the bridge of now: a replay started meanwhile has its own, already started
            }
        });
        views.diagram().start();
    }

    /**
     * The zoom as CSS on a view's root: the base font, which every size in em follows (the controls', and the
     * diagram's and state machine's text, whose CSS sizes are in em too).
     */
    public StringBinding zoomStyle() {
        return viewModel.zoomStyle();
    }

    public void show(Stage stage) {
        show(stage, null);
    }

    /** Stops the per-frame work and remembers the layout. FX thread. */
    public void detach() {
        if (prefsFile != null && stage != null) layoutNow().save(prefsFile);
        viewModel.predict().stop(); // a lesson waiting for an answer ends, and its thread with it
        viewModel.lessons().stop(); // and one waiting for the instructor's go
        viewModel.room().stop(); // the room is no longer served once the window closes
        presenter.close();
        views.close();
    }

    /** What would be remembered now. */
    WindowPrefs layoutNow() {
        boolean max = stage.isMaximized();
        return new WindowPrefs(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), max,
                views.view().dividers(), views.view().hiddenPanes(), viewModel.langProperty().get(),
                viewModel.themeProperty().get(),
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
        viewModel.lab().live().ifPresent(Lab::close);
        files.close();
    }
}
