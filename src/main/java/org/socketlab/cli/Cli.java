package org.socketlab.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.Netem;
import org.socketlab.capture.SecondHost;
import org.socketlab.export.DiagramPicture;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.JournalFile;
import org.socketlab.journal.SavedJournal;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Event;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lab.Payload;
import org.socketlab.lesson.Expect;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Step;
import org.socketlab.lesson.Text;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.OpenFilesLimit;
import org.socketlab.syscall.UnsupportedPlatformException;

/**
 * The headless command line: {@code lessons}, {@code run LESSON ...}, {@code serve ...}, {@code help}. No toolkit
 * is started. Exit codes are the constants below; the README and {@code --help} list the same ones.
 */
public final class Cli {
    /** Every step met its expectation (or the listing was printed, or serve finished). */
    public static final int OK = 0;
    /** A lesson step did not do what the lesson expected; for serve, a call it needs failed (the port is in use). */
    public static final int MISMATCH = 1;
    /** Bad command line, bad input or an output path that cannot be written: nothing was run, no socket opened. */
    public static final int USAGE = 2;
    /** The run happened but an output file could not be written at the end (a copy was kept where one line says). */
    public static final int OUTPUT_FAILED = 3;
    /** This operating system cannot make the real calls yet (Windows). */
    public static final int UNSUPPORTED = 4;
    /** quiz: the input ended before the last question; the lesson stopped there and the score so far was written. */
    public static final int NO_ANSWER = 5;
    /**
     * run, quiz: the lesson drops packets; trace --lab-network: the program was to run in the lab network. Both need the
     * private lab network, and this SocketLab runs on this computer's network (no namespace could be made, or it was
     * started without the launcher): one line says why, nothing was run.
     */
    public static final int NO_LAB_NETWORK = 7;
    /** serve was stopped with Ctrl+C (SIGINT), after closing its sockets and writing the journal: 128 + 2. */
    public static final int INTERRUPTED = 130;
    /** serve was stopped with SIGTERM, after closing its sockets and writing the journal: 128 + 15. */
    public static final int TERMINATED = 143;

    /**
     * A lesson that drops packets where no private lab network exists: one line saying why, and true (nothing is run,
     * no file or socket opened). Rules are never applied to this computer's own network.
     */
    static boolean refusedWithoutLabNetwork(Lesson lesson, Messages m, PrintStream err) {
        if (!lesson.needsLabNetwork()) return false;
        LabNetwork network = LabNetwork.current();
        if (network.isPrivate()) return false;
        err.println(network.kind() == LabNetwork.Kind.UNAVAILABLE
                ? m.get("cli.run.noLabNetwork.refused", lesson.id(), network.why(),
                        network.detail() == null || network.detail().isBlank() ? "-" : network.detail())
                : m.get("cli.run.noLabNetwork.host", lesson.id()));
        return true;
    }

    /**
     * The link between the lab's two machines limited to {@code kbit} kbit/s (tbf), said in the journal (a note of the
     * lab, in both languages) and on the console; false, with one line why, when the broker could not.
     */
    private static boolean limitedLink(Lab lab, int kbit, Messages m, PrintStream out, PrintStream err) {
        try {
            lab.secondHost().orElseThrow().limitRate(kbit);
        } catch (LocalizedException refused) {
            err.println(m.text(refused));
            return false;
        }
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values())
            text.put(lang.code(), Messages.of(lang).get("cli.run.rate", String.valueOf(kbit)));
        lab.journal().append(Lab.ITSELF, new Payload.Note(text));
        out.println(m.get("cli.run.rate", String.valueOf(kbit)));
        return true;
    }

    /** A network step as the run prints it: the rule in words, or that the rules were removed. */
    static String networkLine(Step step, Messages m) {
        return step.network().clear() ? m.get("network.cleared") : step.network().rule(1).describe(m);
    }

    /** run on two machines: the link's rate in kbit/s (tbf, issue 40 item 2). */
    static final String RATE = "--rate";
    static final String JOURNAL = "--journal", MARKDOWN = "--markdown", SVG = "--svg", LANG = "--lang";
    static final Set<String> RUN_OPTIONS = Set.of(JOURNAL, MARKDOWN, SVG, ExportCommand.PNG, ExportCommand.PCAP,
            ExportCommand.THEME, ExportCommand.ZOOM, LANG, RATE);
    /** run: the server on the lab's second host (issue 40). */
    static final String TWO_HOSTS = "--two-hosts";

    /** Whether this kernel has netem, as help says it: delay, loss and the rest of a link's conditions, or not. */
    static String netemLine(Netem netem, Messages m) {
        return switch (netem.state()) {
            case PRESENT -> m.get("cli.help.netem.present");
            case MISSING -> m.get("cli.help.netem.missing", netem.detail());
            case UNKNOWN -> m.get("cli.help.netem.unknown", netem.detail());
        };
    }
    static final Set<String> RUN_FLAGS = Set.of(TWO_HOSTS);
    static final Set<String> LESSONS_OPTIONS = Set.of(LANG);
    static final Set<String> EXPORT_OPTIONS = Set.of(MARKDOWN, SVG, ExportCommand.PNG, ExportCommand.PCAP,
            ExportCommand.FROM, ExportCommand.TO, ExportCommand.THEME, ExportCommand.ZOOM, LANG);

    private Cli() {
    }

    /** Runs one command and returns the process exit code; {@code --png} has no toolkit to draw with here. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err, DiagramPicture.NONE);
    }

    /** Runs one command; {@code picture} draws the diagram for {@code --png} (the launcher gives the window's). */
    public static int run(String[] args, PrintStream out, PrintStream err, DiagramPicture picture) {
        return run(args, System.in, out, err, picture);
    }

    /** Runs one command; {@code quiz} reads its answers from {@code in}. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, DiagramPicture.NONE);
    }

    /**
     * Runs one command; {@code quiz} reads its answers from {@code in}, {@code picture} draws the diagram for
     * {@code --png}; with this machine's calls and the shipped lessons, made for this one command.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
            DiagramPicture picture) {
        return run(args, in, out, err, picture, Libc::forThisMachine, new LessonCatalog());
    }

    /**
     * Runs one command with what the launcher made: {@code calls} gives the real calls (asked only by a command that
     * makes them; it throws {@link UnsupportedPlatformException} where there are none) and {@code lessons} the shipped
     * lessons.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, DiagramPicture picture,
            Supplier<Libc> calls, LessonCatalog lessons) {
        Lang lang = languageOf(args);
        Messages m = Messages.of(lang == null ? Lang.fromSystem() : lang);
        try {
            if (args.length == 0) return usage(err, m, m.get("cli.missingCommand"));
            String command = args[0];
            if (MAKES_CALLS.contains(command) && OpenFilesLimit.tooLow().isPresent()) {
                err.println(fewOpenFiles(m));
                return UNSUPPORTED;
            }
            return switch (command) {
                case "lessons" -> lessons(Args.parse(args, LESSONS_OPTIONS), lessons, m, out);
                case "run" -> runLesson(Args.parse(args, RUN_OPTIONS, RUN_FLAGS), calls, m, out, err, picture);
                case "export" -> ExportCommand.run(Args.parse(args, EXPORT_OPTIONS), m, out, err, picture);
                case "replay" -> { // the launcher opens the window itself (see openForReplay); here it is only checked
                    SavedJournal saved = ExportCommand.openForReplay(Args.parse(args, ExportCommand.REPLAY_OPTIONS), m,
                            err);
                    yield saved == null ? USAGE : OK;
                }
                case "serve" -> ServeCommand.run(args, calls, m, out, err);
                case "quiz" -> QuizCommand.run(args, calls, in, m, out, err);
                case "trace" -> TraceCommand.run(args, calls, m, out, err);
                case "check" -> CheckCommand.run(args, calls, m, out, err);
                case "code" -> CodeCommand.run(Args.parse(args, CodeCommand.OPTIONS), calls, m, out, err);
                case "help", "--help", "-h" -> {
                    Args.parse(args, LESSONS_OPTIONS).one(LANG, Lang::parse);
                    out.println(m.get("cli.help"));
                    out.println(netemLine(Netem.inThisKernel(LabNetwork.current()), m)); // asked of this kernel
                    yield OK;
                }
                default -> usage(err, m, m.get("cli.unknownCommand", command));
            };
        } catch (OutputFiles.BadPath e) { // the command was right, the path was not: one line, no usage
            err.println(m.text(e));
            return USAGE;
        } catch (LocalizedException e) {
            return usage(err, m, m.text(e));
        }
    }

    /** The commands that start a lab, endpoints or a traced program: each needs {@link OpenFilesLimit#NEEDED}. */
    private static final Set<String> MAKES_CALLS = Set.of("run", "serve", "quiz", "trace", "check",
            "code");

    /** One line: this shell's open-files limit is below what a lab needs, and how to raise it. */
    public static String fewOpenFiles(Messages m) {
        return m.get("cli.fewOpenFiles", String.valueOf(OpenFilesLimit.current().orElse(0)),
                String.valueOf(OpenFilesLimit.NEEDED));
    }

    /** The first valid --lang value, so even an error about a later one is said in that language; null if none. */
    private static Lang languageOf(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (!args[i].equals(LANG)) continue;
            try {
                return Lang.parse(args[i + 1]);
            } catch (LocalizedException e) {
                // looked at again, with its message, when the command's options are checked
            }
        }
        return null;
    }

    private static int usage(PrintStream err, Messages m, String problem) {
        err.println(problem);
        err.println(m.get("cli.usage"));
        return USAGE;
    }

    private static int lessons(Args a, LessonCatalog catalog, Messages m, PrintStream out) {
        a.positional(0);
        a.one(LANG, Lang::parse);
        out.println(m.get("cli.lessons.header"));
        out.println(m.get("cli.lessons.twoHosts", TWO_HOSTS));
        out.println(m.get("cli.lessons.alwaysTwoHosts", m.get("cli.lessons.alwaysTwoHosts.mark")));
        int width = LessonCatalog.IDS.stream().mapToInt(String::length).max().orElse(0);
        for (LessonCatalog.Topic topic : LessonCatalog.TOPICS) {
            out.println();
            out.println(m.get(topic.titleKey()));
            for (Lesson lesson : catalog.of(topic))
                out.println("  " + pad(lesson.id(), width) + "  " + lesson.title().in(m.lang()) + hostsMark(lesson, m));
        }
        return OK;
    }

    /**
     * A lesson's mark in the list: one whose file declares its hosts always runs on two machines (the option changes
     * nothing for it); one that can be moved takes {@value #TWO_HOSTS}; any other runs on one machine only.
     */
    public static String hostsMark(Lesson lesson, Messages m) {
        return switch (TwoHosts.fit(lesson)) {
            case ALWAYS_TWO -> "  [" + m.get("cli.lessons.alwaysTwoHosts.mark") + "]";
            case MOVES -> "  [" + TWO_HOSTS + "]";
            case ONE_MACHINE -> "";
        };
    }

    /**
     * {@code replay F.jsonl}: the journal to open the window on, read and checked whole before any window opens; null
     * after one line on {@code err} saying what is wrong (the caller exits with {@link #USAGE}).
     */
    public static SavedJournal openForReplay(String[] args, PrintStream err) {
        Lang lang = languageOf(args);
        Messages m = Messages.of(lang == null ? Lang.fromSystem() : lang);
        try {
            return ExportCommand.openForReplay(Args.parse(args, ExportCommand.REPLAY_OPTIONS), m, err);
        } catch (LocalizedException e) {
            usage(err, m, m.text(e));
            return null;
        }
    }

    /**
     * The lesson {@code which} names: a shipped lesson's id, or a lesson file's path. A broken file is told in one
     * line naming the file, line and step, and null is returned (exit {@link #USAGE}: the usage would only hide it).
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

    private static int runLesson(Args a, Supplier<Libc> calls, Messages m, PrintStream out, PrintStream err,
            DiagramPicture picture) {
        List<String> positional = a.positional(1);
        if (positional.isEmpty()) throw new LocalizedException("cli.missingLesson");
        a.one(LANG, Lang::parse);
        Lesson chosen = lesson(positional.getFirst(), m, err);
        if (chosen == null) return USAGE;
        if (refusedWithoutLabNetwork(chosen, m, err)) return NO_LAB_NETWORK;
        boolean twoHosts = a.flag(TWO_HOSTS) || chosen.onTwoHosts(); // its own "hosts", or moved
        Integer rate = a.one(RATE, Args.number(1, SecondHost.MAX_KBIT, "cli.run.badRate"));
        if (rate != null && !twoHosts) throw new LocalizedException("cli.run.rateOneMachine", RATE, TWO_HOSTS);
        if (rate != null && chosen.linkKbit() != null)
            throw new LocalizedException("cli.run.rateLesson", RATE, chosen.id(), chosen.linkKbit().toString());
        Lesson lesson;
        try {
            lesson = twoHosts ? TwoHosts.rewrite(chosen) : chosen;
        } catch (LocalizedException notOnTwoHosts) {
            err.println(m.text(notOnTwoHosts));
            return USAGE;
        }
        // Every output path is checked before the lab opens anything.
        ExportCommand.Look look = ExportCommand.Look.of(a);
        OutputFiles files = OutputFiles.check(a, Stream.concat(Stream.of(JOURNAL),
                ExportCommand.EXPORTS.stream()).toList());
        LessonReport report;
        Lab lab;
        // The journal file is written as the lesson runs (a crash keeps every event so far), so it is opened first.
        Journal sessionJournal = new Journal();
        JournalFile journalFile = files.record(JOURNAL, sessionJournal, m, err);
        if (journalFile == null && files.path(JOURNAL) != null) return OUTPUT_FAILED;
        try {
            lab = twoHosts
                    ? Lab.onTwoHosts(calls.get(), sessionJournal, lesson.hosts())
                    : new Lab(calls.get(), sessionJournal);
        } catch (UnsupportedPlatformException e) {
            if (journalFile != null) journalFile.close();
            files.discard();
            err.println(m.get("app.unsupportedOs", String.valueOf(e.os())));
            return UNSUPPORTED;
        } catch (LocalizedException noSecondHost) {
            // No two-host mode here (one line why); never the same addresses on this computer's network instead.
            if (journalFile != null) journalFile.close();
            files.discard();
            err.println(m.text(noSecondHost));
            return NO_LAB_NETWORK;
        }
        String title = lesson.title().in(m.lang());
        // Ctrl+C or SIGTERM mid-lesson: close the sockets and write what happened so far, then the JVM exits 130 / 143.
        OutputsClaim outputs = new OutputsClaim();
        Thread hook = new Thread(() -> {
            if (!outputs.claimOrAwaitWritten()) return; // the run wrote them itself
            err.println(m.get("cli.run.stopping"));
            lab.close();
            if (!writeOutputs(files, journalFile, lab.journal().snapshot(), title, look, m, out, err, picture))
                Runtime.getRuntime().halt(OUTPUT_FAILED);
            outputs.written();
        }, "socketlab-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (lab) {
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
            if (rate != null && !limitedLink(lab, rate, m, out, err)) return NO_LAB_NETWORK;
            out.println(RunLines.wireLine(lesson, lab, m));
            try {
                report = new LessonRunner().run(lesson, lab, port, step -> {
                    String line = step.call() != null
                            ? CallFormat.lineExplained(step.call(), m)
                            : step.step().kind() == Step.Kind.KILL || step.step().kind() == Step.Kind.EXIT
                                    || step.step().expect().result() instanceof Expect.Result.Killed
                                            ? RunLines.endedLine(step.step(), lab, m)
                                            : step.step().kind() == Step.Kind.START
                                                    ? m.get("cli.run.blocked", step.step().call())
                                                    : step.step().kind() == Step.Kind.RESET
                                                            ? RunLines.resetLine(lesson, step.step(), m)
                                                            : step.step().kind() == Step.Kind.NETWORK
                                                                    ? networkLine(step.step(), m)
                                                                    : step.step().kind() == Step.Kind.HAND_OVER
                                                                            ? RunLines.handOverLine(step.step(), m)
                                                                            : "-";
                    out.printf("  %2d %-10s %s%n", step.step().number(), Names.endpoint(step.step().endpoint(), m),
                            line);
                });
            } catch (RuntimeException closedUnderIt) {
                if (!outputs.claim()) return OK; // the signal's hook closed the lab mid-step; the JVM exits 130 / 143
                outputs.written();
                Runtime.getRuntime().removeShutdownHook(hook);
                throw closedUnderIt;
            }
        }
        if (!outputs.claim()) return OK; // a signal came: the hook writes them, the JVM exits
        // The hook stays: a signal that comes while the outputs below are written finds it waiting for them (removed,
        // nothing would hold the JVM's end, and the files would be cut short).
        // Written after the lab is closed, so the journal also holds the closing calls.
        int exit = report.passed() ? OK : MISMATCH;
        try {
            if (!writeOutputs(files, journalFile, lab.journal().snapshot(), title, look, m, out, err, picture))
                exit = Math.max(exit, OUTPUT_FAILED);
        } finally {
            outputs.written();
        }
        if (report.passed()) out.println(m.get("cli.run.passed", String.valueOf(report.steps().size())));
        if (report.passed()) for (Text saw : report.outcomes()) out.println(saw.in(m.lang())); // which result the kernel chose
        else err.println(report.mismatch().describe(m));
        return exit;
    }

    /**
     * The journal, transcript and diagram the command line asked for; false when one could not be written. The
     * journal file was written as the run went; only when that failed is it written again (kept elsewhere) from
     * the events still in memory.
     */
    private static boolean writeOutputs(OutputFiles files, JournalFile journalFile, List<Event> events, String title,
            ExportCommand.Look look, Messages m, PrintStream out, PrintStream err, DiagramPicture picture) {
        return files.finish(JOURNAL, journalFile, events, m, out, err)
                & ExportCommand.write(files, events, title, look, m, out, err, picture);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
