package org.socketlab.lesson.predict;

import java.util.List;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
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
    private TwoHostQuizzes() {
    }

    public static void main(String[] args) {
        for (String id : args.length > 0 ? List.of(args) : LessonCatalog.TWO_HOST_IDS) {
            try {
                AllQuizzesTest.everyQuizScoresAllWithTheTruthAndNothingWrong(id,
                        capture -> Lab.onTwoHosts(Libc.forThisMachine(), new Journal(),
                                LessonLoader.load(id).hosts()));
            } catch (AssertionError | RuntimeException e) {
                System.out.println(id + ": " + e);
                System.exit(1);
            }
            System.out.println(id + ": every quiz held");
        }
        System.exit(0);
    }
}
