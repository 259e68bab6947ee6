package org.socketlab.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Set;
import java.util.function.Supplier;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.Netem;
import org.socketlab.export.DiagramPicture;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.OpenFilesLimit;
import org.socketlab.syscall.UnsupportedPlatformException;

/**
 * The headless command line's dispatch and help: each command's words go to its class ({@link RunCommand},
 * {@link ServeCommand}...), parsed by its {@link Command} descriptor. No toolkit is started. Exit codes are the constants below; the README and {@code --help} list the same ones.
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

    /** The options several commands share (each command's own are in {@link Command}). */
    static final String JOURNAL = "--journal", MARKDOWN = "--markdown", SVG = "--svg", LANG = "--lang";

    /** Whether this kernel has netem, as help says it: delay, loss and the rest of a link's conditions, or not. */
    static String netemLine(Netem netem, Messages m) {
        return switch (netem.state()) {
            case PRESENT -> m.get("cli.help.netem.present");
            case MISSING -> m.get("cli.help.netem.missing", netem.detail());
            case UNKNOWN -> m.get("cli.help.netem.unknown", netem.detail());
        };
    }

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
                case "lessons" -> lessons(Command.LESSONS.parse(args), lessons, m, out);
                case "run" -> RunCommand.run(Command.RUN.parse(args), calls, m, out, err, picture);
                case "export" -> ExportCommand.run(Command.EXPORT.parse(args), m, out, err, picture);
                case "replay" -> { // the launcher opens the window itself (see openForReplay); here it is only checked
                    SavedJournal saved = ExportCommand.openForReplay(Command.REPLAY.parse(args), m,
                            err);
                    yield saved == null ? USAGE : OK;
                }
                case "serve" -> ServeCommand.run(args, calls, m, out, err);
                case "quiz" -> QuizCommand.run(args, calls, in, m, out, err);
                case "trace" -> TraceCommand.run(args, calls, m, out, err);
                case "check" -> CheckCommand.run(args, calls, m, out, err);
                case "code" -> CodeCommand.run(Command.CODE.parse(args), calls, m, out, err);
                case "share" -> ShareCommand.run(Command.SHARE.parse(args), calls, in, m, out, err, picture);
                case "help", "--help", "-h" -> {
                    Command.HELP.parse(args).one(LANG, Lang::parse);
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
            if (badLinkValue(e)) { // the option and its range are the whole answer: the usage would only bury it
                err.println(m.get("cli.seeHelp", m.text(e)));
                return USAGE;
            }
            return usage(err, m, m.text(e));
        }
    }

    /** A value of the link's options ({@code --delay}, {@code --rate}...) refused: said in one line, with where to look. */
    private static boolean badLinkValue(LocalizedException e) {
        return LINK_REFUSALS.contains(e.key());
    }

    private static final Set<String> LINK_REFUSALS = Set.of("cli.link.badMs", "cli.link.badPercent",
            "cli.link.badLoss", "cli.link.badSeed", "cli.link.badCongestion", "cli.link.congestionNotHere",
            "cli.link.twoValues", "cli.link.reorderNeedsDelay", "cli.run.badRate", "cli.run.rateOneMachine",
            "cli.run.rateLesson", "cli.run.linkLesson", "share.bind.notAddress", "share.bind.wildcard",
            "share.bind.notHere",
            "cli.share.badPort", "cli.share.badPace", "cli.share.badLinger");

    /** The commands that start a lab, endpoints or a traced program: each needs {@link OpenFilesLimit#NEEDED}. */
    private static final Set<String> MAKES_CALLS = Set.of("run", "serve", "quiz", "trace", "check",
            "code", "share");

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
        out.println(m.get("cli.lessons.twoHosts", RunCommand.TWO_HOSTS));
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
     * nothing for it); one that can be moved takes {@value RunCommand#TWO_HOSTS}; any other runs on one machine only.
     */
    public static String hostsMark(Lesson lesson, Messages m) {
        return switch (TwoHosts.fit(lesson)) {
            case ALWAYS_TWO -> "  [" + m.get("cli.lessons.alwaysTwoHosts.mark") + "]";
            case MOVES -> "  [" + RunCommand.TWO_HOSTS + "]";
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
            return ExportCommand.openForReplay(Command.REPLAY.parse(args), m, err);
        } catch (LocalizedException e) {
            usage(err, m, m.text(e));
            return null;
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
