package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;

/** The lessons on options, addresses and scenarios play to the end through the window's lesson player, on its lab. */
class OptionLessonsPlayerTest {

    @ParameterizedTest
    @ValueSource(strings = {"iterative-server", "udp-request-reply", "shut-rd", "reuseport", "keepalive", "nagle",
            "inaddr-any", "ipv6-v6only"})
    void theWindowsLessonPlayerRunsItToTheEnd(String id) throws Exception {
        try (Lab lab = Lab.onThisMachine()) {
            var shell = new ShellViewModel(lab, "Linux", Lang.EN);
            var lesson = LessonLoader.load(id);
            Predicate<Event> verdict = e -> e.endpoint().equals("lab") && e.payload() instanceof Payload.Note n
                    && n.text().get("en").startsWith("Lesson “" + lesson.title().en());
            CompletableFuture<Event> seen = new CompletableFuture<>();
            try (Subscription s = lab.journal().subscribe(e -> {
                if (verdict.test(e)) seen.complete(e);
            })) {
                shell.runLesson(lesson);
                shell.lessonToEnd(); // the whole lesson at once
                // Keepalive waits seconds for its probes; a loaded 2-core box is slow: a minute of margin.
                Event done = seen.get(60, TimeUnit.SECONDS);
                assertEquals(
                        Messages.of(Lang.EN).get("lesson.play.done", lesson.title().en(),
                                String.valueOf(lesson.steps().size())),
                        ((Payload.Note) done.payload()).text().get("en"));
            }
        }
    }
}
