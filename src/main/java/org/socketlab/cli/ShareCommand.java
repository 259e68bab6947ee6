package org.socketlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import org.socketlab.journal.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Text;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.share.BindAddress;
import org.socketlab.share.JoinCode;
import org.socketlab.share.LessonShare;
import org.socketlab.share.ShareServer;
import org.socketlab.share.StoryRoomRenderer;
import org.socketlab.syscall.Libc;

/**
 * {@code socketlab share LESSON|FILE.json [--bind ADDR] [--port P] [--pace S] [--linger S] [--journal F] [--lang es|en]}
 * plus run's link options: a lesson played as presenter mode plays it (a step per Enter on the input, or every S
 * seconds), served to the room's browsers on one address. The first line is {@code Share: http://ADDR:P/ code CODE}
 * and nothing else; the lesson's lines follow as {@code run} prints them. It ends {@code --linger} seconds after the
 * lesson's end (60), or on Ctrl+C, writing the journal like run.
 */
final class ShareCommand {
    static final String BIND = "--bind", PORT = "--port", PACE = "--pace", LINGER = "--linger";
    static final int DEFAULT_LINGER_S = 60, MAX_PACE_S = 600, MAX_LINGER_S = 3600;

    private ShareCommand() {
    }

    /** What the options ask, checked before anything is opened. */
    private record Asked(InetAddress bind, int port, Duration pace, Duration linger, Lang lang) {
    }

    static int run(Args a, Supplier<Libc> calls, InputStream in, Messages m, PrintStream out, PrintStream err,
            DiagramPicture picture) {
        List<String> positional = a.positional(1);
        if (positional.isEmpty()) throw new LocalizedException("cli.missingLesson");
        Asked asked = asked(a, m);
        Integer rate = a.one(RunCommand.RATE, Args.number(1, SecondHost.MAX_KBIT, "cli.run.badRate"));
        LinkConditions link = LinkOptions.parse(a, rate == null ? 0 : rate);
        Duration stepTimeout = RunCommand.stepTimeout(a);
        Lesson chosen = RunCommand.lesson(positional.getFirst(), m, err);
        if (chosen == null) return Cli.USAGE;
        if (RunCommand.refusedWithoutLabNetwork(chosen, m, err)) return Cli.NO_LAB_NETWORK;
        LinkOptions.congestion(a, CongestionControl.ofThisNetwork());
        link = RunCommand.lessonsOwnWire(chosen, a, link, m);
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
        Journal journal = new Journal();
        LessonShare share = new LessonShare(lesson, journal, asked.pace().isZero() ? null : asked.pace());
        ShareServer server;
        try { // before the lab: an address or port that cannot be had ends it with nothing run
            server = ShareServer.start(share, new StoryRoomRenderer(), null, asked.bind(), asked.port(),
                    JoinCode.random(), asked.lang(), ShareServer.Limits.DEFAULT);
        } catch (IOException cannotListen) {
            files.discard();
            err.println(m.get("cli.share.cannotListen", asked.bind().getHostAddress(), String.valueOf(asked.port()),
                    String.valueOf(cannotListen.getMessage())));
            return Cli.MISMATCH;
        }
        out.println(m.get("cli.share.address", server.address().toString(), server.code().text()));
        // Who can reach it, said once: inside the private lab network no device of the room can; on loopback, only here.
        if (LabNetwork.current().isPrivate()) out.println(m.get("cli.share.inLab"));
        else if (asked.bind().isLoopbackAddress()) out.println(m.get("cli.share.loopbackOnly"));
        out.flush();
        try {
            return share(new Shared(lesson, share, server, asked, link, twoHosts, rate, stepTimeout), files, journal,
                    calls, in, m, out, err, picture);
        } finally {
            share.close();
            server.close();
        }
    }

    /** The share made, and what the lesson runs with. */
    private record Shared(Lesson lesson, LessonShare share, ShareServer server, Asked asked,
            @Nullable LinkConditions link, boolean twoHosts, @Nullable Integer rate, Duration stepTimeout) {
    }

    private static Asked asked(Args a, Messages m) {
        Lang lang = a.one(Cli.LANG, Lang::parse);
        String bindText = a.one(BIND);
        InetAddress bind = BindAddress.parse(bindText == null ? BindAddress.LOOPBACK : bindText);
        Integer port = a.one(PORT, Args.number(0, 65535, "cli.share.badPort"));
        Integer pace = a.one(PACE, Args.number(1, MAX_PACE_S, "cli.share.badPace"));
        Integer linger = a.one(LINGER, Args.number(0, MAX_LINGER_S, "cli.share.badLinger"));
        return new Asked(bind, port == null ? 0 : port, Duration.ofSeconds(pace == null ? 0 : pace),
                Duration.ofSeconds(linger == null ? DEFAULT_LINGER_S : linger), lang == null ? m.lang() : lang);
    }

    private static int share(Shared s, OutputFiles files, Journal journal, Supplier<Libc> calls, InputStream in,
            Messages m, PrintStream out, PrintStream err, DiagramPicture picture) {
        LabRun run;
        try {
            run = LabRun.open(files, journal, calls, LabRun.LabMaker.forLesson(s.lesson(), s.twoHosts(), s.link()), m,
                    err);
        } catch (LabRun.NotStarted e) {
            return e.exit();
        }
        Lab lab = run.lab();
        String title = s.lesson().title().in(m.lang());
        ExportCommand.Look look = ExportCommand.Look.DEFAULT; // share writes no picture: only the journal
        run.onSignal("socketlab-share-stop", () -> {
            err.println(m.get("cli.run.stopping"));
            s.share().close();
            s.server().close();
            lab.close();
            if (!RunCommand.writeOutputs(run, lab.journal().snapshot(), title, look, m, out, err, picture))
                Runtime.getRuntime().halt(Cli.OUTPUT_FAILED);
        });
        LessonReport report;
        try (run) {
            int port = LessonRunner.freePort();
            out.println(s.lesson().usesPort()
                    ? m.get("cli.run.start", s.lesson().id(), title, String.valueOf(port))
                    : m.get("cli.run.start.noPort", s.lesson().id(), title));
            LinkConditions link = s.link();
            Integer rate = s.rate();
            boolean wired = link != null && RunCommand.saidTheWire(lab, link, m, out);
            if (rate != null && !wired && !RunCommand.limitedLink(lab, rate, m, out, err))
                return Cli.NO_LAB_NETWORK;
            out.println(RunLines.wireLine(s.lesson(), run, m));
            out.println(s.asked().pace().isZero()
                    ? m.get("cli.share.presses")
                    : m.get("cli.share.paced", String.valueOf(s.asked().pace().toSeconds())));
            pressesFrom(in, s.share(), s.asked().pace().isZero(), m, out);
            try {
                report = s.share().play(RunCommand.runner(s.stepTimeout(), m, out), lab, port,
                        step -> out.printf("  %2d %-10s %s%n", step.step().number(),
                                Names.endpoint(step.step().endpoint(), m),
                                RunCommand.stepLine(step, s.lesson(), lab, m)));
                if (report.mismatch() != null)
                    lab.journal().append(Lab.ITSELF, LessonReport.stoppedNote(s.lesson(), report.mismatch()));
            } catch (RuntimeException closedUnderIt) { // Pacing.Stopped too: the signal stopped a waiting step
                if (!run.claimOutputs()) return Cli.OK; // the signal's hook closed it; the JVM exits 130 / 143
                run.outputsWritten();
                run.removeHook();
                throw closedUnderIt;
            }
        }
        if (!run.claimOutputs()) return Cli.OK;
        int exit = report.passed() ? Cli.OK : Cli.MISMATCH;
        try {
            if (!RunCommand.writeOutputs(run, lab.journal().snapshot(), title, look, m, out, err, picture))
                exit = Math.max(exit, Cli.OUTPUT_FAILED);
        } finally {
            run.outputsWritten();
        }
        if (report.passed()) out.println(m.get("cli.run.passed", String.valueOf(report.steps().size())));
        if (report.passed()) for (Text saw : report.outcomes()) out.println(saw.in(m.lang()));
        else err.println(report.mismatch().describe(m));
        linger(s.asked().linger(), m, out);
        return exit;
    }

    /**
     * Each line of {@code in} is the go for the waiting step; at its end, when no pace gives the goes, the rest plays by
     * itself (no press can come any more).
     */
    private static void pressesFrom(InputStream in, LessonShare share, boolean byPresses, Messages m,
            PrintStream out) {
        // A platform daemon: a read of the terminal cannot be interrupted, and must not keep the JVM at its end.
        Thread.ofPlatform().name("socketlab-share-presses").daemon(true).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                while (lines.readLine() != null) share.press();
            } catch (IOException ended) {
                // as the end of the input
            }
            if (!byPresses || share.over()) return;
            out.println(m.get("cli.share.inputEnded"));
            share.toEnd();
        });
    }

    /** The room's pages stay a while after the lesson's end (the last step read, the question discussed). */
    private static void linger(Duration linger, Messages m, PrintStream out) {
        if (linger.isZero()) return;
        out.println(m.get("cli.share.linger", String.valueOf(linger.toSeconds())));
        out.flush();
        try {
            Thread.sleep(linger);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every option share takes: its own, {@code --journal}, and run's link options. */
    static List<String> options() {
        return Stream.of(BIND, PORT, PACE, LINGER, Cli.JOURNAL, Cli.LANG, RunCommand.RATE, RunCommand.STEP_TIMEOUT,
                LinkOptions.DELAY, LinkOptions.JITTER, LinkOptions.LOSS, LinkOptions.DUPLICATE, LinkOptions.REORDER,
                LinkOptions.SEED, LinkOptions.CONGESTION).toList();
    }
}
