package org.socketlab.ui.shell;

import static org.socketlab.ui.UiTestSupport.fx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.syscall.Libc;
import org.socketlab.ui.HeadlessScreen;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.diagram.DiagramFeature;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * Issue 78, "every sentence in step": a lesson paged as an instructor pages it, one PageDown every 2.5 s whatever the
 * window shows, in the real window (headless platform, 1280x720). For each press it prints how long after the press the
 * banner named the step the press made ("Step 6 of 11"; 0 when it already did), and how long until it named the next
 * step, which waits for the next press (that one includes the step's real call and its link). A press while a step still
 * runs makes nothing, by design: it is printed as dropped. Also printed: the steps the banner never named going forward
 * (the review saw round-trip's, slow-start's and loss-burst's step 6 only with PageUp), and the load average.
 * <p>
 * Not part of the test run. On one machine (tcp-basics, mss-segmentation): {@code mvn -B test
 * -Dtest=LessonBannerBenchmark}. On two machines with each lesson's own link (round-trip, slow-start, loss-burst), in the
 * private lab network: {@code bash packaging/bench/in-lab-network.sh org.socketlab.ui.shell.LessonBannerBenchmark
 * -Dglass.platform=Headless -Dprism.order=sw}. Beside load: one busy loop per core
 * ({@code for i in 1 2; do (while :; do :; done) & done}).
 */
@ExtendWith(ApplicationExtension.class)
class LessonBannerBenchmark {
    private static final long PACE_MS = 2_500;
    private static final Pattern STEP = Pattern.compile("^Step (\\d+) of ");

    @Test
    void pagedEveryTwoAndAHalfSecondsOnOneMachine() throws Exception {
        run(Lab.forWindow(Libc.forThisMachine()), false, List.of("tcp-basics", "mss-segmentation"));
    }

    /** In the private lab network: the link lessons the review paged, each on two machines with its own link. */
    public static void main(String[] args) throws Exception {
        Platform.startup(() -> {
        });
        List<String> lessons = args.length > 0 ? List.of(args) : List.of("round-trip", "slow-start", "loss-burst");
        run(Lab.capturingInBackground(Libc.forThisMachine()), true, lessons);
        Platform.exit();
        System.exit(0);
    }

    private static void run(Lab lab, boolean twoMachines, List<String> lessons) throws Exception {
        Path prefs = Files.createTempDirectory("socketlab-banner").resolve("window.properties");
        System.out.printf(Locale.ROOT, "LessonBannerBenchmark: one PageDown every %d ms, load average %s%n", PACE_MS,
                loadAverage());
        Shell shell = fx(() -> {
            HeadlessScreen.resize(1280, 720);
            Shell s = new Shell(lab, "Linux", Lang.EN);
            Stage stage = new Stage();
            s.show(stage, prefs);
            return s;
        });
        UiTestSupport.awaitWindowBuilt(shell.stage());
        try {
            if (twoMachines) {
                fx(() -> {
                    shell.viewModel().machines().choose(true);
                    return null;
                });
                until(() -> fx(() -> !shell.viewModel().machines().busyProperty().get()), 120);
            }
            for (String id : lessons) page(shell, LessonLoader.load(id));
        } finally {
            fx(() -> {
                shell.detach();
                shell.stage().close();
                HeadlessScreen.reset();
                return null;
            });
            lab.close();
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    }

    private static void page(Shell shell, Lesson lesson) throws Exception {
        DiagramFeature before = fx(shell::diagram);
        fx(() -> {
            shell.viewModel().runLesson(lesson);
            return null;
        });
        until(() -> fx(() -> shell.diagram() != before) && shell.viewModel().lessons().waiting() == 1, 120);
        Label banner = fx(() -> (Label) shell.stage().getScene().lookup("#lesson-banner-text"));
        Map<Integer, Long> named = new ConcurrentHashMap<>(); // when the banner first named each step, on the FX thread
        fx(() -> {
            note(named, banner.getText());
            banner.textProperty().addListener((o, was, now) -> note(named, now));
            return null;
        });
        int steps = lesson.steps().size();
        List<long[]> presses = new ArrayList<>(); // {step, press ns}; step 0: dropped (a step still ran)
        List<Integer> dropped = new ArrayList<>();
        long next = System.nanoTime();
        while (shell.viewModel().lessonRunning() && presses.size() + dropped.size() < steps * 3) {
            long[] press = fx(() -> {
                int waits = shell.viewModel().lessons().waiting(); // the FX thread: a step that waits takes this press
                long at = System.nanoTime();
                Event.fireEvent(shell.stage().getScene(), new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.PAGE_DOWN,
                        false, false, false, false));
                // Taken: the step had its go (a press while the go's step has not begun yet is dropped, and said).
                boolean taken = waits > 0 && shell.viewModel().lessons().stillRunningNote().get().isEmpty();
                return new long[]{taken ? waits : 0, at};
            });
            if (press[0] > 0) presses.add(press);
            else dropped.add(presses.size());
            next += TimeUnit.MILLISECONDS.toNanos(PACE_MS);
            long rest = next - System.nanoTime();
            if (rest > 0) Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
        }
        until(() -> !shell.viewModel().lessonRunning(), 60);
        Thread.sleep(PACE_MS); // the last step's drawing
        System.out.printf(Locale.ROOT, "%s (%d steps), load average %s%n", lesson.id(), steps, loadAverage());
        List<Double> toPressed = new ArrayList<>();
        for (long[] p : presses) {
            int k = (int) p[0];
            Long at = named.get(k), after = named.get(k + 1);
            double shown = at == null ? Double.NaN : Math.max(0, at - p[1]) / 1e6;
            toPressed.add(shown);
            System.out.printf(Locale.ROOT,
                    "  press for step %2d: banner named it %s; step %d named %s after the press%n",
                    k, at == null ? "never" : String.format(Locale.ROOT, "%7.1f ms after the press", shown), k + 1,
                    after == null ? "never" : String.format(Locale.ROOT, "%7.1f ms", (after - p[1]) / 1e6));
        }
        if (!dropped.isEmpty())
            System.out.printf(Locale.ROOT, "  %d press(es) dropped, a step still running (after press %s)%n",
                    dropped.size(), dropped);
        List<Integer> never = new ArrayList<>();
        for (int k = 1; k <= steps; k++) if (!named.containsKey(k)) never.add(k);
        double worst = toPressed.stream().filter(d -> !d.isNaN()).mapToDouble(d -> d).max().orElse(Double.NaN);
        long unnamed = toPressed.stream().filter(d -> d.isNaN()).count();
        System.out.printf(Locale.ROOT,
                "  worst press-to-banner %.1f ms (%d pressed steps never named); steps never named going forward: %s%n",
                worst, unnamed, never);
    }

    private static void note(Map<Integer, Long> named, String text) {
        Matcher m = STEP.matcher(text == null ? "" : text);
        if (m.find()) named.putIfAbsent(Integer.parseInt(m.group(1)), System.nanoTime());
    }

    private static void until(BooleanSupplier done, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within " + seconds + " s");
            Thread.sleep(20);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
