package org.socketlab.lesson;

import java.nio.file.Path;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Journal;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Libc;

/**
 * A child program for {@link TwoHostLessonsTest}: run inside a private lab network, it runs a lesson on its two
 * machines at a person's pace (it waits {@code SLOW_MS} before each step from {@code FROM} to {@code TO} and
 * {@code FAST_MS} before every other one, as a student pressing "next" would) and writes the journal to {@code OUT}.
 * Exit 0 when every step did what the lesson expects; 1 with the mismatch otherwise.
 *
 * <p>Arguments: {@code OUT LESSON FAST_MS SLOW_MS FROM TO}
 */
public final class PacedTwoHostRun {
    private PacedTwoHostRun() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Lesson lesson = LessonLoader.load(args[1]);
        long fast = Long.parseLong(args[2]), slow = Long.parseLong(args[3]);
        int from = Integer.parseInt(args[4]), to = Integer.parseInt(args[5]);
        try (Lab lab = lesson.wire() == null
                ? Lab.onTwoHosts(Libc.forThisMachine(), new Journal(), lesson.hosts())
                : Lab.onTwoHosts(Libc.forThisMachine(), new Journal(), lesson.hosts(), lesson.wire())) {
            LessonReport report = new LessonRunner().run(lesson, lab, LessonRunner.freePort(), step -> {
                try {
                    Thread.sleep(step.number() >= from && step.number() <= to ? slow : fast);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> {
            });
            lab.close();
            JournalJsonl.write(lab.journal().snapshot(), out);
            if (!report.passed()) {
                System.out.println(lesson.id() + ": " + report.mismatch().describe(Messages.of(Lang.EN)));
                System.exit(1);
            }
        }
        System.out.println(lesson.id() + ": passed");
        System.exit(0);
    }
}
