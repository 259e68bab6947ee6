package org.socketlab.share;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.lesson.Lesson;

/** The live session at one moment: the journal's events so far and where the lesson is. */
public record RoomState(long version, List<Event> events, @Nullable Lesson lesson, int step, int steps,
        @Nullable RoomQuestion question) {
}
