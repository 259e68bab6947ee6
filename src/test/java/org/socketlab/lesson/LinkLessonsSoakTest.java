package org.socketlab.lesson;

import java.util.List;
import org.socketlab.testing.Soak;

/**
 * {@link LinkLessonsTest}'s lessons every way (the soak lane): as this test's user and, as root, as nobody, in Spanish
 * and in English, then paced at 2 s a step as the student. About four minutes of one core, so not in {@code mvn test}.
 */
@Soak
class LinkLessonsSoakTest extends LinkLessonsTest {
    @Override
    List<Way> ways() {
        return everyWay();
    }
}
