package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.testing.Browser;
import org.socketlab.testing.Chromium;

/**
 * A share in Debian's headless chromium (issue 80, "Done when"): the page served by {@link ShareServer}, the views drawn
 * by {@link StoryRoomRenderer} from a real tcp-basics journal given out step by step as presses would, a wrong code
 * refused, and after each of two presses the step's rows and narration on the page within 500 ms.
 */
@Browser
class LiveShareBrowserTest {
    /** A session that hands out a saved run's events a step at a time, as the lesson's presses would. */
    static final class Presses implements SharedSession {
        private final List<Event> events;
        private final List<Integer> ends;
        private final Lesson lesson;
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile int step;
        private volatile long version = 1;

        Presses(List<Event> events, Lesson lesson) {
            this.events = events;
            this.lesson = lesson;
            this.ends = SavedSessionPage.stepEnds(events, lesson);
        }

        @Override
        public RoomState state() {
            int s = step;
            return new RoomState(version, events.subList(0, s == 0 ? 1 : ends.get(s - 1)), lesson, s,
                    lesson.steps().size(), null);
        }

        @Override
        public void onChange(Runnable listener) {
            listeners.add(listener);
        }

        void press() {
            step++;
            version++;
            for (Runnable l : listeners) l.run();
        }
    }

    @Test
    void aStudentJoinsWithTheCodeAndSeesEachStepWithinHalfASecond() throws Exception {
        List<Event> events = JournalJsonl.read(Path.of("src/test/resources/org/socketlab/share/tcp-basics.jsonl"));
        Presses session = new Presses(events, LessonLoader.load("tcp-basics"));
        JoinCode code = JoinCode.random();
        JoinCode wrong = new JoinCode(code.text().charAt(0) == '2'
                ? "3" + code.text().substring(1)
                : "2" + code.text().substring(1));
        try (ShareServer server = ShareServer.start(session, new StoryRoomRenderer(), null,
                InetAddress.getLoopbackAddress(), 0, code, Lang.EN, ShareServer.Limits.DEFAULT)) {
            ChromeDriver d = Chromium.start(1280, 720);
            try {
                Chromium.viewport(d, 1280, 720, false);
                d.get(server.address().toString());
                join(d, wrong.text());
                WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(10), Duration.ofMillis(10));
                wait.until(x -> x.findElement(By.id("join-error")).isDisplayed());
                assertEquals("That code is not this session's code: check it on the projector.",
                        d.findElement(By.id("join-error")).getText());
                assertTrue(!d.findElement(By.id("room")).isDisplayed(), "nothing of the room without the code");

                join(d, code.text().toLowerCase(Locale.ROOT));
                wait.until(x -> x.findElement(By.id("room")).isDisplayed());
                assertEquals("Before the first step", d.findElement(By.id("counter")).getText());
                for (int press = 1; press <= 2; press++) {
                    String want = "Step " + press + " of 12", row = press == 1 ? "socket(AF_INET" : "bind(3, 127";
                    long pressed = System.nanoTime();
                    session.press();
                    wait.until(x -> x.findElement(By.id("counter")).getText().equals(want)
                            && x.findElement(By.cssSelector("#diagram svg")).getText().contains(row));
                    long ms = (System.nanoTime() - pressed) / 1_000_000;
                    assertTrue(ms <= 500, "step " + press + " reached the page after " + ms + " ms");
                    System.out.println("share: press " + press + " on the page after " + ms + " ms");
                }
                assertTrue(d.findElement(By.id("narration")).getText().contains("bind()"));
            } finally {
                d.quit();
            }
        }
    }

    private static void join(ChromeDriver d, String code) {
        d.findElement(By.id("code")).clear();
        d.findElement(By.id("code")).sendKeys(code);
        d.findElement(By.id("join-button")).click();
    }
}
