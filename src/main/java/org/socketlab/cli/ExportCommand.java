package org.socketlab.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socketlab.export.DiagramPicture;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.PcapExport;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.share.SavedSessionPage;

/**
 * {@code socketlab export F.jsonl [--svg F] [--png F] [--markdown F] [--pcap F] [--html F] [--from EVENT] [--to EVENT]
 * [--theme T] [--zoom P]}, and the exports {@code run} shares with it: a saved journal written as slides and handouts. Nothing
 * here makes a call: the journal is read, checked whole (a bad line: exit 2 naming it), and written another way.
 * {@code replay F.jsonl} is checked here too, before the launcher opens a window on it.
 */
final class ExportCommand {
    static final String PNG = "--png", PCAP = "--pcap", FROM = "--from", TO = "--to", THEME = "--theme",
            ZOOM = "--zoom", HTML = "--html";
    /** Every export, in the order they are written; {@code run} and {@code export} take the same ones. */
    static final List<String> EXPORTS = List.of(Cli.MARKDOWN, Cli.SVG, PNG, PCAP);

    private ExportCommand() {
    }

    /** How the diagram is drawn: the window's theme (SVG and PNG) and zoom (PNG). */
    record Look(String theme, int zoom) {
        static final Look DEFAULT = new Look("light", 100);

        static Look of(Args a) {
            String theme = a.one(THEME, t -> {
                if (!DiagramPicture.THEMES.contains(t))
                    throw new LocalizedException("cli.export.badTheme", t, String.join(", ", DiagramPicture.THEMES));
                return t;
            });
            Integer zoom = a.one(ZOOM, Args.number(75, 300, "cli.export.badZoom"));
            return new Look(theme == null ? DEFAULT.theme() : theme, zoom == null ? DEFAULT.zoom() : zoom);
        }
    }

    static int run(Args a, Messages m, PrintStream out, PrintStream err, DiagramPicture picture) {
        List<String> positional = a.positional(1);
        if (positional.isEmpty()) throw new LocalizedException("cli.export.missingJournal");
        a.one(Cli.LANG, Lang::parse);
        Integer from = a.one(FROM, Args.number(1, Integer.MAX_VALUE, "cli.export.badStep"));
        Integer to = a.one(TO, Args.number(1, Integer.MAX_VALUE, "cli.export.badStep"));
        Look look = Look.of(a);
        if (EXPORTS.stream().allMatch(option -> a.one(option) == null) && a.one(HTML) == null)
            throw new LocalizedException("cli.export.noOutput");
        SavedJournal saved;
        List<Event> events;
        try {
            saved = SavedJournal.open(Path.of(positional.getFirst()));
            Long first = from == null ? null : (long) from, last = to == null ? null : (long) to;
            long count = saved.count(first, last);
            if (count > SavedJournal.MAX_EXPORT_EVENTS)
                throw new LocalizedException("cli.export.tooMany", saved.name(), count,
                        SavedJournal.MAX_EXPORT_EVENTS, String.valueOf(saved.first()), String.valueOf(saved.last()));
            events = saved.between(first, last);
        } catch (LocalizedException e) { // the command was right, the journal is not: one line, no usage
            err.println(m.text(e));
            return Cli.USAGE;
        }
        List<String> outputs = new ArrayList<>(EXPORTS);
        outputs.add(HTML); // export's own: the student's page replaying the saved session (run shares it live)
        OutputFiles files = OutputFiles.check(a, outputs);
        boolean ok = write(files, events, saved.name(), look, m, out, err, picture) & writeHtml(files, events,
                saved.name(), m, out, err);
        return ok ? Cli.OK : Cli.OUTPUT_FAILED;
    }

    /** {@code --html F.html}: one page that replays the session offline, every step in Spanish and English. */
    private static boolean writeHtml(OutputFiles files, List<Event> events, String title, Messages m, PrintStream out,
            PrintStream err) {
        if (files.path(HTML) == null) return true;
        List<SavedSessionPage.Step> steps = SavedSessionPage.steps(events, title);
        boolean ok = files.write(HTML, file -> Files.writeString(file, SavedSessionPage.html(steps),
                StandardCharsets.UTF_8), m, out, err);
        if (ok) out.println(m.get("cli.export.html.steps", String.valueOf(steps.size())));
        return ok;
    }

    /** {@code replay F.jsonl}: the journal, checked whole, or null after saying what is wrong (exit 2). */
    static SavedJournal openForReplay(Args a, Messages m, PrintStream err) {
        List<String> positional = a.positional(1);
        if (positional.isEmpty()) throw new LocalizedException("cli.replay.missingJournal");
        a.one(Cli.LANG, Lang::parse);
        try {
            return SavedJournal.open(Path.of(positional.getFirst()));
        } catch (LocalizedException e) {
            err.println(m.text(e));
            return null;
        } catch (InvalidPathException e) {
            err.println(m.get("cli.output.badName", positional.getFirst()));
            return null;
        }
    }

    /** The exports asked for ({@link #EXPORTS}); false when one could not be written where asked. */
    static boolean write(OutputFiles files, List<Event> events, String title, Look look, Messages m, PrintStream out,
            PrintStream err, DiagramPicture picture) {
        boolean ok = files.write(Cli.MARKDOWN,
                file -> Files.writeString(file, MarkdownTranscript.render(events, m.lang(), title),
                        StandardCharsets.UTF_8),
                m, out, err)
                & files.write(Cli.SVG,
                        file -> Files.writeString(file, SvgDiagram.render(events, m.lang(), title, look.theme()),
                                StandardCharsets.UTF_8),
                        m, out, err)
                & files.write(PNG, file -> Files.write(file, picture.png(events, m.lang(), look.theme(), look.zoom())),
                        m, out, err);
        if (files.path(PCAP) == null) return ok;
        PcapExport.Contents contents = PcapExport.contents(events);
        ok &= files.write(PCAP, file -> {
            try (OutputStream pcap = Files.newOutputStream(file)) {
                PcapExport.write(events, pcap, m.lang());
            }
        }, m, out, err);
        out.println(contents.emptyReasonKey() != null
                ? m.get(contents.emptyReasonKey())
                : m.get(contents.writtenKey(), String.valueOf(contents.packets().size())));
        return ok;
    }
}
