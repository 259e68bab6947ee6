package org.socketlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.socketlab.capture.CaptureReason;
import org.socketlab.capture.LabNetwork;
import org.socketlab.check.CheckFile;
import org.socketlab.check.CheckLoader;
import org.socketlab.check.CheckReport;
import org.socketlab.check.CheckReport.Format;
import org.socketlab.check.CheckRun;
import org.socketlab.check.ShownText;
import org.socketlab.check.Verdict;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.TempFolders;
import org.socketlab.trace.Strace;

/**
 * {@code socketlab check CHECK [--journal F] [--svg F] [--markdown F] [--json] [--lang es|en] -- PROGRAM [ARGS...]}:
 * runs a student's program under strace, plays against it as the check file says, and prints one verdict per rule
 * (✓, or ✗ with the reason and the journal's seq). {@code --batch DIR} checks each subfolder of DIR (one submission
 * each: relative words of the command are read inside it) and writes one CSV row, or with {@code --json} one JSON
 * line, per submission. {@code --format} writes the verdicts for a gradebook or an autograder ({@link Format}).
 * Exit codes: {@link Cli#OK} every rule passed (batch: every submission passed), {@link Cli#MISMATCH} a rule failed,
 * the program not found among them (the student's: every rule fails with that reason; batch: a submission failed),
 * {@link Cli#USAGE} a bad command line or check file, or nothing judged for want of a room ({@link #NOT_JUDGED};
 * batch: a submission could not be judged, its row says why), {@link Cli#OUTPUT_FAILED}, {@link #CANNOT_RUN} the run
 * could not be made (strace or prlimit missing, tracing not allowed, the trace could not start). Only 0 and 1 are
 * judgements: with any other code every form says "not judged" and why, and none gives a score.
 */
final class CheckCommand {
    /** The system property that prints each submission's phases to standard error ({@code -Dsocketlab.check.phases=true}). */
    static final String PHASES = "socketlab.check.phases";
    static final String JSON = "--json", BATCH = "--batch", FORMAT = "--format", JOBS = "--jobs";
    /** Judge without a room where none can be made: with the user's rights and files in the program's reach. */
    static final String NO_ROOM = "--no-room";
    /** The program could not be run at all: nothing was judged. The same code trace uses for a missing strace. */
    static final int CANNOT_RUN = TraceCommand.NO_TRACER;
    /** A batch where some submission could not be judged (its row says why); the others still have theirs. */
    static final int BATCH_NOT_JUDGED = Cli.USAGE;
    /** Nothing judged: no room can be made here and --no-room was not given. */
    static final int NOT_JUDGED = Cli.USAGE;

    /** The one line that says why nothing is judged here: no room can be made, and how to judge anyway. */
    private static String noRoomReason(Messages m) {
        CaptureReason why = LabNetwork.current().whyNotPrivate();
        String refused = CheckRun.roomRefused();
        return m.get("check.noRoom", why != null ? why.text(m) : refused != null ? refused : "-", NO_ROOM);
    }

    /** The first line of a run without a room: why there is none, and what contains the program instead. */
    private static String notContained(Messages m, boolean noRoom) {
        String refused = CheckRun.roomRefused();
        String why = noRoom
                ? m.get("check.notContained.noRoom")
                : m.get("check.notContained.refused", refused != null ? refused : noRoomCause(m));
        return m.get("check.notContained", why,
                m.get(CheckRun.runsAsNobody() ? "check.notContained.asNobody" : "check.notContained.asYou"));
    }

    private static String noRoomCause(Messages m) {
        CaptureReason why = LabNetwork.current().whyNotPrivate();
        return why == null ? "-" : why.text(m);
    }

    private CheckCommand() {
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    static int run(String[] args, Supplier<Libc> calls, Messages m, PrintStream out, PrintStream err) {
        TempFolders.sweep(); // what a SocketLab killed mid-check left (its pid is gone)
        int dashes = Arrays.asList(args).indexOf("--");
        List<String> program = dashes < 0 ? List.of() : List.of(Arrays.copyOfRange(args, dashes + 1, args.length));
        List<String> words = new ArrayList<>(Arrays.asList(dashes < 0 ? args : Arrays.copyOfRange(args, 0, dashes)));
        boolean json = words.remove(JSON);
        if (words.contains(JSON)) throw new LocalizedException("cli.repeatedOption", JSON, JSON + ", " + JSON);
        Args a = Args.parse(words.toArray(String[]::new), Command.CHECK.options(), Set.of(NO_ROOM));
        List<String> positional = a.positional(1);
        a.one(Cli.LANG, Lang::parse);
        // --json is the older name of --format jsonl; null: the text for a person (one program), CSV (a batch).
        Format format = a.one(FORMAT, f -> Format.of(f)
                .orElseThrow(() -> new LocalizedException("check.format.unknown", f, Format.names())));
        if (json && format != null && format != Format.JSONL)
            throw new LocalizedException("cli.repeatedOption", FORMAT, JSON + ", " + FORMAT);
        if (json) format = Format.JSONL;
        if (positional.isEmpty())
            throw new LocalizedException("check.missingCheck", String.join(", ", CheckLoader.IDS));
        if (program.isEmpty()) throw new LocalizedException("check.noProgram");
        boolean noRoom = a.flag(NO_ROOM);
        CheckFile check;
        try {
            check = CheckLoader.load(positional.getFirst());
        } catch (LocalizedException badFile) { // file, line and column: the usage would only hide it
            err.println(m.text(badFile));
            return Cli.USAGE;
        }
        String batch = a.one(BATCH);
        if (batch != null) {
            if (Stream.of(Cli.JOURNAL, Cli.MARKDOWN, Cli.SVG).anyMatch(o -> a.one(o) != null))
                throw new LocalizedException("check.batch.noOutputs");
            if (format != null && !format.batch())
                throw new LocalizedException("check.format.noBatch", name(format), platform(format));
            Integer jobs = a.one(JOBS, Args.number(1, 64, "check.jobs.bad"));
            return batch(calls, check, Path.of(batch), program, format == null ? Format.CSV : format,
                    jobs == null ? Runtime.getRuntime().availableProcessors() : jobs, noRoom, m, out, err);
        }
        String noRoomWhy = CheckRun.contained() || noRoom ? null : noRoomReason(m);
        if (noRoomWhy != null) {
            // No room, no verdict: a submission is judged only in a room of its own, unless --no-room says otherwise.
            err.println(noRoomWhy);
            notJudged(format, check, program.getFirst(), noRoomWhy, m, out);
            return NOT_JUDGED;
        }
        if (a.one(JOBS) != null) throw new LocalizedException("check.jobs.batchOnly");
        OutputFiles files = OutputFiles.check(a, List.of(Cli.JOURNAL, Cli.MARKDOWN, Cli.SVG));
        Strace strace;
        CheckRun.Result result;
        try {
            strace = Strace.find();
            if (noRoom || !CheckRun.contained()) err.println(notContained(m, noRoom));
            if (format == null)
                err.println(m.get("check.running", check.id(), check.title().in(m.lang()),
                        String.join(" ", program)));
            result = noRoom
                    ? CheckRun.runWithoutRoom(calls.get(), check, program, Path.of("").toAbsolutePath(), strace,
                            CheckRun.newJournal())
                    : CheckRun.run(calls.get(), check, program, Path.of("").toAbsolutePath(), strace,
                            CheckRun.newJournal());
        } catch (LocalizedException e) {
            files.discard();
            if (studentsOwn(e)) {
                // The submission has no program to run: the student's, judged so (every rule broken by it, no points).
                CheckRun.Result missing = missing(check, program, e);
                if (format == null) err.println(m.text(e));
                report(format, missing, program.getFirst(), m, out, err);
                return Cli.MISMATCH;
            }
            // The grader's: an autograder still gets a report it can read, which says why and gives no score.
            err.println(m.text(e));
            notJudged(format, check, program.getFirst(), m.text(e), m, out);
            return CANNOT_RUN;
        }
        report(format, result, program.getFirst(), m, out, err);
        String title = m.get("check.title", check.title().in(m.lang()));
        var events = result.events();
        boolean written = files.write(Cli.JOURNAL, file -> JournalJsonl.write(events, file), m, err, err)
                & files.write(Cli.MARKDOWN, file -> Files.writeString(file,
                        MarkdownTranscript.render(events, m.lang(), title), StandardCharsets.UTF_8), m, err, err)
                & files.write(Cli.SVG, file -> Files.writeString(file, SvgDiagram.render(events, m.lang(), title),
                        StandardCharsets.UTF_8), m, err, err);
        if (!written) return Cli.OUTPUT_FAILED;
        return result.passed() ? Cli.OK : Cli.MISMATCH;
    }

    /** {@code --format}'s name for a format, as a message says it. */
    private static String name(Format format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    /** The platform that reads a one-submission format, for the message that refuses it with --batch. */
    private static String platform(Format format) {
        return switch (format) {
            case PRAIRIELEARN -> "PrairieLearn";
            case AUTOLAB -> "Autolab";
            default -> "Gradescope";
        };
    }

    /** Whether a run that could not be made is the submission's fault (its program is not there): then it is judged. */
    static boolean studentsOwn(LocalizedException e) {
        return "check.programNotFound".equals(e.key());
    }

    /** The run of a submission without its program: every rule of the check failed with that reason. */
    private static CheckRun.Result missing(CheckFile check, List<String> program, LocalizedException e) {
        return CheckReport.everyRuleFailed(check, program, e.key(),
                Arrays.stream(e.args()).map(String::valueOf).toList());
    }

    /**
     * A run SocketLab could not make, in the form asked for: every form says so and why, and none gives a score (the
     * text for a person is the line on standard error alone).
     */
    private static void notJudged(Format format, CheckFile check, String submission, String reason, Messages m,
            PrintStream out) {
        if (format == null) return;
        out.println(switch (format) {
            case CSV -> CheckReport.CSV_HEADER + "\n" + CheckReport.csvRowNotRun(submission, reason);
            case JSONL -> CheckReport.jsonLineNotRun(check.id(), null, reason);
            case GRADESCOPE -> CheckReport.gradescopeNotRun(reason, m);
            case JUNIT -> CheckReport.JUNIT_START + "\n" + CheckReport.junitSuiteNotRun(check.id(), null, reason)
                    + "\n" + CheckReport.JUNIT_END;
            case PRAIRIELEARN -> CheckReport.prairielearnNotRun(reason, m);
            case AUTOLAB -> CheckReport.autolabNotRun(reason, m);
        });
    }

    /** One judged run in the form asked for; with none, the verdict lines for a person. */
    private static void report(Format format, CheckRun.Result result, String submission, Messages m, PrintStream out,
            PrintStream err) {
        if (format != null) {
            out.println(switch (format) {
                case JSONL -> CheckReport.jsonLine(result, null, m);
                case CSV -> CheckReport.CSV_HEADER + "\n" + CheckReport.csvRow(result, submission, m);
                case GRADESCOPE -> CheckReport.gradescope(result, m);
                case JUNIT -> CheckReport.JUNIT_START + "\n" + CheckReport.junitSuite(result, null, m) + "\n"
                        + CheckReport.JUNIT_END;
                case PRAIRIELEARN -> CheckReport.prairielearn(result, m);
                case AUTOLAB -> CheckReport.autolab(result, m);
            });
        } else {
            // What the program wrote first, with every control character shown as what it is: it cannot move the
            // cursor back over the verdicts, and the verdicts and the summary are the last lines on the terminal.
            if (!result.output().isBlank()) {
                String shown = ShownText.lines(result.output());
                err.println(m.get("check.programWrote"));
                err.print(shown.endsWith("\n") ? shown : shown + "\n");
                err.flush();
            }
            for (Verdict v : result.verdicts()) out.println(ShownText.lines(v.line(m)));
            long failed = result.failed().size();
            out.println(failed == 0
                    ? m.get("check.passed", String.valueOf(result.verdicts().size()))
                    : m.get("check.failed", String.valueOf(failed), String.valueOf(result.verdicts().size())));
        }
    }

    /** One submission's line in the batch's format, and how it went. */
    private record Row(String line, Boolean passed) {
    }

    /**
     * Checks each subfolder of {@code dir}, {@code jobs} at a time (each run has its own port, process group and
     * journal), and writes one line each in name order as soon as it and those before it are done; a summary with the
     * time taken and submissions per minute goes to {@code err}.
     */
    static int batch(Supplier<Libc> calls, CheckFile check, Path dir, List<String> program, Format format, int jobs,
            boolean noRoom, Messages m, PrintStream out, PrintStream err) {
        if (!Files.isDirectory(dir)) throw new LocalizedException("check.batch.noFolder", dir.toString());
        List<Path> submissions;
        // The batch's own folder at its real path (the grader's: /course a link to /srv/course): a room shows a folder
        // where it really is, and a program named through the link would not be there. Links below it are refused.
        try (Stream<Path> list = Files.list(dir.toRealPath())) {
            submissions = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new LocalizedException("check.batch.noFolder", dir.toString());
        }
        Strace strace;
        Libc libc;
        try {
            strace = CheckRun.forBatch(Strace.find(), check);
            libc = calls.get();
        } catch (LocalizedException e) {
            err.println(m.text(e));
            notJudgedRows(check, submissions, format, m.text(e), out);
            return CANNOT_RUN;
        }
        String noRoomWhy = CheckRun.contained() || noRoom ? null : noRoomReason(m);
        if (noRoomWhy != null) {
            err.println(noRoomWhy);
            notJudgedRows(check, submissions, format, noRoomWhy, out);
            return BATCH_NOT_JUDGED;
        }
        if (noRoom || !CheckRun.contained()) err.println(notContained(m, noRoom));
        long start = System.nanoTime();
        if (format == Format.CSV) out.println(CheckReport.CSV_HEADER);
        if (format == Format.JUNIT) out.println(CheckReport.JUNIT_START);
        int passed = 0, failed = 0, notJudged = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs),
                Thread.ofPlatform().daemon().name("socketlab-check-job-", 1).factory());
        try {
            List<Future<Row>> rows = new ArrayList<>();
            for (Path s : submissions)
                rows.add(pool.submit(() -> judge(libc, check, s, program, format, strace, noRoom, m, err)));
            for (Future<Row> f : rows) {
                Row row;
                try {
                    row = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalizedException("check.interrupted");
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause()); // judge() turns every failure into a row
                }
                if (row.passed() == null) notJudged++;
                else if (row.passed()) passed++;
                else failed++;
                out.println(row.line());
                out.flush();
            }
        } finally {
            pool.shutdownNow();
        }
        if (format == Format.JUNIT) out.println(CheckReport.JUNIT_END);
        long millis = (System.nanoTime() - start) / 1_000_000;
        err.println(m.get("check.batch.done", String.valueOf(submissions.size()), String.valueOf(passed),
                String.format(Locale.ROOT, "%.1f", millis / 1000.0)));
        err.println(m.get("check.batch.rate", String.valueOf(jobs),
                String.format(Locale.ROOT, "%.1f", submissions.size() * 60_000.0 / Math.max(1, millis))));
        if (noRoom || !CheckRun.contained())
            err.println(m.get("check.batch.noRoom", m.get(CheckRun.runsAsNobody()
                    ? "check.notContained.asNobody"
                    : "check.notContained.asYou")));
        // As for one program: 0 all passed, 1 any failed; a submission that could not be judged at all is 2.
        return notJudged > 0 ? BATCH_NOT_JUDGED : failed > 0 ? Cli.MISMATCH : Cli.OK;
    }

    /** Every row "not judged", with the reason: an autograder still gets one row per submission, and no score. */
    private static void notJudgedRows(CheckFile check, List<Path> submissions, Format format, String reason,
            PrintStream out) {
        if (format == Format.CSV) out.println(CheckReport.CSV_HEADER);
        if (format == Format.JUNIT) out.println(CheckReport.JUNIT_START);
        for (Path s : submissions) {
            String name = s.getFileName().toString();
            out.println(switch (format) {
                case JSONL -> CheckReport.jsonLineNotRun(check.id(), name, reason);
                case JUNIT -> CheckReport.junitSuiteNotRun(check.id(), name, reason);
                default -> CheckReport.csvRowNotRun(name, reason);
            });
        }
        if (format == Format.JUNIT) out.println(CheckReport.JUNIT_END);
    }

    /** Checks one submission; whatever it does, the answer is its row (passed null: it could not be judged). */
    private static Row judge(Libc libc, CheckFile check, Path s, List<String> program, Format format, Strace strace,
            boolean noRoom, Messages m, PrintStream err) {
        String name = s.getFileName().toString();
        String reason;
        try {
            CheckRun.Result r = noRoom
                    ? CheckRun.runWithoutRoom(libc, check, inside(s, program), s.toAbsolutePath(), strace,
                            CheckRun.newJournal())
                    : CheckRun.run(libc, check, inside(s, program), s.toAbsolutePath(), strace, CheckRun.newJournal());
            // Where each submission's time went, for CheckBatchBenchmark (docs/performance.md): not for a person.
            if (Boolean.getBoolean(PHASES)) err.println(PHASES + "\t" + name + "\t" + r.phases());
            return row(r, name, format, m);
        } catch (LocalizedException e) {
            if (studentsOwn(e)) return row(missing(check, inside(s, program), e), name, format, m);
            reason = m.text(e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // What one submission did to this program (a fork bomb leaves no thread to start) ends its row, never
            // the batch: the next submission is judged as if it had come first.
            reason = m.get("check.batch.notJudged", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
        return new Row(switch (format) {
            case JSONL -> CheckReport.jsonLineNotRun(check.id(), name, reason);
            case JUNIT -> CheckReport.junitSuiteNotRun(check.id(), name, reason);
            default -> CheckReport.csvRowNotRun(name, reason);
        }, null);
    }

    /** A judged submission's row. */
    private static Row row(CheckRun.Result r, String name, Format format, Messages m) {
        return new Row(switch (format) {
            case JSONL -> CheckReport.jsonLine(r, name, m);
            case JUNIT -> CheckReport.junitSuite(r, name, m);
            default -> CheckReport.csvRow(r, name, m);
        }, r.passed());
    }

    /**
     * The command for one submission: a word naming a file inside its folder becomes that file's full path. A symbolic
     * link on the way is refused, saying which link and where it points ({@code check.batch.link}): the submission's
     * folder itself, a folder in it, or the file. A contained program sees the folder of each path it is given at that
     * folder's real path, so a link ran nothing ("never got ready", exit 127) and could have shown what it points at
     * outside the submission (audit 2026-11-28, R8); a link that stays inside is refused too, the rule kept simple.
     */
    static List<String> inside(Path submission, List<String> program) {
        String name = String.valueOf(submission.getFileName());
        refuseLink(submission, name);
        List<String> command = new ArrayList<>();
        for (String w : program) {
            Path p;
            try {
                p = w.startsWith("-") || w.isEmpty() ? null : submission.resolve(w).normalize();
            } catch (InvalidPathException e) {
                p = null;
            }
            if (p != null && p.startsWith(submission)) {
                // each step below the submission's folder, as the command will name it (a dangling link included)
                Path at = submission;
                for (Path step : submission.relativize(p)) {
                    at = at.resolve(step);
                    if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) break;
                    refuseLink(at, name + "/" + submission.relativize(at));
                }
            }
            command.add(p != null && Files.exists(p) ? p.toAbsolutePath().normalize().toString() : w);
        }
        return command;
    }

    /** The longest link target a row quotes: a link's text is the student's. */
    private static final int QUOTED = 100;

    /** Refused with {@code check.batch.link} when {@code p} is a symbolic link ({@code shown} names it in the row). */
    private static void refuseLink(Path p, String shown) {
        if (!Files.isSymbolicLink(p)) return;
        String target;
        try {
            target = Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            target = "?";
        }
        if (target.length() > QUOTED) target = target.substring(0, QUOTED) + "…";
        throw new LocalizedException("check.batch.link", shown, target);
    }
}
