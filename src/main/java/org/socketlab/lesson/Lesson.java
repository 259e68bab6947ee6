package org.socketlab.lesson;

import java.util.List;

/**
 * A scripted exercise: steps on real sockets, each narrated in es and en and with the outcome it expects.
 *
 * @param anyAddress the lesson binds the wildcard addresses 0.0.0.0 or [::] (INADDR_ANY, in6addr_any), which reach
 *                   beyond this machine: it opts in to them for its run ({@code "any_address": true}), and says so
 */
public record Lesson(String id, Text title, Text summary, List<Step> steps, boolean anyAddress) {
    public Lesson {
        steps = List.copyOf(steps);
    }

    public Lesson(String id, Text title, Text summary, List<Step> steps) {
        this(id, title, summary, steps, false);
    }
}
