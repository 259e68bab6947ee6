package org.socketlab.lesson;

import java.util.List;

/** A scripted exercise: steps on real sockets, each narrated in es and en and with the outcome it expects. */
public record Lesson(String id, Text title, Text summary, List<Step> steps) {
    public Lesson {
        steps = List.copyOf(steps);
    }
}
