package org.socketlab.lesson.predict;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.journal.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.syscall.Libc;

/**
 * A child program for {@code TwoHostLessonsTest}: run inside a private lab network, it checks every quiz of the lessons
 * on two machines as {@link AllQuizzesTest} checks the others (the truth read from a captured run, every true answer
 * right, every other one wrong), each play on a lab of two machines of its own. Exit 0 when all held; 1 with what
 * differed.
 *
 * <p>Arguments: the lessons (default: {@link LessonCatalog#TWO_HOST_IDS}).
 */
public final class TwoHostQuizzes {
    /** The lesson whose quiz has a question for two machines only (a connect() where no host is). */
    static final String MOVED = "two-machines";

    private TwoHostQuizzes() {
    }

    public static void main(String[] args) {
        List<String> ids = new ArrayList<>(LessonCatalog.TWO_HOST_IDS);
        ids.add(MOVED); // moved to two machines (run --two-hosts), with its steps for two machines only
        for (String id : args.length > 0 ? List.of(args) : ids) {
            long started = System.nanoTime();
            try {
                Lesson lesson = id.equals(MOVED) ? TwoHosts.rewrite(LessonLoader.load(id)) : LessonLoader.load(id);
                AllQuizzesTest.everyQuizScoresAllWithTheTruthAndNothingWrong(id, lesson,
                        capture -> lesson.wire() == null
                                ? Lab.onTwoHosts(Libc.forThisMachine(), new Journal(), lesson.hosts())
                                : Lab.onTwoHosts(Libc.forThisMachine(), new Journal(), lesson.hosts(), lesson.wire()));
            } catch (AssertionError | RuntimeException e) {
                System.out.println(id + ": " + e);
                System.exit(1);
            }
            // Its time goes to the log: a wait for the wire (LinkFates.awaitQuiet) shows here first.
            System.out.printf("%s: every quiz held (%.1f s)%n", id, (System.nanoTime() - started) / 1e9);
        }
        System.exit(0);
    }
}
