package org.socketlab.ui.shell;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.predict.FreeLabQuiz;
import org.socketlab.syscall.MissingTool;
import org.socketlab.ui.check.CheckViewModel;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.journal.JournalViewModel;
import org.socketlab.ui.network.MachinesViewModel;
import org.socketlab.ui.network.NetworkViewModel;
import org.socketlab.ui.predict.PredictViewModel;
import org.socketlab.ui.share.RoomShare;
import org.socketlab.ui.sockets.SocketsViewModel;
import org.socketlab.ui.watch.WatchViewModel;

/**
 * The window as a whole: language, theme, the endpoint panes ({@link WindowEndpoints}), the zoom ({@link WindowZoom}),
 * the socket table, the journal, a replayed file's paging, and the sessions' cuts and reset ({@link SessionControl}).
 */
public final class ShellViewModel {
    private final WindowLab lab;
    private final Texts texts;
    private final WindowEndpoints endpoints;
    private final AddressPolicy policy;
    private final WindowZoom zoom = new WindowZoom(this);
    /** Replaced when a new session starts: the journal view and the socket table start empty. */
    private JournalViewModel journal;
    private SocketsViewModel sockets;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    /** The explicit opt-in to addresses outside this machine (off: loopback and Unix sockets only). */
    private final BooleanProperty otherInterfaces = new SimpleBooleanProperty(this, "otherInterfaces", false);
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner", "");
    /** The folder a lesson file was last opened from or saved to ("" none yet); remembered with the layout. */
    private final StringProperty lastFolder = new SimpleStringProperty(this,
            "lastFolder", "");
    private final PredictViewModel predict;
    /** The lesson started from the window, its thread and its pace. */
    private final WindowLessons lessons = new WindowLessons(this);
    /** The window's one inbox to the FX thread; the bridge drains it once per pulse ({@link #deliver()}). */
    private final FxInbox inbox = new FxInbox();
    /** File → Watch a program…: a program of the user's own, traced into this lab's journal. */
    private final WatchViewModel watch;
    private final CheckViewModel check;
    private final NetworkViewModel network;
    private final MachinesViewModel machines;
    private final SessionControl session;
    /** Sharing the session with the room (issue 80): off until the presenter starts it. */
    private final RoomShare room;

    /** {@code lab} is null when this system ({@code osName}) cannot make real calls: the window says so and calls nothing. */
    public ShellViewModel(Lab lab, String osName, Lang lang) {
        this.lab = WindowLab.of(lab);
        this.texts = new Texts(lang);
        policy = this.lab.live().map(Lab::addressPolicy).orElseGet(AddressPolicy::new);
        journal = new JournalViewModel(texts);
        predict = new PredictViewModel(texts, this.lab.live().map(l -> new FreeLabQuiz(l.journal())).orElse(null));
        endpoints = new WindowEndpoints(this, this.lab, policy, texts, predict);
        // Starting and stopping a watched program wait for processes: each on a short-lived thread of its own.
        watch = new WatchViewModel(lab, texts, inbox);
        // File → Check my program…: a check runs into this lab's journal (the diagram draws it) on a thread of its own.
        check = new CheckViewModel(texts, lab, this.lab.journalOrEmpty(), inbox);
        // Applying a drop rule waits for nft: on a short-lived thread of its own.
        network = new NetworkViewModel(lab, texts, inbox);
        // One machine or two: a change resets the session onto them (the processes end, the second host is made).
        machines = new MachinesViewModel(lab, texts, inbox, new WindowMachines(this)::resetOnto);
        session = new SessionControl(this.lab, watch, machines::wantedHosts, inbox);
        // One remembered folder (kept with the window's layout): where a lesson file or a watched program was last.
        lastFolder.addListener((obs, was, is) -> {
            if (!is.isEmpty()) watch.rememberDirectory(Path.of(is));
        });
        watch.onDirectoryUsed(folder -> lastFolder.set(folder.toString()));
        otherInterfaces.addListener((obs, was, is) -> {
            policy.allowNonLoopback(is);
            endpoints.revalidate();
        });
        sockets = new SocketsViewModel(texts);
        room = new RoomShare(texts, inbox, RoomServerWiring.server(this));
        room.follow(predict);
        if (this.lab instanceof WindowLab.Absent)
            banner.bind(Bindings.createStringBinding(
                    () -> texts.messages().get("app.unsupportedOs", osName), texts.messagesProperty()));
        // Said once, at the start, until dismissed: what a missing strace takes away in the window and the one command
        // that brings it (issue 77); the .deb and .rpm recommend it, and a minimal install may leave it out.
        else
            if (!MissingTool.STRACE.installed())
                fileNotice.set(new LocalizedException("ui.tool.missing.strace", MissingTool.STRACE.installCommand()));
    }

    public Texts texts() {
        return texts;
    }
    /** Predict mode: its toggle, the question on screen, the verdicts and the score. */
    public PredictViewModel predict() {
        return predict;
    }
    /** Sharing with the room: its server's state, the room's answers. */
    public RoomShare room() {
        return room;
    }

    /** File → Check my program…: the last check's verdicts and status. */
    public CheckViewModel check() {
        return check;
    }
    /** The Network control's view-model (drop rules of the private lab network). */
    public NetworkViewModel network() {
        return network;
    }

    /** The Machines control's view-model: one machine or two, and the link between them. */
    public MachinesViewModel machines() {
        return machines;
    }

    /** File → Watch a program…: the program being watched, its output and how it ended. */
    public WatchViewModel watch() {
        return watch;
    }
    public ObjectProperty<Lang> langProperty() {
        return texts.langProperty();
    }
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }
    public BooleanProperty otherInterfacesProperty() {
        return otherInterfaces;
    }
    public EndpointViewModel server() {
        return endpoints.server();
    }
    public EndpointViewModel client() {
        return endpoints.client();
    }
    public JournalViewModel journal() {
        return journal;
    }
    public ObservableList<EndpointViewModel> clients() {
        return endpoints.clients();
    }
    /** One zoom for the whole window in percent (75-300): controls, diagram, details, code and state machine. */
    public IntegerProperty zoomProperty() {
        return zoom.zoom();
    }
    /** The base font size in px for the current zoom (15 px at 100 %). */
    public IntegerBinding fontSizeProperty() {
        return zoom.fontSize();
    }
    /**
     * The zoom as CSS on a view's root: the base font, which every size in em follows (the controls', and the diagram's
     * and state machine's text, whose CSS sizes are in em too). A new binding each call.
     */
    public StringBinding zoomStyle() {
        return Bindings.createStringBinding(() -> "-fx-font-size: " + zoom.fontSize().get() + "px;", zoom.fontSize());
    }
    /** The client the keyboard shortcuts act on: the one whose pane was shown or used last. */
    public ObjectProperty<EndpointViewModel> activeClientProperty() {
        return endpoints.activeClient();
    }

    public static final int DEFAULT_FONT_SIZE = WindowZoom.DEFAULT_FONT_SIZE;
    public static final int DEFAULT_ZOOM = WindowZoom.DEFAULT_ZOOM, MIN_ZOOM = WindowZoom.MIN_ZOOM,
            MAX_ZOOM = WindowZoom.MAX_ZOOM;

    /** The largest zoom the window can show on a screen {@code width} x {@code height} ({@link WindowZoom}). */
    public static int maxZoomFor(double width, double height) {
        return WindowZoom.maxZoomFor(width, height);
    }

    /** The zoom's ceiling on this screen ({@link #maxZoomFor}); {@link #MAX_ZOOM} until the window knows its screen. */
    public ReadOnlyIntegerProperty maxZoomProperty() {
        return zoom.maxZoom();
    }

    /** The window is on a screen {@code width} x {@code height}: the zoom stops where it can show it (and comes down). */
    public void fitZoomTo(double width, double height) {
        zoom.fitTo(width, height);
    }

    public void zoomIn() {
        zoom.in();
    }

    public void zoomOut() {
        zoom.out();
    }

    public void resetZoom() {
        zoom.reset();
    }

    /** Adds a client endpoint and its pane; returns it (null while replaying). */
    public EndpointViewModel addClient() {
        return replaying() ? null : endpoints.addClient();
    }

    /** Removes an added client ({@link WindowEndpoints#removeClient}). The first client stays. */
    public void removeClient(EndpointViewModel removed) {
        endpoints.removeClient(removed);
    }
    public SocketsViewModel sockets() {
        return sockets;
    }
    /** Why no call can be made on this system; empty where calls work. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    public void setLang(Lang lang) {
        texts.langProperty().set(lang);
    }

    public StringProperty lastFolderProperty() {
        return lastFolder;
    }

    /** Whether a lesson is being played now (read on the FX thread, set by the lesson's thread). */
    public boolean lessonRunning() {
        return lessons.running();
    }

    /** The lesson started from the window (until Reset all), or null. */
    public ReadOnlyObjectProperty<Lesson> lessonProperty() {
        return lessons.lessonProperty();
    }

    /** Run to the end: the rest of the lesson plays without waiting, as a lesson not paced does. */
    public void lessonToEnd() {
        lessons.toEnd();
    }

    /** The lesson started from the window: its pace (waiting step, go, stop). */
    WindowLessons lessons() {
        return lessons;
    }

    /** Plays a lesson on this window's lab in a fresh session ({@link WindowLessons#run}). FX thread. */
    public void runLesson(Lesson lesson) {
        lessons.run(lesson);
    }

    /**
     * Reset all: closes every open socket of every endpoint (each close is a real call, journaled in this session), then
     * a new session starts after them. Never waits: the closes arrive through the journal, the new session with them.
     */
    public void resetAll() {
        if (lab instanceof WindowLab.Absent || replaying()) return;
        predict.stop(); // a lesson waiting for an answer ends: its sockets are about to be closed
        lessons.stop(); // and one waiting for the instructor's go
        lessons.clear();
        session.resetFirst().whenComplete((done, failure) -> {
            if (failure == null) {
                session.cutSession();
                network.resetDone(); // the lab removed the drop rules
                session.wake();
            } else // the session goes on, its sockets as the journal shows them; a notice says why
                inbox.deliver(() -> fileNotice.set(
                        new LocalizedException("ui.reset.failed", String.valueOf(SessionControl.cause(failure)))));
        });
    }

    /** The ends and starts of sessions: resets, cuts, and the bridge's wake-up. */
    SessionControl session() {
        return session;
    }

    /** Leaves {@code outcome} for the FX thread, delivered at the bridge's next frame (any thread). */
    void deliverLater(Runnable outcome) {
        inbox.deliver(outcome);
    }

    /** The window's one inbox to the FX thread, for what works off it (file work, a watch, a check, a drop rule). */
    public FxInbox inbox() {
        return inbox;
    }

    /** The window's lab, or none. */
    WindowLab lab() {
        return lab;
    }

    /** The bridge's frame: what work off the FX thread left for the window, in order. FX thread. */
    public void deliver() {
        inbox.drain();
    }

    /** How another thread gets what it left for the FX thread taken ({@link SessionControl#wakeWith}). Called once. */
    public void wakeWith(Runnable wake) {
        session.wakeWith(wake);
    }

    /** Asks for a pulse in which the bridge takes what another thread left (any thread). */
    public void wake() {
        session.wake();
    }

    /** The current session's bridge drained now (FX thread); nothing until the window gives it. */
    private Runnable takeJournal = () -> {
    };

    /** How {@link #takeJournalNow} drains the current session's bridge. Called once, by the window. */
    void takeJournalWith(Runnable drain) {
        takeJournal = drain;
    }

    /**
     * The journal's new events taken into the views now, not at the next frame (FX thread): a paced lesson's press
     * shows the step it made at once, though a loaded machine's next frame may come half a second later (issue 78).
     */
    void takeJournalNow() {
        takeJournal.run();
    }

    /** Read by the bridge each frame: where this session ends, or -1. */
    public long pendingSessionCut() {
        return session.pendingCut();
    }

    /** The new session has started (FX thread). */
    public void sessionStarted() {
        session.started();
        endpoints.dropEnded(); // the panes of forked children the reset ended
        predict.sessionStarted();
        journal = new JournalViewModel(texts);
        sockets = new SocketsViewModel(texts);
    }

    /** The bridge's sink: every new event, in journal order, on the FX thread. */
    public void onEvents(List<Event> batch) {
        journal.onEvents(batch);
        if (!replaying.get().isEmpty()) return; // a replayed file's sockets are not the live panes' ones
        // Back from a replay, the live session is delivered again: the panes have seen it already.
        List<Event> unseen = batch.stream().filter(e -> e.seq() > endpointsSeenSeq).toList();
        if (unseen.isEmpty()) return;
        endpointsSeenSeq = unseen.getLast().seq();
        predict.onEvents(unseen);
        room.onEvents(unseen);
        endpoints.onEvents(unseen);
    }

    /** The newest live event the endpoint panes were given. */
    private long endpointsSeenSeq;
    /** The name of the journal file being replayed; empty while the window shows the live lab. */
    private final ReadOnlyStringWrapper replaying = new ReadOnlyStringWrapper(this, "replaying", "");
    /** The last word of File: saved, exported, or why a file could not be opened; null when there is none to show. */
    private final ObjectProperty<LocalizedException> fileNotice = new SimpleObjectProperty<>(this,
            "fileNotice");

    /** The replayed file's name, or empty while live: the window says "no calls are made" while it is not. */
    public ReadOnlyStringProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }
    public boolean replaying() {
        return !replaying.get().isEmpty();
    }
    public ObjectProperty<LocalizedException> fileNoticeProperty() {
        return fileNotice;
    }

    /** The file notice in the window's language, empty when there is none. */
    public StringBinding fileNoticeText() {
        return Bindings.createStringBinding(
                () -> fileNotice.get() == null ? "" : texts.messages().text(fileNotice.get()),
                fileNotice, texts.messagesProperty());
    }

    /**
     * The window now shows {@code fileName} read back (FX thread): the journal and socket table start empty for it, and
     * the endpoint panes refuse every call until {@link #showLive()}.
     */
    public void showReplay(String fileName) {
        replaying.set(fileName);
        endpoints.setReplaying(true);
        journal = new JournalViewModel(texts);
        sockets = new SocketsViewModel(texts);
    }

    /** Whether a replayed file holds events before, and after, the page shown (File's paging items). */
    private final ReadOnlyBooleanWrapper earlierInFile = new ReadOnlyBooleanWrapper(this, "earlierInFile"),
            newerInFile = new ReadOnlyBooleanWrapper(this, "newerInFile");

    /** The page of a replayed file now shown has earlier and newer events in the file, or not (FX thread). */
    public void pageShown(boolean earlier, boolean newer) {
        earlierInFile.set(earlier);
        newerInFile.set(newer);
    }

    public ReadOnlyBooleanProperty earlierInFileProperty() {
        return earlierInFile.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty newerInFileProperty() {
        return newerInFile.getReadOnlyProperty();
    }

    /** Back to the live lab (FX thread): its session is shown again from its start. */
    public void showLive() {
        replaying.set("");
        endpoints.setReplaying(false);
        journal = new JournalViewModel(texts);
        sockets = new SocketsViewModel(texts);
    }
}
