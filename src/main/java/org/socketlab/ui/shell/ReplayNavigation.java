package org.socketlab.ui.shell;

import java.util.List;
import java.util.function.Supplier;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.ui.common.EventWindow;

/**
 * What the window shows: the live session (from the event after {@link #liveAfter()}), or a page of a journal file read
 * back (a replayed file, or the live session's earlier events from its recording), and the moves between them. Each
 * move puts new session views in the window ({@link SessionSwitch}); the pages are read off the FX thread
 * ({@link Pages}).
 */
final class ReplayNavigation {
    /** New views on {@code journal} after {@code afterSeq}, in the same window with the same layout. FX thread. */
    @FunctionalInterface
    interface SessionSwitch {
        void switchTo(Journal journal, long afterSeq, boolean live);
    }

    /** Where the pages come from: read off the FX thread, each shown by {@link #replay} when read. */
    interface Pages {
        /** Reads {@code page} of its file. */
        void readPage(ReplayPage page);

        /** Reads the live session's events before event {@code before} from its recording. */
        void readRecordedPage(long sessionAfter, long before);

        /** Whether the live session is recorded to a file whole (its earlier events can be read back). */
        boolean recorded();
    }

    private final ShellViewModel vm;
    /** The lab's journal (an empty one where calls are unsupported): what the window shows while live. */
    private final Journal liveJournal;
    private final SessionSwitch views;
    /** The views on screen now. */
    private final Supplier<SessionViews> shown;
    private final Supplier<Pages> files;
    /** The live session starts after this event (a reset or a lesson started it). */
    private long liveAfter;
    /** The journal file being replayed; null while live. */
    private SavedJournal replayed;
    /** The part of the file on screen while replaying, and its events. */
    private ReplayPage replayedPage;
    private List<Event> replayedEvents;

    ReplayNavigation(ShellViewModel vm, Journal liveJournal, SessionSwitch views, Supplier<SessionViews> shown,
            Supplier<Pages> files) {
        this.vm = vm;
        this.liveJournal = liveJournal;
        this.views = views;
        this.shown = shown;
        this.files = files;
    }

    /**
     * A new session after event {@code cut} (the old session's last, its closes included): the diagram, journal,
     * tables, state machine and code start empty in the same window, with the same layout. FX thread (the bridge).
     */
    void startSession(long cut) {
        liveAfter = cut;
        vm.sessionStarted();
        vm.pageShown(false, false);
        views.switchTo(liveJournal, cut, true);
    }

    /** Replays a journal read back from a file, read-only: its newest page is read, then shown. FX thread. */
    void replay(SavedJournal saved) {
        files.get().readPage(ReplayPage.newest(saved, EventWindow.DEFAULT_MAX_EVENTS));
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
        vm.showReplay(page.file().name());
        views.switchTo(Journal.of(replayedEvents), page.from() - 1, false);
        SessionViews now = shown.get();
        now.diagram().model().olderInFile(page.olderInFile(), told, before.origins());
        vm.journal().olderInFile(page.olderInFile(), told, before.origins());
        vm.sockets().startAfter(before.sockets());
        now.stateMachine().viewModel().startAfter(before.sockets());
        now.processes().viewModel().startAfter(before.processes());
        vm.pageShown(page.hasEarlier(), page.hasNewer());
    }

    /**
     * Shows the page before the one shown, read from the file off the FX thread: a replayed file's, or, live, the
     * session's events the window let go, from its recording (then shown read-only until Back to the live lab). FX
     * thread.
     */
    void showEarlierEvents() {
        if (replayedPage != null) {
            if (replayedPage.hasEarlier()) files.get().readPage(replayedPage.earlier());
        } else {
            long first = shown.get().diagram().model().firstEventNumber();
            if (first > liveAfter + 1) files.get().readRecordedPage(liveAfter, first);
        }
    }

    /** Replaying an earlier page: shows the file's newest events again. FX thread. */
    void showNewestEvents() {
        if (replayedPage != null && replayedPage.hasNewer()) files.get().readPage(replayedPage.newest());
    }

    /** The events of the file on screen while replaying (a page of it), else null. */
    List<Event> replayedPage() {
        return replayed == null ? null : replayedEvents;
    }

    /** The part of the file shown while replaying, else null. */
    ReplayPage replayedRange() {
        return replayed == null ? null : replayedPage;
    }

    /** Leaves a replay: the live lab's session is shown again, from its start. FX thread. */
    void backToLive() {
        if (replayed == null) return;
        replayed = null;
        replayedPage = null;
        replayedEvents = null;
        vm.showLive();
        // The session's events the memory no longer holds are still in its recording.
        List<Event> held = liveJournal.after(liveAfter);
        vm.pageShown(files.get().recorded() && !held.isEmpty() && held.getFirst().seq() > liveAfter + 1, false);
        views.switchTo(liveJournal, liveAfter, true);
    }

    /** The journal file being replayed, or null while the window is live. */
    SavedJournal replayed() {
        return replayed;
    }

    /** The live session's first event is after this one. */
    long liveAfter() {
        return liveAfter;
    }
}
