package org.socketlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.codegen.Program;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.SafeName;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Libc;

/**
 * {@code socketlab code LESSON|FILE.json|F.jsonl --lang c|java|python|rust [--out DIR]}: the programs the window's
 * code panel shows, one per endpoint, written by the same generator (codegen) from a journal. A lesson (an id or
 * a lesson file) is run first on real loopback sockets, without capture, and its journal is written; a saved journal
 * is read and written, with no call made. Without {@code --out} the programs go to standard output, each after a
 * line naming its file. Here {@code --lang} names the programming language; the comments follow the system's
 * language (es or en).
 */
final class CodeCommand {
    static final String OUT = "--out";

    private CodeCommand() {
    }

    static int run(Args a, Supplier<Libc> calls, Messages m, PrintStream out, PrintStream err) {
        List<String> positional = a.positional(1);
        if (positional.isEmpty()) throw new LocalizedException("cli.code.missingInput");
        Language language = a.one(Cli.LANG, CodeCommand::language);
        if (language == null) throw new LocalizedException("cli.code.missingLang", ids());
        Path dir = a.one(OUT, CodeCommand::folder);
        String which = positional.getFirst();
        Calls got = which.endsWith(".jsonl") ? fromJournal(which, m, err) : fromLesson(which, calls, m, err);
        if (!(got instanceof Calls.Made(List<Event> events))) return ((Calls.Refused) got).exit();
        CodeScript script = CodeScript.of(events);
        if (script.endpoints().isEmpty()) {
            err.println(m.get("cli.code.noCalls", which));
            return Cli.USAGE;
        }
        List<Program> programs = new ArrayList<>();
        for (String endpoint : script.endpoints()) programs.add(CodeGenerator.program(language, script, endpoint, m));
        int written = dir == null ? printed(programs, m, out) : written(programs, dir, m, out, err);
        if (written != Cli.OK) return written;
        // Nothing left out without a word: forked children written inside their parent, a thread's calls not at all.
        for (String parent : script.forks().stream().filter(f -> !f.thread()).map(CodeScript.Fork::parent).distinct()
                .toList())
            err.println(m.get("cli.code.children", CodeGenerator.who(parent, m), String.join(", ",
                    script.forks().stream().filter(f -> !f.thread() && f.parent().equals(parent))
                            .map(f -> CodeGenerator.who(f.child(), m)).toList())));
        // Threads (issue 79) are written inside their process's program, where each started.
        for (String process : script.forks().stream().filter(CodeScript.Fork::thread).map(CodeScript.Fork::parent)
                .distinct().toList())
            err.println(m.get("cli.code.threads", CodeGenerator.who(process, m), String.join(", ",
                    script.forks().stream().filter(f -> f.thread() && f.parent().equals(process))
                            .map(f -> CodeGenerator.who(f.child(), m)).toList())));
        script.unwritten().forEach((who, count) -> err.println(m.get("cli.code.unwritten", CodeGenerator.who(who, m),
                String.valueOf(count))));
        out.println(m.get("cli.code.places", String.join(" ", script.places().stream().map(CodeScript.Place::value)
                .toList())));
        return Cli.OK;
    }

    /** The calls the programs are written from: a journal's or a lesson run's, or the exit code that says why not. */
    private sealed interface Calls {
        record Made(List<Event> events) implements Calls {
        }

        record Refused(int exit) implements Calls {
        }
    }

    /** A saved journal's events (no call is made), or the usage exit after one line why. */
    private static Calls fromJournal(String which, Messages m, PrintStream err) {
        try {
            SavedJournal saved = SavedJournal.open(Path.of(which));
            if (saved.count() > SavedJournal.MAX_EXPORT_EVENTS)
                throw new LocalizedException("cli.code.tooMany", saved.name(), saved.count(),
                        SavedJournal.MAX_EXPORT_EVENTS);
            return new Calls.Made(saved.between(null, null));
        } catch (LocalizedException e) {
            err.println(m.text(e));
        } catch (InvalidPathException e) {
            err.println(m.get("cli.output.badName", which));
        }
        return new Calls.Refused(Cli.USAGE);
    }

    /** The events of a lesson run now on real sockets; a lesson that did something else writes no program. */
    private static Calls fromLesson(String which, Supplier<Libc> calls, Messages m, PrintStream err) {
        Lesson lesson;
        try {
            lesson = LessonLoader.isPath(which) ? LessonLoader.loadFile(which) : LessonLoader.load(which);
        } catch (LocalizedException badLesson) {
            err.println(m.text(badLesson));
            return new Calls.Refused(Cli.USAGE);
        }
        LabRun run;
        try {
            run = LabRun.open(OutputFiles.NONE, new Journal(), calls, (libc, journal) -> new Lab(libc, journal, false),
                    m, err);
        } catch (LabRun.NotStarted e) {
            return new Calls.Refused(e.exit());
        }
        try (run) {
            Lab lab = run.lab();
            LessonReport report = new LessonRunner().run(lesson, lab);
            if (!report.passed()) {
                err.println(report.mismatch().describe(m));
                return new Calls.Refused(Cli.MISMATCH);
            }
            return new Calls.Made(lab.journal().snapshot());
        }
    }

    private static int printed(List<Program> programs, Messages m, PrintStream out) {
        for (Program p : programs) {
            out.println(m.get("cli.code.file", p.fileName()));
            out.print(p.text());
        }
        return Cli.OK;
    }

    /** Every file is placed before the folder is made or anything written: one outside it, nothing written. */
    private static int written(List<Program> programs, Path dir, Messages m, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        try {
            for (Program p : programs) files.add(inside(dir, p.fileName()));
        } catch (LocalizedException outside) {
            err.println(m.text(outside));
            return Cli.USAGE;
        }
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < programs.size(); i++) {
                Path file = files.get(i);
                Files.writeString(file, programs.get(i).text(), StandardCharsets.UTF_8);
                out.println(m.get("cli.run.wrote", file.toString()));
            }
        } catch (IOException e) {
            err.println(m.get("cli.output.refused", dir.toString(), String.valueOf(e.getMessage())));
            return Cli.OUTPUT_FAILED;
        }
        return Cli.OK;
    }

    /**
     * Where a program named {@code fileName} goes in {@code dir}: the file itself, one name strictly inside it, or a
     * {@link LocalizedException} when its normalised path would be anywhere else ({@code ../client.c}, {@code a/b.c},
     * an absolute path). The names reach here from a journal or a lesson file, whose readers already refuse unsafe
     * ones ({@link SafeName}); this is the writer's own check.
     */
    static Path inside(Path dir, String fileName) {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            Path file = folder.resolve(fileName).normalize();
            if (folder.equals(file.getParent()) && file.getFileName().toString().equals(fileName))
                return dir.resolve(fileName);
        } catch (InvalidPathException e) {
            // said below, as any other name that is not one file of the folder
        }
        throw new LocalizedException("cli.code.outside", SafeName.shown(fileName), dir.toString());
    }

    private static Language language(String id) {
        return Arrays.stream(Language.values()).filter(l -> l.id().equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new LocalizedException("cli.code.badLang", id, ids()));
    }

    private static String ids() {
        return String.join(", ", Arrays.stream(Language.values()).map(Language::id).toList());
    }

    private static Path folder(String name) {
        try {
            Path dir = Path.of(name);
            if (Files.exists(dir) && !Files.isDirectory(dir))
                throw new LocalizedException("cli.code.outNotFolder", name);
            return dir;
        } catch (InvalidPathException e) {
            throw new LocalizedException("cli.output.badName", name);
        }
    }
}
