package org.socketlab.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CongestionControl;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.export.DiagramPicture;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lab.LinkSummary;
import org.socketlab.lesson.Expect;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Step;
import org.socketlab.lesson.Text;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.syscall.Libc;

/**
 * {@code socketlab run LESSON|FILE.json [--journal F] [--markdown F] [--svg F] [--png F] [--pcap F] [--theme T]
 * [--zoom Z] [--two-hosts [--rate KBIT]] [--step-timeout S] [--lang es|en]}: a lesson on real sockets without a
 * window, a line per step; exit {@link Cli#OK} when every step did what the lesson expected, {@link Cli#MISMATCH}
 * otherwise.
 */
final class RunCommand {
    /** run on two machines: the link's rate in kbit/s (tbf, issue 40 item 2). */
    static final String RATE = "--rate";
    /**
     * run: how long a step may wait for its answer before the run says it got none (5 s unless given): longer for a
     * slow or busy computer, or a run traced by strace, where every call stops the JVM twice.
     */
    static final String STEP_TIMEOUT = "--step-timeout";
    /** The longest {@value #STEP_TIMEOUT} taken, in seconds. */
    static final int MAX_STEP_TIMEOUT_S = 600;
    /** run: the server on the lab's second host (issue 40). */
    static final String TWO_HOSTS = "--two-hosts";

    private RunCommand() {
    }

    /**
     * A lesson that drops packets where no private lab network exists: one line saying why, and true (nothing is run,
     * no file or socket opened). Rules are never applied to this computer's own network.
     */
    static boolean refusedWithoutLabNetwork(Lesson lesson, Messages m, PrintStream err) {
        String lookedUp = lesson.nameForDns();
        if (!lesson.needsLabNetwork() && lookedUp == null) return false;
        LabNetwork network = LabNetwork.current();
        if (network.isPrivate()) return false;
        String detail = network.detail() == null || network.detail().isBlank() ? "-" : network.detail();
        boolean refused = network.kind() == LabNetwork.Kind.UNAVAILABLE;
        if (lesson.needsLabNetwork())
            err.println(refused
                    ? m.get("cli.run.noLabNetwork.refused", lesson.id(), network.why(), detail)
                    : m.get("cli.run.noLabNetwork.host", lesson.id()));
        else
            err.println(refused
                    ? m.get("cli.run.noLabNetwork.dnsRefused", lesson.id(), lookedUp, network.why(), detail)
                    : m.get("cli.run.noLabNetwork.dnsHost", lesson.id(), lookedUp));
        return true;
    }

    /**
     * The lesson {@code which} names: a shipped lesson's id, or a lesson file's path. A broken file is told in one
     * line naming the file, line and step, and null is returned (exit {@link Cli#USAGE}: the usage would only hide it).
     */
    static Lesson lesson(String which, Messages m, PrintStream err) {
        if (!LessonLoader.isPath(which)) return LessonLoader.load(which);
        try {
            return LessonLoader.loadFile(which);
        } catch (LocalizedException badFile) {
            err.println(m.text(badFile));
            return null;
        }
    }

    /**
     * The wire a lesson pins for itself ({@code "link"} with its delay, fates and seed: what it teaches must happen),
     * else the one the options ask for; an option of the link beside a lesson's own link (its wire, or its rate) is
     * refused in one line.
     */
    static @Nullable LinkConditions lessonsOwnWire(Lesson chosen, Args a, @Nullable LinkConditions fromOptions,
            Messages m) {
        if (a.one(RATE) != null && chosen.linkKbit() != null)
            throw new LocalizedException("cli.run.rateLesson", RATE, chosen.id(), chosen.linkKbit().toString());
        LinkConditions own = chosen.wire();
        if (own == null) return fromOptions;
        for (String option : Stream.concat(Stream.of(RATE), LinkOptions.ALL.stream().sorted()).toList())
            if (a.one(option) != null)
                throw new LocalizedException("cli.run.linkLesson", option, chosen.id(), LinkSummary.of(own, m));
        return own;
    }

    /** {@value #STEP_TIMEOUT}'s value, or the default. */
    static Duration stepTimeout(Args a) {
        Integer seconds = a.one(STEP_TIMEOUT, Args.number(1, MAX_STEP_TIMEOUT_S, "cli.run.badStepTimeout"));
        return seconds == null ? LessonRunner.DEFAULT_STEP_TIMEOUT : Duration.ofSeconds(seconds);
    }

    /** A network step as the run prints it: the rule in words, or that the rules were removed. */
    static String networkLine(Step step, Messages m) {
        return step.network().clear() ? m.get("network.cleared") : step.network().rule(1).describe(m);
    }

    static int run(Args a, Supplier<Libc> calls, Messages m, PrintStream out, PrintStream err,
            DiagramPicture picture) {
        List<String> positional = a.positional(1);
        if (positional.isEmpty()) throw new LocalizedException("cli.missingLesson");
        a.one(Cli.LANG, Lang::parse);
        // The link's conditions and the step timeout first: a bad value is refused before anything is loaded or run.
        Integer rate = a.one(RATE, Args.number(1, SecondHost.MAX_KBIT, "cli.run.badRate"));
        LinkConditions link = LinkOptions.parse(a, rate == null ? 0 : rate);
        Duration stepTimeout = stepTimeout(a);
        Lesson chosen = lesson(positional.getFirst(), m, err);
        if (chosen == null) return Cli.USAGE;
        if (refusedWithoutLabNetwork(chosen, m, err)) return Cli.NO_LAB_NETWORK;
        LinkOptions.congestion(a, CongestionControl.ofThisNetwork());
        link = lessonsOwnWire(chosen, a, link, m); // its own "hosts", or moved; a wire puts it on two machines too
        boolean twoHosts = a.flag(TWO_HOSTS) || chosen.onTwoHosts() || link != null;
        if (rate != null && !twoHosts) throw new LocalizedException("cli.run.rateOneMachine", RATE, TWO_HOSTS);
        Lesson lesson;
        try {
            lesson = twoHosts ? TwoHosts.rewrite(chosen) : chosen;
        } catch (LocalizedException notOnTwoHosts) {
            err.println(m.text(notOnTwoHosts));
            return Cli.USAGE;
        }
        // Every output path is checked before the lab opens anything.
        ExportCommand.Look look = ExportCommand.Look.of(a);
        OutputFiles files = OutputFiles.check(a, Stream.concat(Stream.of(Cli.JOURNAL),
                ExportCommand.EXPORTS.stream()).toList());
        LabRun run;
        try {
            run = LabRun.open(files, new Journal(), calls, LabRun.LabMaker.forLesson(lesson, twoHosts, link), m,
                    err);
        } catch (LabRun.NotStarted e) {
            return e.exit();
        }
        Lab lab = run.lab();
        String title = lesson.title().in(m.lang());
        // Ctrl+C or SIGTERM mid-lesson: close the sockets and write what happened so far, then the JVM exits 130 / 143.
        run.onSignal("socketlab-run-stop", () -> {
            err.println(m.get("cli.run.stopping"));
            lab.close();
            if (!writeOutputs(run, lab.journal().snapshot(), title, look, m, out, err, picture))
                Runtime.getRuntime().halt(Cli.OUTPUT_FAILED);
        });
        LessonReport report;
        try (run) {
            int port = LessonRunner.freePort();
            out.println(lesson.usesPort()
                    ? m.get("cli.run.start", lesson.id(), title, String.valueOf(port))
                    : m.get("cli.run.start.noPort", lesson.id(), title));
            if (lesson.anyAddress()) out.println(m.get(LessonRunner.anyAddressKey(), lesson.id()));
            if (twoHosts)
                out.println(lesson.hosts().equals(LabHosts.SERVER_APART)
                        ? m.get("cli.run.twoHosts", SecondHost.CLIENT_ADDRESS, SecondHost.SERVER_ADDRESS)
                        : m.get("cli.run.hostsDeclared", lesson.hosts().first(), SecondHost.CLIENT_ADDRESS,
                                lesson.hosts().second(), SecondHost.SERVER_ADDRESS));
            boolean wired = link != null && saidTheWire(lab, link, m, out);
            if (rate != null && !wired && !limitedLink(lab, rate, m, out, err)) return Cli.NO_LAB_NETWORK;
            out.println(RunLines.wireLine(lesson, run, m));
            try {
                report = runner(stepTimeout, m, out).run(lesson, lab, port,
                        step -> out.printf("  %2d %-10s %s%n", step.step().number(),
                                Names.endpoint(step.step().endpoint(), m), stepLine(step, lesson, lab, m)));
                // The transcript and the diagram say where the run stopped, as the console does (issue 59, X4).
                if (report.mismatch() != null)
                    lab.journal().append(Lab.ITSELF, LessonReport.stoppedNote(lesson, report.mismatch()));
            } catch (RuntimeException closedUnderIt) {
                if (!run.claimOutputs()) return Cli.OK; // the signal's hook closed the lab mid-step; the JVM exits 130 / 143
                run.outputsWritten();
                run.removeHook();
                throw closedUnderIt;
            }
        }
        if (!run.claimOutputs()) return Cli.OK; // a signal came: the hook writes them, the JVM exits
        // Written after the lab is closed, so the journal also holds the closing calls.
        int exit = report.passed() ? Cli.OK : Cli.MISMATCH;
        try {
            if (!writeOutputs(run, lab.journal().snapshot(), title, look, m, out, err, picture))
                exit = Math.max(exit, Cli.OUTPUT_FAILED);
        } finally {
            run.outputsWritten();
        }
        if (report.passed()) out.println(m.get("cli.run.passed", String.valueOf(report.steps().size())));
        if (report.passed()) for (Text saw : report.outcomes()) out.println(saw.in(m.lang())); // which result the kernel chose
        else err.println(report.mismatch().describe(m));
        return exit;
    }

    /** The lesson's runner, printing why a step waits for TCP as it waits (a lost SYN's retry, issue 76 item 4). */
    static LessonRunner runner(Duration stepTimeout, Messages m, PrintStream out) {
        return new LessonRunner(stepTimeout).tellingWaits(why -> out.println(m.get("cli.run.waits", why.in(m.lang()))));
    }

    /** A step's line after its number and endpoint: the call as strace would write it, or what the step did instead. */
    static String stepLine(LessonReport.StepResult step, Lesson lesson, Lab lab, Messages m) {
        if (step.call() != null) return CallFormat.lineExplained(step.call(), m);
        Step s = step.step();
        if (s.expect().result() instanceof Expect.Result.Killed) return RunLines.endedLine(s, lab, m);
        return switch (s.kind()) {
            case KILL, EXIT -> RunLines.endedLine(s, lab, m);
            case START -> m.get("cli.run.blocked", s.call());
            case RESET -> RunLines.resetLine(lesson, s, m);
            case NETWORK -> networkLine(s, m);
            case HAND_OVER -> RunLines.handOverLine(s, m);
            // A call whose process died in it returned nothing: the line says how it ended (killed by SIGPIPE).
            case CALL -> LessonRunner.lastEnd(lab, s.endpoint()) != null ? RunLines.endedLine(s, lab, m) : "-";
            default -> "-";
        };
    }

    /**
     * Says what SocketLab's own wire between the machines does (or, where it cannot run, why not, in one line), on the
     * console and in the journal (a note of the lab in both languages, with the seed, so the fates can be had again);
     * true when the wire runs.
     */
    static boolean saidTheWire(Lab lab, LinkConditions link, Messages m, PrintStream out) {
        SecondHost host = lab.secondHost().orElseThrow();
        String missing = host.wireMissing().orElse(null);
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) {
            Messages in = Messages.of(lang);
            text.put(lang.code(), missing == null
                    ? LinkOptions.describe(link, in)
                    : in.get("cli.run.linkMissing", missing));
        }
        lab.journal().append(Lab.ITSELF, new Payload.Note(text));
        out.println(missing == null ? LinkOptions.describe(link, m) : m.get("cli.run.linkMissing", missing));
        // What a loss shows depends on the congestion control: the lab's own choice, said and journaled.
        CongestionControl cc = CongestionControl.ofThisNetwork();
        Map<String, String> said = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) said.put(lang.code(), congestionLine(cc, Messages.of(lang)));
        lab.journal().append(Lab.ITSELF, new Payload.Note(said));
        out.println(congestionLine(cc, m));
        return missing == null;
    }

    /** Which congestion control the lab's TCP uses, and why that one (labnet's choice: CUBIC where allowed, else Reno). */
    static String congestionLine(CongestionControl cc, Messages m) {
        return cc.cubicAllowed()
                ? m.get("cli.run.congestion.cubic", cc.name())
                : m.get("cli.run.congestion.reno", cc.name(), String.join(" ", cc.allowed()));
    }

    /**
     * The link between the lab's two machines limited to {@code kbit} kbit/s (tbf), said in the journal (a note of the
     * lab, in both languages) and on the console; false, with one line why, when the broker could not.
     */
    static boolean limitedLink(Lab lab, int kbit, Messages m, PrintStream out, PrintStream err) {
        try {
            lab.limitRate(kbit);
        } catch (LocalizedException refused) {
            err.println(m.text(refused));
            return false;
        }
        out.println(m.get("cli.run.rate", String.valueOf(kbit)));
        return true;
    }

    /**
     * The journal, transcript and diagram the command line asked for; false when one could not be written. The
     * journal file was written as the run went; only when that failed is it written again (kept elsewhere) from
     * the events still in memory.
     */
    static boolean writeOutputs(LabRun run, List<Event> events, String title, ExportCommand.Look look,
            Messages m, PrintStream out, PrintStream err, DiagramPicture picture) {
        return run.finishJournal(events, m, out, err)
                & ExportCommand.write(run.files(), events, title, look, m, out, err, picture);
    }
}
