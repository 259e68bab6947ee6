package org.socketlab.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One command as the command line knows it: its name, the options it takes with a value and the flags it takes
 * without one. {@link Args} is given exactly these sets, and {@code UsageTextTest} checks that {@code cli.usage},
 * {@code cli.help} (both languages) and docs/command-line.md (en, es) name exactly them: an option added in one place
 * only fails there (decision 0004).
 */
record Command(String name, Set<String> options, Set<String> flags) {
    static final Command LESSONS = new Command("lessons", Set.of(Cli.LANG), Set.of());
    static final Command RUN = new Command("run", Set.of(Cli.JOURNAL, Cli.MARKDOWN, Cli.SVG, ExportCommand.PNG,
            ExportCommand.PCAP, ExportCommand.THEME, ExportCommand.ZOOM, Cli.LANG, RunCommand.RATE, LinkOptions.DELAY,
            LinkOptions.JITTER, LinkOptions.LOSS, LinkOptions.DUPLICATE, LinkOptions.REORDER, LinkOptions.SEED,
            LinkOptions.CONGESTION, RunCommand.STEP_TIMEOUT),
            Set.of(RunCommand.TWO_HOSTS));
    static final Command REPLAY = new Command("replay", Set.of(Cli.LANG), Set.of());
    static final Command EXPORT = new Command("export", Set.of(Cli.MARKDOWN, Cli.SVG, ExportCommand.PNG,
            ExportCommand.PCAP, ExportCommand.HTML, ExportCommand.FROM, ExportCommand.TO, ExportCommand.THEME,
            ExportCommand.ZOOM, Cli.LANG), Set.of());
    static final Command QUIZ = new Command("quiz", Set.of(Cli.JOURNAL, Cli.LANG, RunCommand.RATE, LinkOptions.DELAY,
            LinkOptions.JITTER, LinkOptions.LOSS, LinkOptions.DUPLICATE, LinkOptions.REORDER, LinkOptions.SEED,
            LinkOptions.CONGESTION),
            Set.of(RunCommand.TWO_HOSTS));
    static final Command TRACE = new Command("trace", Set.of(Cli.JOURNAL, Cli.MARKDOWN, Cli.SVG, Cli.LANG),
            Set.of(TraceCommand.LAB_NETWORK));
    /** {@code --json} is looked for by check itself (the older name of {@code --format jsonl}). */
    static final Command CHECK = new Command("check", Set.of(Cli.JOURNAL, Cli.MARKDOWN, Cli.SVG, Cli.LANG,
            CheckCommand.BATCH, CheckCommand.FORMAT, CheckCommand.JOBS),
            Set.of(CheckCommand.JSON, CheckCommand.NO_ROOM));
    static final Command CODE = new Command("code", Set.of(Cli.LANG, CodeCommand.OUT), Set.of());
    static final Command SERVE = new Command("serve", Set.of(ServeCommand.PORT, Cli.JOURNAL, ServeCommand.CONNECTIONS,
            ServeCommand.MAX_CLIENTS, Cli.LANG), Set.of());
    static final Command SHARE = new Command("share", Set.copyOf(ShareCommand.options()),
            Set.of(RunCommand.TWO_HOSTS));
    static final Command HELP = new Command("help", Set.of(Cli.LANG), Set.of());

    /** Every command, in the order help lists them. */
    static final List<Command> ALL = List.of(LESSONS, RUN, REPLAY, EXPORT, QUIZ, TRACE, CHECK, CODE, SERVE, SHARE,
            HELP);

    Command {
        options = Set.copyOf(options);
        flags = Set.copyOf(flags);
    }

    /** The command's words split by {@link Args}: an option or flag not in this descriptor is refused. */
    Args parse(String[] args) {
        return Args.parse(args, options, flags);
    }

    /** Every option and flag the command accepts, as its usage lines must name them. */
    Set<String> accepted() {
        Set<String> all = new HashSet<>(options);
        all.addAll(flags);
        return Set.copyOf(all);
    }
}
