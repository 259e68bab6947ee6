package org.socketlab.lesson;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Journal;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.predict.Quiz;
import org.socketlab.syscall.Libc;

/**
 * A child program for {@link LinkLessonsTest}: run inside a private lab network, it plays a lesson's quiz on its two
 * machines at a student's pace (each answer {@code ANSWER_MS} after its question, always option {@code CHOICE}, or the
 * last where there are fewer) and writes the journal to {@code OUT}. Exit 0 when the lesson ran to its end; 1 otherwise.
 *
 * <p>Arguments: {@code OUT LESSON ANSWER_MS CHOICE}
 */
public final class PacedQuizRun {
    private PacedQuizRun() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Lesson lesson = LessonLoader.load(args[1]);
        long pace = Long.parseLong(args[2]);
        int choice = Integer.parseInt(args[3]);
        Quiz.Result result;
        try (Lab lab = lesson.wire() == null
                ? Lab.onTwoHosts(Libc.forThisMachine(), new Journal(), lesson.hosts())
                : Lab.onTwoHosts(Libc.forThisMachine(), new Journal(), lesson.hosts(), lesson.wire())) {
            result = new Quiz().play(lesson, lab, LessonRunner.freePort(), q -> {
                Thread.sleep(pace);
                return OptionalInt.of(Math.min(choice, q.options().size()));
            }, v -> System.out.println(v.describe(Messages.of(Lang.EN))));
            lab.close();
            JournalJsonl.write(lab.journal().snapshot(), out);
        }
        if (result.report() == null || !result.report().passed()) {
            System.out.println(lesson.id() + ": " + (result.report() == null
                    ? "no report"
                    : result.report().mismatch().describe(Messages.of(Lang.EN))));
            System.exit(1);
        }
        System.out.println(lesson.id() + ": quiz played");
        System.exit(0);
    }
}
