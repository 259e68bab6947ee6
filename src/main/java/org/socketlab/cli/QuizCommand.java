package org.socketlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.socketlab.capture.CongestionControl;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.Step;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.lesson.predict.Quiz;
import org.socketlab.lesson.predict.Verdict;
import org.socketlab.syscall.Libc;

/**
 * {@code socketlab quiz LESSON [--journal F] [--lang es|en]}: the lesson in predict mode in the terminal. Before each
 * step its question and numbered options are printed and a number is read from stdin; then the real call runs and the
 * verdict (judged by the kernel) is printed; at the end, the score. Every verdict and the score are journal notes.
 * When stdin ends before the last question, the lesson stops there, the score so far is written, and the exit code
 * says so ({@link Cli#NO_ANSWER}).
 */
final class QuizCommand {
    private QuizCommand() {
    }

    static int run(String[] args, Supplier<Libc> calls, InputStream stdin, Messages m, PrintStream out,
            PrintStream err) {
        Args a = Command.QUIZ.parse(args);
        List<String> positional = a.positional(1);
        if (positional.isEmpty()) throw new LocalizedException("cli.missingLesson");
        a.one(Cli.LANG, Lang::parse);
        // The link's conditions first, as run takes them: a bad value is refused before anything is loaded or run.
        Integer rate = a.one(RunCommand.RATE, Args.number(1, SecondHost.MAX_KBIT, "cli.run.badRate"));
        LinkConditions link = LinkOptions.parse(a, rate == null ? 0 : rate);
        Lesson chosen = RunCommand.lesson(positional.getFirst(), m, err); // an id or a lesson file, as run takes
        if (chosen == null) return Cli.USAGE;
        if (RunCommand.refusedWithoutLabNetwork(chosen, m, err)) return Cli.NO_LAB_NETWORK;
        LinkOptions.congestion(a, CongestionControl.ofThisNetwork());
        link = RunCommand.lessonsOwnWire(chosen, a, link, m);
        // A lesson that declares its two machines is played on them, or not at all (one line says why); --two-hosts
        // and the wire's conditions move it there as run does.
        boolean twoHosts = a.flag(RunCommand.TWO_HOSTS) || chosen.onTwoHosts() || link != null;
        if (rate != null && !twoHosts)
            throw new LocalizedException("cli.run.rateOneMachine", RunCommand.RATE, RunCommand.TWO_HOSTS);
        Lesson lesson;
        try {
            lesson = twoHosts ? TwoHosts.rewrite(chosen) : chosen;
        } catch (LocalizedException notOnTwoHosts) {
            err.println(m.text(notOnTwoHosts));
            return Cli.USAGE;
        }
        OutputFiles files = OutputFiles.check(a, List.of(Cli.JOURNAL));
        LabRun run;
        try {
            run = LabRun.open(files, new Journal(), calls, LabRun.LabMaker.forLesson(lesson, twoHosts, link), m, err);
        } catch (LabRun.NotStarted e) {
            return e.exit();
        }

        Lab lab = run.lab();
        // Ctrl+C mid-quiz: the waiting calls are given up and the sockets closed; the journal file already has every event.
        run.onSignal("socketlab-quiz-stop", () -> {
            lab.close();
            run.closeJournalFile();
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        String title = lesson.title().in(m.lang());
        Quiz.Result result;
        try (run) {
            int port = LessonRunner.freePort();
            out.println(lesson.usesPort()
                    ? m.get("cli.quiz.start", lesson.id(), title, String.valueOf(port))
                    : m.get("cli.quiz.start.noPort", lesson.id(), title));
            boolean wired = link != null && RunCommand.saidTheWire(lab, link, m, out);
            if (rate != null && !wired && !RunCommand.limitedLink(lab, rate, m, out, err)) return Cli.NO_LAB_NETWORK;
            out.println(RunLines.wireLine(lesson, run, m));
            result = new Quiz().play(lesson, lab, port, q -> ask(q, lesson, in, m, out), new Quiz.Listener() {
                @Override
                public void stepDone(LessonReport.StepResult step) {
                    out.printf("  %2d %-10s %s%n", step.step().number(), Names.endpoint(step.step().endpoint(), m),
                            callLine(step, lesson, m));
                }

                @Override
                public void judged(Verdict verdict) {
                    out.println("     " + verdict.describe(m));
                    out.println();
                }
            });
        }
        if (!run.claimOutputs()) return Cli.OK; // a signal came: the hook closes everything, the JVM exits 130 / 143
        boolean written;
        try {
            written = run.finishJournal(lab.journal().snapshot(), m, out, err);
        } finally {
            run.outputsWritten();
        }
        if (result.answersRanOut()) err.println(m.get("cli.quiz.inputEnded"));
        else if (!result.report().passed()) err.println(result.report().mismatch().describe(m));
        out.println(Quiz.describe(result.score(), title, m));
        int exit = result.answersRanOut() ? Cli.NO_ANSWER : result.report().passed() ? Cli.OK : Cli.MISMATCH;
        return written ? exit : Math.max(exit, Cli.OUTPUT_FAILED);
    }

    private static String callLine(LessonReport.StepResult step, Lesson lesson, Messages m) {
        if (step.call() != null) return CallFormat.lineExplained(step.call(), m);
        return switch (step.step().kind()) {
            case START -> m.get("cli.run.blocked", step.step().call());
            case RESET -> RunLines.resetLine(lesson, step.step(), m);
            case NETWORK -> RunCommand.networkLine(step.step(), m);
            case HAND_OVER -> RunLines.handOverLine(step.step(), m);
            default -> "-";
        };
    }

    /** Prints the question and reads a number until one fits; empty at the end of the input. */
    private static OptionalInt ask(Question q, Lesson lesson, BufferedReader in, Messages m, PrintStream out) {
        Step step = lesson.steps().get(q.step() - 1);
        out.println(m.get("cli.quiz.question", String.valueOf(q.step()), Names.endpoint(step.endpoint(), m),
                q.prompt().in(m)));
        for (int i = 0; i < q.options().size(); i++)
            out.println("     " + (i + 1) + ") " + q.options().get(i).label().in(m));
        while (true) {
            out.print(m.get("cli.quiz.answer", String.valueOf(q.options().size())));
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                return OptionalInt.empty();
            }
            if (line == null) {
                out.println();
                return OptionalInt.empty();
            }
            String t = line.strip();
            if (t.matches("[1-9]") && Integer.parseInt(t) <= q.options().size()) {
                out.println(); // piped answers are not echoed: the call's line starts on a line of its own
                return OptionalInt.of(Integer.parseInt(t));
            }
            out.println(m.get("cli.quiz.badAnswer", String.valueOf(q.options().size())));
        }
    }
}
