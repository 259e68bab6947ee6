package org.socketlab.ui.shell;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.lesson.Lesson;
import org.socketlab.share.RoomAnswers;
import org.socketlab.share.RoomState;
import org.socketlab.share.SharedSession;

/**
 * The window's session as the room sees it (issue 80): this lab's journal from the moment sharing started, the lesson
 * the window runs and the step its narration reached (as the banner counts it, {@link LessonTalk#stepOf}), and the
 * question the room is asked. Read on the server's threads: the lesson comes from the FX thread through a volatile.
 */
final class WindowShare implements SharedSession, AutoCloseable {
    private final Journal journal;
    private final RoomAnswers answers;
    /** The journal's last seq when sharing started: the room sees the session from there on. */
    private final long from;
    private final AtomicLong version = new AtomicLong(1);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Subscription watch;
    private volatile @Nullable Lesson lesson;

    WindowShare(Journal journal, @Nullable Lesson lesson, RoomAnswers answers) {
        this.journal = journal;
        this.answers = answers;
        this.lesson = lesson;
        List<Event> before = journal.snapshot();
        this.from = before.isEmpty() ? 0 : before.getLast().seq();
        this.watch = journal.subscribe(e -> changed());
        answers.onChange(this::changed);
    }

    /** The window started or ended a lesson (FX thread). */
    void lesson(@Nullable Lesson now) {
        lesson = now;
        changed();
    }

    @Override
    public RoomState state() {
        long v = version.get(); // before the events: a view of this version holds at least what it says
        List<Event> events = journal.after(from);
        Lesson l = lesson;
        int step = 0;
        if (l != null)
            for (Event e : events)
                if (e.payload() instanceof Payload.Note note) step = Math.max(step, LessonTalk.stepOf(l, note));
        return new RoomState(v, events, l, step, l == null ? 0 : l.steps().size(), answers.open());
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        version.incrementAndGet();
        for (Runnable l : listeners) l.run();
    }

    @Override
    public void close() {
        watch.close();
    }
}
