package org.socketlab.cli;

import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Step;
import org.socketlab.story.StoryText;

/** The lines `run` and `quiz` print for what is no call: how the wire is known, a kill, an exit, a reset, a hand-over. */
final class RunLines {
    private RunLines() {
    }

    /**
     * What a kill step did, or how a call ended that never returned: the end of the endpoint's process as the journal
     * says it ({@code SocketLab sent SIGKILL: killed by SIGKILL}, {@code the call never returned: killed by SIGPIPE}).
     */
    static String endedLine(Step step, Lab lab, Messages m) {
        Payload.Process end = LessonRunner.lastEnd(lab, step.endpoint());
        String how = end == null ? "-" : StoryText.process(end, m);
        return switch (step.kind()) {
            case KILL -> m.get("cli.run.kill", step.data(), how);
            case EXIT -> m.get("cli.run.exit", String.valueOf(step.value()), how);
            default -> m.get("cli.run.killed", how);
        };
    }

    /** What a hand-over step did: no call, the socket passed to another thread of the program. */
    static String handOverLine(Step step, Messages m) {
        return m.get("cli.run.handOver", step.socket(), Names.endpoint(step.handTo(), m));
    }

    /**
     * What a reset step did: a waiting call given up only when one was waiting (a step started it without waiting, and
     * no step finished it since), else only the sockets closed.
     */
    static String resetLine(Lesson lesson, Step reset, Messages m) {
        boolean waiting = false;
        for (Step s : lesson.steps()) {
            if (s.number() >= reset.number()) break;
            if (!s.endpoint().equals(reset.endpoint())) continue;
            if (s.kind() == Step.Kind.START) waiting = true;
            else if (s.kind() == Step.Kind.FINISH || s.kind() == Step.Kind.RESET) waiting = false;
        }
        return m.get(waiting ? "cli.run.reset" : "cli.run.reset.idle");
    }

    /**
     * The line before a lesson's first step saying how its wire is known: captured, deduced (and why), or, for a lesson
     * of AF_UNIX sockets only, that there is no wire at all.
     */
    static String wireLine(Lesson lesson, LabRun run, Messages m) {
        if (!lesson.onTheWire()) return m.get("cli.run.noWire");
        return run.wireLine(m, "cli.run.inferred").orElse("");
    }
}
