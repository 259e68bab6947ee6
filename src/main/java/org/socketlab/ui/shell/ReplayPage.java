package org.socketlab.ui.shell;

import java.util.List;
import org.socketlab.export.SavedJournal;
import org.socketlab.lab.Event;

/**
 * Which part of a replayed journal file the window shows: events {@code from} to {@code to} of {@code file}, at most a
 * window's worth ({@code size}), so the views hold no more of a big file than of a long live session. Earlier and newer
 * pages are read from the file ({@link #read}, off the FX thread). No toolkit.
 *
 * @param file the journal file, checked
 * @param from the page's first event
 * @param to   the page's last event
 * @param size how many events a page holds at most
 */
public record ReplayPage(SavedJournal file, long from, long to, int size) {
    /** The file's newest events: what a replay shows first. */
    public static ReplayPage newest(SavedJournal file, int size) {
        return new ReplayPage(file, Math.max(file.first(), file.last() - size + 1), file.last(), size);
    }

    /** Whether the file holds events before this page. */
    public boolean hasEarlier() {
        return from > file.first();
    }

    /** Whether the file holds events after this page. */
    public boolean hasNewer() {
        return to < file.last();
    }

    /** The page before this one (ending just before it), or this one when there is none. */
    public ReplayPage earlier() {
        if (!hasEarlier()) return this;
        long end = from - 1;
        return new ReplayPage(file, Math.max(file.first(), end - size + 1), end, size);
    }

    /** The file's newest page. */
    public ReplayPage newest() {
        return newest(file, size);
    }

    /** How many of the file's events come before this page: they are only in the file while it is shown. */
    public long olderInFile() {
        return from - file.first();
    }

    /** The page's events, read from the file, after the capture status before them (a worker thread's work). */
    public List<Event> read() {
        return file.between(from, to);
    }
}
