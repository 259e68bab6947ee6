package org.socketlab.cli;

import org.socketlab.export.JournalFile;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.UnsupportedPlatformException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The headless command line: {@code lessons}, {@code run LESSON ...}. No toolkit is started. */
public final class Cli {
    /** Every step met its expectation (or the listing was printed). */
    public static final int OK = 0;
    /** A lesson step did not do what the lesson expected. */
    public static final int MISMATCH = 1;
    /** Bad command line or bad input: nothing was run. */
    public static final int USAGE = 2;
    /** The run happened but an output file could not be written, or this OS cannot make the calls. */
    public static final int FAILURE = 3;

    private static final Set<String> RUN_OPTIONS = Set.of("--journal", "--markdown", "--svg", "--lang");
    private static final Set<String> LESSONS_OPTIONS = Set.of("--lang");

    private Cli() {
    }

    /** The words of a command: positional arguments and {@code --option value} pairs. */
    private record Parsed(List<String> positional, Map<String, String> options) {
    }

    /** Runs one command and returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Lang lang = languageOf(args);
        Messages m = Messages.of(lang == null ? Lang.fromSystem() : lang);
        try {
            if (args.length == 0) return usage(err, m, m.get("cli.missingCommand"));
            String code = valueAfter(args, "--lang");
            if (lang == null && code != null) Lang.parse(code); // throws the clear message for a bad --lang
            String command = args[0];
            return switch (command) {
                case "lessons" -> lessons(parse(args, LESSONS_OPTIONS, m), m, out, err);
                case "run" -> runLesson(parse(args, RUN_OPTIONS, m), m, out, err);
                case "serve" -> ServeCommand.run(args, m, out, err);
                case "help", "--help", "-h" -> {
                    out.println(m.get("cli.usage"));
                    yield OK;
                }
                default -> usage(err, m, m.get("cli.unknownCommand", command));
            };
        } catch (LocalizedException e) {
            return usage(err, m, m.text(e));
        }
    }

    /** The --lang value when it is valid, null when absent or invalid. */
    private static Lang languageOf(String[] args) {
        String code = valueAfter(args, "--lang");
        if (code == null) return null;
        try {
            return Lang.parse(code);
        } catch (LocalizedException e) {
            return null;
        }
    }

    private static String valueAfter(String[] args, String option) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(option)) return args[i + 1];
        return null;
    }

    private static Parsed parse(String[] args, Set<String> allowed, Messages m) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (!allowed.contains(a)) throw new LocalizedException("cli.unknownOption", a, args[0]);
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) throw new LocalizedException("cli.missingValue", a);
                options.put(a, args[++i]);
            } else {
                positional.add(a);
            }
        }
        return new Parsed(positional, options);
    }

    private static int usage(PrintStream err, Messages m, String problem) {
        err.println(problem);
        err.println(m.get("cli.usage"));
        return USAGE;
    }

    private static int lessons(Parsed p, Messages m, PrintStream out, PrintStream err) {
        if (!p.positional().isEmpty()) throw new LocalizedException("cli.extraArgument", p.positional().getFirst());
        out.println(m.get("cli.lessons.header"));
        int width = LessonCatalog.IDS.stream().mapToInt(String::length).max().orElse(0);
        for (Lesson lesson : LessonCatalog.all())
            out.println("  " + pad(lesson.id(), width) + "  " + lesson.title().in(m.lang()));
        return OK;
    }

    private static int runLesson(Parsed p, Messages m, PrintStream out, PrintStream err) {
        if (p.positional().isEmpty()) throw new LocalizedException("cli.missingLesson");
        if (p.positional().size() > 1) throw new LocalizedException("cli.extraArgument", p.positional().get(1));
        Lesson lesson = LessonLoader.load(p.positional().getFirst());
        LessonReport report;
        Lab lab;
        // The journal file is written as the lesson runs (a crash keeps every event so far), so it is opened first.
        String journal = p.options().get("--journal");
        JournalFile journalFile = null;
        org.socketlab.lab.Journal sessionJournal = new org.socketlab.lab.Journal();
        if (journal != null) {
            try {
                journalFile = JournalFile.record(sessionJournal, Path.of(journal));
            } catch (IOException | java.nio.file.InvalidPathException e) {
                err.println(m.get("cli.writeFailed", journal, whyNotWritten(e, m)));
                return FAILURE;
            }
        }
        try {
            lab = Lab.onThisMachine(sessionJournal);
        } catch (UnsupportedPlatformException e) {
            if (journalFile != null) journalFile.close();
            err.println(m.get("app.unsupportedOs", String.valueOf(e.os())));
            return FAILURE;
        }
        try (lab) {
            int port = LessonRunner.freePort();
            out.println(m.get("cli.run.start", lesson.id(), lesson.title().in(m.lang()), String.valueOf(port)));
            // Seen or deduced: say which, and why, before the first step.
            lab.journal().snapshot().stream().map(org.socketlab.lab.Event::payload)
                    .filter(payload -> payload instanceof org.socketlab.lab.Payload.Capture).map(payload -> (org.socketlab.lab.Payload.Capture) payload)
                    .findFirst().ifPresent(c -> out.println(c.status().equals(org.socketlab.lab.Payload.Capture.STARTED)
                            ? m.get("cli.run.captured") : m.get("cli.run.inferred", c.reasonText(m))));
            report = new LessonRunner().run(lesson, lab, port, step -> {
                String line = step.call() != null ? CallFormat.lineExplained(step.call(), m)
                        : step.step().kind() == org.socketlab.lesson.Step.Kind.START ? m.get("cli.run.blocked", step.step().call())
                        : step.step().kind() == org.socketlab.lesson.Step.Kind.RESET ? m.get("cli.run.reset") : "-";
                out.printf("  %2d %-10s %s%n", step.step().number(), Names.endpoint(step.step().endpoint(), m), line);
            });
        }
        // Written after the lab is closed, so the journal also holds the closing calls.
        int exit = report.passed() ? OK : MISMATCH;
        var events = lab.journal().snapshot();
        if (journalFile != null) {
            journalFile.close();
            if (journalFile.failure().isPresent()) {
                err.println(m.get("cli.writeFailed", journal, journalFile.failure().get().toString()));
                exit = Math.max(exit, FAILURE);
            } else {
                out.println(m.get("cli.run.wrote", journal));
            }
        }
        String markdown = p.options().get("--markdown");
        String transcript = MarkdownTranscript.render(events, m.lang(), lesson.title().in(m.lang()));
        if (markdown != null && !write(markdown, file -> Files.writeString(file, transcript, StandardCharsets.UTF_8), m, out, err))
            exit = Math.max(exit, FAILURE);
        String svg = p.options().get("--svg");
        if (svg != null && !write(svg, file -> Files.writeString(file, SvgDiagram.render(events, m.lang(), lesson.title().in(m.lang())),
                StandardCharsets.UTF_8), m, out, err))
            exit = Math.max(exit, FAILURE);
        if (report.passed()) out.println(m.get("cli.run.passed", String.valueOf(report.steps().size())));
        else err.println(report.mismatch().describe(m));
        return exit;
    }

    private interface FileWriter {
        void writeTo(Path file) throws IOException;
    }

    private static boolean write(String name, FileWriter writer, Messages m, PrintStream out, PrintStream err) {
        try {
            writer.writeTo(Path.of(name));
            out.println(m.get("cli.run.wrote", name));
            return true;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println(m.get("cli.writeFailed", name, whyNotWritten(e, m)));
            return false;
        }
    }

    /** Why a file could not be written, in the language; an error the system words its own way is quoted as it came. */
    static String whyNotWritten(Exception e, Messages m) {
        return switch (e) {
            case java.nio.file.NoSuchFileException x -> m.get("cli.writeFailed.noDirectory");
            case java.nio.file.AccessDeniedException x -> m.get("cli.writeFailed.denied");
            case java.nio.file.InvalidPathException x -> m.get("cli.writeFailed.badName");
            default -> m.get("cli.writeFailed.other", String.valueOf(e.getMessage()));
        };
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
