package org.socketlab.ui.shell;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.Pacing;
import org.socketlab.lesson.predict.LessonPlayer;
import org.socketlab.lesson.predict.Quiz;

/**
 * The lesson started from the window ({@link ShellViewModel}'s part): it plays on a thread of its own in a fresh
 * session, each step waiting for the instructor's go, or for predict mode's answers, or for nothing (run to the end).
 */
final class WindowLessons {
    private final ShellViewModel vm;
    /** Lessons whose thread has not ended yet (a stopped paced lesson's thread ends while the next one starts). */
    private final AtomicInteger lessonsRunning = new AtomicInteger();
    /** The pace of the lesson started from the window; null when none is paced (none, predict mode, to the end). */
    private volatile Pacing pacing;
    /** When the last lesson's thread ended: the next lesson starts after it. */
    private volatile CompletableFuture<Void> lessonEnded = CompletableFuture
            .completedFuture(null);
    /** The lesson started from the window, until Reset all (FX thread): the banner's title and steps. */
    private final ObjectProperty<Lesson> lesson = new SimpleObjectProperty<>(this, "lesson");
    /** Whether that lesson waits for the instructor before each step (else it plays by itself). */
    private final BooleanProperty lessonPaced = new SimpleBooleanProperty(this, "lessonPaced", false);

    /**
     * The seq of the last note the lesson started from the window wrote (its verdict) once its thread ended, else -1
     * (none, or still playing). FX thread. After it the lesson is over: its banner goes, and live calls that follow are
     * not told under its narration.
     */
    private final ReadOnlyLongWrapper end = new ReadOnlyLongWrapper(this, "end", -1);
    /**
     * The step still running when the last press came, or 0: that press was dropped (one step a press, once the step
     * before has ended), and the banner says so until the step ends. FX thread.
     */
    private final ReadOnlyIntegerWrapper stillRunning = new ReadOnlyIntegerWrapper(this, "stillRunning", 0);
    /**
     * Whether the last press came while the lesson was still starting (its reset and new session, before step 1 waits):
     * that press was dropped too, and the banner says so until step 1 waits. FX thread.
     */
    private final BooleanProperty pressedWhileStarting = new SimpleBooleanProperty(this, "pressedWhileStarting");
    /** Counts the lessons started: a lesson's end is taken only while no other one started after it. FX thread. */
    private long started;

    WindowLessons(ShellViewModel vm) {
        this.vm = vm;
    }

    /** No lesson is on any more (Reset all): the banner goes. FX thread. */
    void clear() {
        lesson.set(null);
        end.set(-1);
        noPressDropped();
    }

    private void noPressDropped() {
        stillRunning.set(0);
        pressedWhileStarting.set(false);
    }

    /** The step still running when the last press came (so it made nothing), until it ends; else 0. FX thread. */
    ReadOnlyIntegerProperty stillRunningProperty() {
        return stillRunning.getReadOnlyProperty();
    }

    /**
     * "Step 10 is still running: wait for its result" in the chosen language while a press was dropped, else empty: a
     * press that makes nothing says why.
     */
    StringBinding stillRunningNote() {
        return Bindings.createStringBinding(() -> {
            if (stillRunning.get() > 0)
                return vm.texts().messages().get("ui.lesson.stillRunning", String.valueOf(stillRunning.get()));
            return pressedWhileStarting.get() ? vm.texts().messages().get("ui.lesson.stillStarting") : "";
        }, stillRunning, pressedWhileStarting, vm.texts().messagesProperty());
    }

    /** A step waits for its go (the lesson's thread told it): the one before ended, a press makes it now. FX thread. */
    private void waitingAgain(Pacing of) {
        if (pacing != of || of.running() == 0) noPressDropped();
    }

    /** The seq of the ended lesson's last note (its verdict), or -1 while none has ended. */
    ReadOnlyLongProperty endProperty() {
        return end.getReadOnlyProperty();
    }

    /** The lesson's thread ended having written up to {@code verdict}: it is over, nothing of it waits any more. */
    void ended(long number, long verdict) {
        if (number != started || lesson.get() == null) return; // another lesson (or a reset) came after it
        pacing = null;
        lessonPaced.set(false);
        noPressDropped();
        end.set(verdict);
    }

    /** The seq of the last note in the journal now (the verdict a lesson's thread wrote last), or -1. Any thread. */
    private static long lastNote(Journal journal) {
        var events = journal.after(journal.size() - 256);
        for (int i = events.size() - 1; i >= 0; i--) {
            Event e = events.get(i);
            if (e.payload() instanceof Payload.Note) return e.seq();
        }
        return journal.size();
    }

    /** Whether a lesson is being played now (read on the FX thread, set by the lesson's thread). */
    boolean running() {
        return lessonsRunning.get() > 0;
    }

    /** The lesson started from the window (until Reset all), or null. */
    ReadOnlyObjectProperty<Lesson> lessonProperty() {
        return lesson;
    }

    /** Whether the lesson waits for the instructor's go before each step. */
    ReadOnlyBooleanProperty pacedProperty() {
        return lessonPaced;
    }

    /** The number of the lesson's step waiting for its go, or 0 (none waits: it runs, or there is no paced lesson). */
    int waiting() {
        Pacing p = pacing;
        return p == null ? 0 : p.waiting();
    }

    /**
     * The go for the step that waits: it makes its real call. Returns whether one waited. A press while a step still
     * runs is dropped, not kept for the next (one step a press is the lesson's contract), and said. FX thread.
     */
    boolean next() {
        Pacing p = pacing;
        if (p == null) return false;
        if (p.next()) {
            noPressDropped();
            return true;
        }
        // No step waits: one still runs, or (none has run yet) the lesson's reset and new session are still being made.
        stillRunning.set(p.running());
        pressedWhileStarting.set(p.running() == 0 && p.waiting() == 0);
        return false;
    }

    /** Run to the end: the rest of the lesson plays without waiting, as a lesson not paced does. */
    void toEnd() {
        Pacing p = pacing;
        pacing = null; // it plays by itself now: a second press of a lesson is ignored until it ends
        if (p != null) p.runToEnd();
        lessonPaced.set(false);
        noPressDropped();
    }

    /** Ends a paced lesson that waits (a reset, another lesson, the window closing); its thread ends by itself. */
    void stop() {
        Pacing p = pacing;
        pacing = null;
        if (p != null) p.stop();
        lessonPaced.set(false);
        noPressDropped();
    }

    /** A pace whose steps, each time one waits, clear the note of a press dropped while the one before ran. */
    private Pacing paced() {
        Pacing[] made = new Pacing[1];
        made[0] = new Pacing(() -> {
            vm.deliverLater(() -> waitingAgain(made[0]));
            vm.wake();
        });
        return made[0];
    }

    /**
     * Plays a lesson on this window's lab in a fresh session: everything is reset, then its steps make their real calls
     * on a thread of their own (never the FX thread). Started from the window a lesson is a talk: each step waits for
     * the instructor's go ({@link #next()}) before its call, unless predict mode asks its questions (they pace
     * it) or {@link #lessonToEnd()} was chosen. A lesson that waits is ended by a new one; one that plays by itself
     * is not interrupted (a second press is ignored). The narration, the calls and the verdict reach the window through
     * the journal like everything else; the diagram replays them at human speed.
     */
    void run(Lesson chosen) {
        if (!(vm.lab() instanceof WindowLab.Live(Lab lab)) || vm.replaying()) return;
        if (running() && pacing == null) return;
        String lookedUp = chosen.nameForDns(); // never sent to a DNS server from this computer's network
        if (lookedUp != null && !lab.network().isPrivate()) {
            vm.fileNoticeProperty().set(new LocalizedException("ui.lessons.dnsName", chosen.id(), lookedUp));
            return;
        }
        Lesson lesson; // on the machines the Machines control has chosen, or one line says why it cannot be
        try {
            lesson = vm.machines().place(chosen);
        } catch (LocalizedException why) {
            // Where the other machine mode would run it, the window offers to switch (issue 78); else it says why.
            if (!vm.machines().offerOtherMode(chosen)) vm.fileNoticeProperty().set(why);
            return;
        }
        vm.machines().dismissOffer();
        stop();
        lessonsRunning.incrementAndGet();
        Quiz.Answerer answers = null;
        if (vm.predict().enabledProperty().get()) {
            vm.predict().start(lesson);
            answers = vm.predict().answerer();
        } else {
            vm.predict().dismiss(); // an earlier quiz's score does not hang over a lesson played without questions
        }
        Quiz.Answerer predictAnswers = answers;
        Pacing paced = answers == null ? paced() : null;
        pacing = paced;
        lessonPaced.set(paced != null);
        this.lesson.set(lesson);
        end.set(-1);
        long number = ++started;
        CompletableFuture<Void> before = lessonEnded,
                ended = new CompletableFuture<>();
        lessonEnded = ended;
        // The lesson stopped before (if any) ends first; a watched program is stopped and the old session's sockets are
        // closed (real calls, in the old session), then the lesson starts a fresh one.
        before.thenCompose(previous -> vm.session().resetFirst(lesson.hosts())).whenComplete((done, failure) -> {
            if (failure != null) {
                // The old session's sockets may still be open: the lesson does not start on them, and says why.
                lessonsRunning.decrementAndGet();
                ended.complete(null);
                vm.deliverLater(() -> {
                    if (number == started) { // no other lesson started meanwhile: its quiz is this one's
                        stop();
                        this.lesson.set(null);
                        vm.predict().stop();
                    }
                    vm.fileNoticeProperty().set(new LocalizedException("ui.lessons.notStarted", lesson.id(),
                            String.valueOf(SessionControl.cause(failure))));
                });
                return;
            }
            CompletableFuture<?> placed = vm.session().cutSession();
            vm.wake();
            // On two machines the lesson starts once the processes have said their hosts, before its first step.
            placed.whenComplete((started, never) -> Thread.ofPlatform().name("socketlab-lesson").daemon(true)
                    .start(() -> {
                        try {
                            // Reset already: a second one ended the processes that said their hosts (issue 78).
                            LessonPlayer.playAfterReset(lesson, lab, predictAnswers, paced);
                        } finally {
                            long verdict = lastNote(lab.journal());
                            lessonsRunning.decrementAndGet();
                            ended.complete(null);
                            vm.deliverLater(() -> ended(number, verdict));
                            vm.wake();
                        }
                    }));
        });
    }
}
