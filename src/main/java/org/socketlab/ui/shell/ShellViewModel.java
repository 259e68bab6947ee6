package org.socketlab.ui.shell;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.Event;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonRecorder;
import org.socketlab.lesson.predict.FreeLabQuiz;
import org.socketlab.ui.check.CheckViewModel;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.journal.JournalViewModel;
import org.socketlab.ui.network.MachinesViewModel;
import org.socketlab.ui.network.NetworkViewModel;
import org.socketlab.ui.predict.PredictViewModel;
import org.socketlab.ui.sockets.SocketsViewModel;
import org.socketlab.ui.watch.WatchViewModel;

/** The window as a whole: language, theme, the two endpoint panes, the socket table, the journal, and the reset of everything. */
public final class ShellViewModel {
    private final Lab lab;
    private final Texts texts;
    private final EndpointViewModel server;
    private final EndpointViewModel client;
    /** Every client pane: {@code client} first, then the ones the user added ({@code client-2}...). */
    private final ObservableList<EndpointViewModel> clients = FXCollections.observableArrayList();
    private final ObservableList<EndpointViewModel> readOnlyClients = FXCollections.unmodifiableObservableList(clients);
    private final AddressPolicy policy;
    /** The client the keyboard shortcuts act on: the one whose pane was shown or used last. */
    private final ObjectProperty<EndpointViewModel> activeClient = new SimpleObjectProperty<>(this, "activeClient");
    /** One zoom for the whole window in percent (75-300): controls, diagram, details, code and state machine. */
    private final IntegerProperty zoom = new SimpleIntegerProperty(this, "zoom", DEFAULT_ZOOM);
    /** The largest zoom this screen can show ({@link #fitZoomTo}). */
    private final ReadOnlyIntegerWrapper maxZoom = new ReadOnlyIntegerWrapper(this, "maxZoom", MAX_ZOOM);
    /** The base font size in px that the zoom gives; every view sizes its text from it. */
    private final IntegerBinding fontSize = Bindings.createIntegerBinding(
            () -> (int) Math.round(DEFAULT_FONT_SIZE * zoom.get() / 100.0), zoom);
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

    /** {@code lab} is null when this system ({@code osName}) cannot make real calls: the window says so and calls nothing. */
    public ShellViewModel(Lab lab, String osName, Lang lang) {
        this.lab = lab;
        this.texts = new Texts(lang);
        policy = lab != null ? lab.addressPolicy() : new AddressPolicy();
        server = new EndpointViewModel(Lab.SERVER, lab != null ? lab.server() : null, policy, texts);
        client = new EndpointViewModel(Lab.CLIENT, lab != null ? lab.client() : null, policy, texts);
        clients.add(client);
        activeClient.set(client);
        journal = new JournalViewModel(texts);
        predict = new PredictViewModel(texts,
                lab != null ? new FreeLabQuiz(lab.journal()) : null);
        server.setGate(predict.gate());
        client.setGate(predict.gate());
        if (lab != null) for (EndpointViewModel e : List.of(server, client)) e.setForker(p -> ForkedPanes.fork(lab, p));
        // Starting and stopping a watched program wait for processes: each on a short-lived thread of its own.
        watch = new WatchViewModel(lab, texts, inbox);
        // File → Check my program…: a check runs into this lab's journal (the diagram draws it) on a thread of its own.
        check = new CheckViewModel(texts, lab, lab != null ? lab.journal() : new Journal(), inbox);
        // Applying a drop rule waits for nft: on a short-lived thread of its own.
        network = new NetworkViewModel(lab, texts, inbox);
        // One machine or two: a change resets the session onto them (the processes end, the second host is made).
        machines = new MachinesViewModel(lab, texts, inbox, new WindowMachines(this)::resetOnto);
        // One remembered folder (kept with the window's layout): where a lesson file or a watched program was last.
        lastFolder.addListener((obs, was, is) -> {
            if (!is.isEmpty()) watch.rememberDirectory(Path.of(is));
        });
        watch.onDirectoryUsed(folder -> lastFolder.set(folder.toString()));
        otherInterfaces.addListener((obs, was, is) -> {
            policy.allowNonLoopback(is);
            server.revalidate();
            for (EndpointViewModel c : clients) c.revalidate();
        });
        sockets = new SocketsViewModel(texts);
        if (lab == null)
            banner.bind(Bindings.createStringBinding(
                    () -> texts.messages().get("app.unsupportedOs", osName), texts.messagesProperty()));
    }

    public Texts texts() {
        return texts;
    }
    /** Predict mode: its toggle, the question on screen, the verdicts and the score. */
    public PredictViewModel predict() {
        return predict;
    }
    /** File → Check my program…: the last check's verdicts and status. */
    public CheckViewModel check() {
        return check;
    }
    /** File → Watch a program…: the program being watched, its output and how it ended. */
    /** The Network control's view-model (drop rules of the private lab network). */
    public NetworkViewModel network() {
        return network;
    }

    /** The Machines control's view-model: one machine or two, and the link between them. */
    public MachinesViewModel machines() {
        return machines;
    }

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
        return server;
    }
    public EndpointViewModel client() {
        return client;
    }
    public JournalViewModel journal() {
        return journal;
    }
    public ObservableList<EndpointViewModel> clients() {
        return readOnlyClients;
    }
    public IntegerProperty zoomProperty() {
        return zoom;
    }
    /** The base font size in px for the current zoom (15 px at 100 %). */
    public IntegerBinding fontSizeProperty() {
        return fontSize;
    }
    public ObjectProperty<EndpointViewModel> activeClientProperty() {
        return activeClient;
    }

    public static final int DEFAULT_FONT_SIZE = 15;
    public static final int DEFAULT_ZOOM = 100, MIN_ZOOM = 75, MAX_ZOOM = 300;
    /** The zoom steps, as browsers have them: fine near 100 %, coarse for the projector. */
    static final int[] ZOOM_STEPS = {75, 90, 100, 125, 150, 175, 200, 250, 300};

    /**
     * The base font at a zoom must leave the window at least this many lines of its height: at 300 % a 1280x720 screen
     * (16 lines) showed no diagram at all, only its title and the step counter.
     */
    static final int MIN_LINES_ON_SCREEN = 22;
    /** And at least this many of its width, in base font sizes: the toolbar, both panes and the diagram side by side. */
    static final int MIN_EMS_ON_SCREEN = 32;

    /** The largest zoom, of {@link #ZOOM_STEPS}, the window can show on a screen {@code width} x {@code height}. */
    public static int maxZoomFor(double width, double height) {
        int max = ZOOM_STEPS[0];
        for (int step : ZOOM_STEPS) {
            double font = DEFAULT_FONT_SIZE * step / 100.0;
            if (height / font >= MIN_LINES_ON_SCREEN && width / font >= MIN_EMS_ON_SCREEN) max = step;
        }
        return Math.max(DEFAULT_ZOOM, max);
    }

    /** The zoom's ceiling on this screen ({@link #maxZoomFor}); {@link #MAX_ZOOM} until the window knows its screen. */
    public ReadOnlyIntegerProperty maxZoomProperty() {
        return maxZoom.getReadOnlyProperty();
    }

    /** The window is on a screen {@code width} x {@code height}: the zoom stops where it can show it (and comes down). */
    public void fitZoomTo(double width, double height) {
        maxZoom.set(maxZoomFor(width, height));
        if (zoom.get() > maxZoom.get()) zoom.set(maxZoom.get());
    }

    public void zoomIn() {
        for (int step : ZOOM_STEPS) if (step > zoom.get() && step <= maxZoom.get()) {
            zoom.set(step);
            return;
        }
    }

    public void zoomOut() {
        for (int i = ZOOM_STEPS.length - 1; i >= 0; i--) if (ZOOM_STEPS[i] < zoom.get()) {
            zoom.set(ZOOM_STEPS[i]);
            return;
        }
    }

    public void resetZoom() {
        zoom.set(DEFAULT_ZOOM);
    }

    /** Adds a client endpoint and its pane; returns it. */
    public EndpointViewModel addClient() {
        if (replaying()) return null;
        String name = lab != null ? lab.addClient().name() : Lab.CLIENT + "-" + (clients.size() + 1);
        EndpointViewModel added = new EndpointViewModel(name, lab != null ? lab.endpoint(name) : null, policy, texts);
        added.setGate(predict.gate());
        if (lab != null) added.setForker(p -> ForkedPanes.fork(lab, p));
        clients.add(added);
        activeClient.set(added);
        return added;
    }

    /**
     * Removes an added client: its pane goes at once, its sockets are closed (journaled) and its thread stops on a
     * short-lived thread of its own, since closing waits for the worker. The first client stays.
     */
    public void removeClient(EndpointViewModel removed) {
        if (removed == client || !clients.remove(removed)) return;
        if (activeClient.get() == removed) activeClient.set(client);
        if (lab != null)
            Thread.ofPlatform().name("socketlab-remove-" + removed.name())
                    .start(() -> lab.removeEndpoint(removed.name()));
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

    /**
     * Lessons -> Open lesson file..., once the file is read and checked (on a thread of its own, {@link SessionFiles}):
     * plays it as the shipped lessons are played. Returns null, or the problem in the user's language: then nothing
     * else changes (no socket is closed or opened, the session goes on). FX thread.
     */
    public String playLessonFile(Lesson lesson) {
        if (lab == null) return texts.messages().get("ui.lessons.noCalls");
        if (lessonRunning()) return texts.messages().get("ui.lessons.busy");
        runLesson(lesson);
        return null;
    }

    /**
     * Lessons -> Save session as lesson...: this session's calls, as the window shows them, as a lesson file's text
     * ({@link org.socketlab.lesson.LessonRecorder}); {@link SessionFiles} writes it, whole or not at all. Throws the
     * problem (nothing to record) in the user's words. FX thread.
     */
    public String sessionAsLesson() throws LocalizedException {
        return LessonRecorder.record(journal.events(), LocalDateTime.now(),
                lab != null ? lab.unixFolder().orElse(null) : null);
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
        if (lab == null || replaying()) return;
        predict.stop(); // a lesson waiting for an answer ends: its sockets are about to be closed
        lessons.stop(); // and one waiting for the instructor's go
        lessons.clear();
        resetFirst().whenComplete((done, failure) -> {
            if (failure == null) {
                cutSession();
                network.resetDone(); // the lab removed the drop rules
                wake();
            } else // the session goes on, its sockets as the journal shows them; a notice says why
                inbox.deliver(() -> fileNotice.set(
                        new LocalizedException("ui.reset.failed", String.valueOf(cause(failure)))));
        });
    }

    /** The watch stopped, then every endpoint reset, on the machines the Machines control has chosen. */
    CompletableFuture<?> resetFirst() {
        return resetFirst(machines.wantedHosts());
    }

    /**
     * The watch stopped, then every endpoint reset, then (a lab that can move) the lab put on {@code onto}: null one
     * machine, else two placed so. A lab that refuses the work gives a failed future, never throws.
     */
    CompletableFuture<?> resetFirst(LabHosts onto) {
        try {
            CompletableFuture<?> reset = afterWatchStopped(lab::resetAll);
            if (!lab.movable()) return reset;
            // Moving waits for the endpoints' workers to end their processes: on a thread of its own, never theirs.
            return reset.thenRunAsync(() -> lab.useHosts(onto),
                    work -> Thread.ofPlatform().name("socketlab-machines").daemon().start(work));
        } catch (RuntimeException refused) { // a lab whose endpoints no longer take work
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** What went wrong, without the future's wrapper. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException c && c.getCause() != null
                ? c.getCause()
                : failure;
    }

    /**
     * {@code reset} once a watched program (if any) is stopped and released, so its last calls and closes belong to the
     * session that ends; at once when nothing is watched.
     */
    private CompletableFuture<?> afterWatchStopped(
            Supplier<CompletableFuture<?>> reset) {
        if (!watch.holdsSession()) return reset.get();
        return watch.shutdown().thenCompose(stopped -> reset.get());
    }

    /** Leaves {@code outcome} for the FX thread, delivered at the bridge's next frame (any thread). */
    void deliverLater(Runnable outcome) {
        inbox.deliver(outcome);
    }

    /** The window's one inbox to the FX thread, for what works off it (file work, a watch, a check, a drop rule). */
    public FxInbox inbox() {
        return inbox;
    }

    /** A new session starts after the journal's last event now (any thread): the bridge cuts it at its next frame. */
    void cutSession() {
        // What the reset did in the kernel (a listener closed is CLOSED now) belongs to the session that made it: read it
        // before the cut, not by the sampler a moment into the new session.
        lab.observeKernelNow();
        sessionCut.set(lab.journal().size());
        lab.restateCapture(); // the new session's first event: its views know whether the wire is seen
    }

    Lab lab() {
        return lab;
    }

    /** The bridge's frame: what work off the FX thread left for the window, in order. FX thread. */
    public void deliver() {
        inbox.drain();
    }

    /** The last event of this session once a reset or a lesson asked for a new one, else -1. Any thread. */
    private final AtomicLong sessionCut = new AtomicLong(-1);

    /** Asks the window's bridge for a pulse (any thread); nothing until the window gives it ({@link #wakeWith}). */
    private volatile Runnable wake = () -> {
    };

    /**
     * How another thread that left something for the FX thread (a session's cut, a file read, a watched program's
     * output, a drop rule's outcome) gets it taken: the window's bridge asks for a pulse. The window calls it once.
     */
    public void wakeWith(Runnable wake) {
        this.wake = wake;
        inbox.wakeWith(wake);
    }

    /** Asks for a pulse in which the bridge takes what another thread left (any thread). */
    public void wake() {
        wake.run();
    }

    /** Read by the bridge each frame: where this session ends, or -1. */
    public long pendingSessionCut() {
        return sessionCut.get();
    }

    /** The new session has started (FX thread). */
    public void sessionStarted() {
        sessionCut.set(-1);
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
        server.onEvents(unseen);
        Set<String> shown = new HashSet<>(List.of(server.name()));
        for (EndpointViewModel c : clients) shown.add(c.name());
        for (String child : ForkedPanes.newChildren(unseen, shown)) { // a fork's child: a pane of its own
            EndpointViewModel pane = new EndpointViewModel(child, lab.endpoint(child), policy, texts);
            pane.setGate(predict.gate());
            pane.setForker(p -> ForkedPanes.fork(lab, p));
            clients.add(pane);
        }
        for (EndpointViewModel c : clients) c.onEvents(unseen);
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
        setPanesReplaying(true);
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
        setPanesReplaying(false);
        journal = new JournalViewModel(texts);
        sockets = new SocketsViewModel(texts);
    }

    private void setPanesReplaying(boolean on) {
        server.replayingProperty().set(on);
        for (EndpointViewModel c : clients) c.replayingProperty().set(on);
    }
}
