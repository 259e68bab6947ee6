package org.socketlab.lesson;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.FreePort;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;

/**
 * Runs a lesson's steps in order on a {@link Lab}: before each step its narration is journaled as a note, then
 * the one real call is made and awaited and its outcome compared with the step's expectation, then what the
 * kernel must show (states, queues) is awaited in the journal, since the kernel changes states on its own time.
 * A call started with {@code "wait": false} is left running; a later step finishes or resets it, and the end of
 * the run resets whatever is still waiting. Stops at the first mismatch. The caller owns the lab and closes it.
 */
public final class LessonRunner {
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(5);
    /** How long a state or queue expectation waits for the journal to show it. */
    public static final Duration DEFAULT_KERNEL_TIMEOUT = Duration.ofSeconds(2);

    private final StepRunner steps;
    private final ToldOfRun toldOfRun;

    public LessonRunner() {
        this(DEFAULT_STEP_TIMEOUT);
    }

    public LessonRunner(Duration stepTimeout) {
        this(stepTimeout, DEFAULT_KERNEL_TIMEOUT);
    }

    public LessonRunner(Duration stepTimeout, Duration kernelTimeout) {
        this.steps = new StepRunner(stepTimeout, kernelTimeout);
        this.toldOfRun = new ToldOfRun(kernelTimeout);
    }

    /**
     * Where the run tells, as it happens, why a step waits longer than its timeout (the link lost a segment and TCP
     * sends it again after its timer, issue 76 item 4); the journal holds the same words as a note of the lab.
     */
    private Consumer<Text> waits = text -> {
    };

    /** This runner, telling each reason a step waits for TCP to {@code told} too (the console prints it). */
    public LessonRunner tellingWaits(Consumer<Text> told) {
        this.waits = told;
        return this;
    }

    public LessonReport run(Lesson lesson, Lab lab) {
        return run(lesson, lab, freePort(), r -> {
        });
    }

    /**
     * @param port         the number that replaces {@code {port}} in the lesson's addresses
     * @param afterEachStep told of every step that ran, as soon as it ran (progress output)
     */
    public LessonReport run(Lesson lesson, Lab lab, int port, Consumer<LessonReport.StepResult> afterEachStep) {
        return run(lesson, lab, port, step -> {
        }, afterEachStep);
    }

    /**
     * A step hook told of each step before its narration is journaled (predict mode's questions): the narration often
     * says what the kernel will do, so a question asked after it would give its answer away.
     */
    @FunctionalInterface
    public interface AsksFirst extends Consumer<Step> {
    }

    /**
     * @param beforeEachStep told of every step after its narration is journaled (before it, for {@link AsksFirst}) and
     *                       before its call is made; it may block, and an exception it throws ends the run
     */
    public LessonReport run(Lesson lesson, Lab lab, int port, Consumer<Step> beforeEachStep,
            Consumer<LessonReport.StepResult> afterEachStep) {
        LabHosts hosts = lesson.hosts(); // non-null when the lesson runs on two machines
        if (hosts != null && lab.hosts().isEmpty()) // its addresses name hosts this lab does not have
            throw new LocalizedException("lesson.hosts.oneMachine", lesson.id(), hosts.first(), hosts.second());
        // Its own link, when it has one (only with hosts), for this run only: the one it replaced comes back after.
        LessonHosts.Replaced replaced = hosts == null ? null : LessonHosts.setLink(lesson, hosts, lab);
        lab.awaitCapture(); // the journal says whether the wire is seen before the lesson's first word
        LessonRun run = new LessonRun(lab, port);
        run.tcp.tellTo(waits);
        long runStart = lab.journal().size(); // the run's facts are read from here on
        List<LessonReport.StepResult> results = new ArrayList<>();
        boolean allowedBefore = lab.addressPolicy().nonLoopbackAllowed();
        if (lesson.anyAddress()) {
            // The lesson's own opt-in, for its run only, said where every view shows it: the journal.
            lab.addressPolicy().allowNonLoopback(true);
            Map<String, String> text = new LinkedHashMap<>();
            for (Lang lang : Lang.values())
                text.put(lang.code(), Messages.of(lang).get(anyAddressKey(), lesson.id()));
            lab.journal().append(Lab.ITSELF, new Payload.Note(text));
        }
        try {
            for (Step step : lesson.steps()) {
                Told told = lesson.toldAt(step.number());
                // On a slow wire: what the steps before sent has crossed, and is journaled, before this step's first
                // word, so its narration, its question and its facts never take in a late arrival of theirs.
                if (!told.together()) lab.awaitLinkQuiet();
                run.stepStart.put(step.number(), (long) lab.journal().size());
                // A step run together with the one before it waits for nobody: the kernel's timers would not.
                boolean asksFirst = beforeEachStep instanceof AsksFirst && !told.together();
                if (asksFirst) beforeEachStep.accept(step); // the narration may tell the answer: it comes after it
                lab.journal().append(step.endpoint(), step.slide() == null
                        ? new Payload.Note(step.narration().byCode())
                        : new Payload.Note(step.narration().byCode(), step.slide().title().byCode(),
                                step.slide().text().byCode()));
                if (!asksFirst && !told.together()) beforeEachStep.accept(step);
                StepRunner.Outcome outcome = steps.run(restOf(step, told, run), run);
                if (outcome.call() != null) run.results.put(step.number(), outcome.call().result());
                if (outcome.mismatch() == null) outcome = toldOfRun.tell(lesson, step, told, run, runStart, outcome);
                // The presenter cut the link during the step: what the cut made untrue is said unchecked, and on it goes.
                outcome = CutLink.excuse(step, outcome, run, waits);
                LessonReport.StepResult result = new LessonReport.StepResult(step, outcome.call(), outcome.saw());
                results.add(result);
                afterEachStep.accept(result);
                if (outcome.mismatch() != null) return new LessonReport(lesson, port, results, outcome.mismatch());
            }
            return new LessonReport(lesson, port, results, null);
        } finally {
            // A call still waiting is given up the way the window's reset does it, so the run ends clean.
            for (LessonRun.Waiting w : run.waiting.values()) steps.reset(lab.endpoint(w.step().endpoint()), w);
            if (lesson.anyAddress()) lab.addressPolicy().allowNonLoopback(allowedBefore);
            if (replaced != null) LessonHosts.giveLinkBack(lesson, lab, replaced);
        }
    }

    /** A send that goes on where an earlier one stopped ({@code rest_of}) sends its data without what that one took. */
    private static Step restOf(Step step, Told told, LessonRun run) {
        if (told.restOf().isEmpty()) return step;
        long took = 0;
        for (int n : told.restOf()) took += Math.max(0, run.results.getOrDefault(n, 0L));
        byte[] all = Step.required(step.data(), "data", step.call()).getBytes(StandardCharsets.UTF_8);
        int from = (int) Math.min(took, all.length);
        return step.withData(new String(all, from, all.length - from, StandardCharsets.UTF_8));
    }

    /**
     * The run's events (those after {@code runStart}, the journal's size when the run began), after the last word on the
     * capture before it (whether the wire is seen): what {@link RunFacts} reads.
     */
    public static List<Event> runEvents(List<Event> held, long runStart) {
        return ToldOfRun.runEvents(held, runStart);
    }

    /**
     * The first of the step's sentences about the run whose condition holds and whose numbers the journal gives, in
     * both languages; null when none does.
     */
    public static @Nullable Text said(Told told, RunFacts all, int step) {
        return ToldOfRun.said(told, all, step);
    }

    /** The newest end of {@code endpoint}'s process the journal holds, or null. */
    public static Payload.@Nullable Process lastEnd(Lab lab, String endpoint) {
        return StepRunner.lastEnd(lab, endpoint);
    }

    /**
     * The key of the note that says a wildcard-binding lesson opted in: who can reach its port depends on the network it
     * runs in (only the lab inside the private lab network; other machines on this computer's own).
     */
    public static String anyAddressKey() {
        return LabNetwork.current().isPrivate() ? "lesson.anyAddress.optIn" : "lesson.anyAddress.optIn.host";
    }

    /**
     * A loopback port free for TCP and UDP whose byte-swapped twin ({@value Step#SWAPPED_PORT_PLACEHOLDER}) is another
     * unprivileged port, free for TCP too: the byte-order lesson binds it.
     */
    public static int freePort() {
        return FreePort.find();
    }
}
