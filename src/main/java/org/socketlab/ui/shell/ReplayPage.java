package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.journal.Event;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.table.ProcessTracker;
import org.socketlab.story.table.SocketTracker;

/**
 * Which part of a replayed journal file the window shows: events {@code from} to {@code to} of {@code file}, at most a
 * window's worth ({@code size}), so the views hold no more of a big file than of a long live session. Earlier and newer
 * pages are read from the file ({@link #read}, off the FX thread). No toolkit.
 *
 * @param file  the journal file, checked
 * @param floor the first event pages go back to: the file's first, or the live session's first in the window's
 *              recording (which also holds the sessions before it)
 * @param from  the page's first event
 * @param to    the page's last event
 * @param size  how many events a page holds at most
 */
public record ReplayPage(SavedJournal file, long floor, long from, long to, int size) {
    /** The file's newest events: what a replay shows first. */
    public static ReplayPage newest(SavedJournal file, int size) {
        return new ReplayPage(file, file.first(), Math.max(file.first(), file.last() - size + 1), file.last(), size);
    }

    /** The page of the live session (after event {@code floor - 1} of the recording) that ends with event {@code to}. */
    public static ReplayPage endingAt(SavedJournal recording, long floor, long to, int size) {
        long first = Math.max(floor, recording.first());
        return new ReplayPage(recording, first, Math.max(first, to - size + 1), Math.max(first, to), size);
    }

    /** Whether the file holds events before this page. */
    public boolean hasEarlier() {
        return from > floor;
    }

    /** Whether the file holds events after this page. */
    public boolean hasNewer() {
        return to < file.last();
    }

    /** The page before this one (ending just before it), or this one when there is none. */
    public ReplayPage earlier() {
        if (!hasEarlier()) return this;
        long end = from - 1;
        return new ReplayPage(file, floor, Math.max(floor, end - size + 1), end, size);
    }

    /** The file's newest page. */
    public ReplayPage newest() {
        return new ReplayPage(file, floor, Math.max(floor, file.last() - size + 1), file.last(), size);
    }

    /** How many of the file's events come before this page: they are only in the file while it is shown. */
    public long olderInFile() {
        return from - floor;
    }

    /**
     * How many events before a page are read to know the sockets they left open (a listener from long before): the
     * socket table and state machine of a page start from them. Streamed, none held; a socket older than that is not
     * shown.
     */
    public static final long SOCKETS_LOOKBACK = 50_000;

    /**
     * What the events before a page left it: the sockets they left open, and each direction's initial sequence number
     * (so a connection whose SYN is before the page keeps its numbers on it), and the processes with their descriptors.
     */
    public record Before(SocketTracker sockets, SequenceOrigins origins, ProcessTracker processes) {
    }

    /** What the {@link #SOCKETS_LOOKBACK} events before this page left, read from the file (a worker's work). */
    public Before before() {
        SocketTracker sockets = new SocketTracker();
        SequenceOrigins origins = new SequenceOrigins();
        ProcessTracker processes = new ProcessTracker();
        long start = Math.max(floor, from - SOCKETS_LOOKBACK);
        if (start >= from) return new Before(sockets, origins, processes);
        List<Event> batch = new ArrayList<>(1024);
        file.forEach(start, from - 1, e -> {
            if (e.seq() < start) return; // the capture status before them: no socket
            origins.learn(e);
            batch.add(e);
            if (batch.size() == 1024) {
                sockets.accept(batch);
                processes.accept(batch);
                batch.clear();
            }
        });
        sockets.accept(batch);
        processes.accept(batch);
        return new Before(sockets, origins, processes);
    }

    /** The page's events, read from the file, after the capture status before them (a worker thread's work). */
    public List<Event> read() {
        return file.between(from, to);
    }
}
