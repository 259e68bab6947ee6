package org.socketlab.ui.shell;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.socketlab.journal.Journal;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.common.Feature;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.processes.ProcessesFeature;
import org.socketlab.ui.sockets.SocketsFeature;
import org.socketlab.ui.statemachine.StateMachineFeature;

/**
 * The views of one session, fed by their own bridge: the diagram, the socket table, the processes, the state machine,
 * the code and the main window holding them. Made again, empty, when Reset all or a lesson starts a new session, and
 * when the window moves between the live lab and a file's page.
 */
final class SessionViews {
    private final JournalBridge bridge;
    private final DiagramFeature diagram;
    private final StateMachineFeature stateMachine;
    private final CodeFeature code;
    private final SocketsFeature sockets;
    private final ProcessesFeature processes;
    private final MainWindow view;

    /**
     * The views of a session that starts after event {@code afterSeq} of {@code journal}; only the live journal's
     * sessions end with a reset or a lesson ({@code startSession} is given where the next one starts).
     * {@code recorded}: whether the live session's earlier events can be read back; {@code showEarlier} reads them.
     */
    SessionViews(ShellViewModel vm, LessonCatalog lessons, Journal journal, long afterSeq, boolean live,
            LongConsumer startSession, BooleanSupplier recorded, Runnable showEarlier) {
        this.bridge = new JournalBridge(journal, afterSeq);
        this.diagram = new DiagramFeature(vm.texts());
        diagram.lessonEndProperty().bind(vm.lessons().endProperty()); // a lesson's banner ends with it
        if (live) diagram.linkLineProperty().bind(vm.machines().linkLineProperty()); // "link: 50 ms each way"
        this.stateMachine = new StateMachineFeature(vm.texts());
        this.code = new CodeFeature(vm.texts());
        this.sockets = new SocketsFeature(vm.sockets());
        this.processes = new ProcessesFeature(vm.texts());
        List<Feature> features = List.of(diagram, sockets, processes, stateMachine, code);
        bridge.addSink(vm::onEvents);
        for (Feature f : features) bridge.addSink(f::onEvents);
        // The socket table, the state machine and the code show the moment the diagram's playback has reached.
        bridge.addSink(PlaybackFollower.following(diagram.model(), diagram.playback(), features)::onEvents);
        if (live) bridge.endSessionWhen(vm::pendingSessionCut, startSession);
        if (live && afterSeq > 0) bridge.startsAtCut(vm.session().cutAtNs()); // the old lab's late words stay old
        if (live) { // a session seen from its start draws no socket of an earlier one (SocketIdentities)
            diagram.model().startsSessionAfter(afterSeq);
            vm.journal().startsSessionAfter(afterSeq);
            vm.network().startsSessionAfter(afterSeq); // a loss is armed on this session's server, not a lesson's
        }
        // Live, the events the window lets go can be read back from the session's recording.
        if (live) diagram.model().onOlder(gone -> vm.pageShown(recorded.getAsBoolean(), false));
        bridge.everyFrame(vm::deliver); // the window's one inbox: files, watch, check, network, resets
        // The TIME_WAIT countdown: one pulse a second while a connection counts down, none otherwise.
        bridge.everySecond(() -> vm.sockets().countingDown(), () -> vm.sockets().tick());
        bridge.everyFrame(vm.network()::noticeSpentLoss);
        diagram.details().offerEarlierEvents(vm.earlierInFileProperty(), showEarlier);
        // The code panel shows the call selected in the diagram, else the last one at the playback cursor.
        diagram.details().selectedProperty().addListener((obs, was, row) -> {
            if (row instanceof Row.CallRow call) code.select(call.event());
            else code.followLatest();
        });
        this.view = new MainWindow(vm, diagram, sockets, processes, stateMachine, code, lessons);
    }

    JournalBridge bridge() {
        return bridge;
    }

    DiagramFeature diagram() {
        return diagram;
    }

    StateMachineFeature stateMachine() {
        return stateMachine;
    }

    CodeFeature code() {
        return code;
    }

    ProcessesFeature processes() {
        return processes;
    }

    MainWindow view() {
        return view;
    }

    /**
     * Selects in the diagram the row of event {@code seq} (or of the latest event before it): a check's ✗ clicked. The
     * rows are in the story's order, not always the journal's (a segment captured later may be drawn before a call's
     * return), so every row is looked at: stopping at the first later one selected an earlier event (r1, loaded).
     */
    void showEvent(long seq) {
        Row found = null;
        for (Row row : diagram.model().rows()) {
            long at = row.event().seq();
            if (at <= seq && (found == null || at > found.event().seq())) found = row;
        }
        if (found != null) diagram.details().selectedProperty().set(found);
    }

    /** Stops the session's per-frame work and lets its views go. FX thread. */
    void close() {
        diagram.close();
        bridge.close();
        view.release();
    }
}
