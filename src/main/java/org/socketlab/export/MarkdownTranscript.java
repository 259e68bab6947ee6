package org.socketlab.export;

import java.util.List;
import org.socketlab.export.story.Beat;
import org.socketlab.export.story.Story;
import org.socketlab.export.story.StoryText;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/**
 * A journal as a readable Markdown transcript in one language, told as its {@link Story} (the order, the calls'
 * two moments, the names, no inferred twin of a captured segment; the same story as the diagram and the SVG):
 * lesson narration as quoted paragraphs, and each moment as a list item with its endpoint, the strace-like line
 * and, when a call failed, the errno explained.
 */
public final class MarkdownTranscript {
    private MarkdownTranscript() {
    }

    /** @param title heading of the document (a lesson title), or null for a generic one */
    public static String render(List<Event> events, Lang lang, String title) {
        Messages m = Messages.of(lang);
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title == null ? m.get("cli.transcript.title") : title).append("\n\n");
        boolean inList = false;
        for (Beat beat : Story.of(events).beats()) {
            if (beat instanceof Beat.Note note) {
                if (inList) md.append('\n');
                inList = false;
                md.append("> ").append(StoryText.note(note.note(), m).replace("\n", "\n> ")).append("\n\n");
                continue;
            }
            inList = true;
            String what, meaning;
            if (beat instanceof Beat.Call c) {
                what = code(StoryText.call(c));
                meaning = c.moment() == Beat.Moment.ENTRY ? m.get("story.call.entered") : meaning(c.call(), m);
                String bytes = sockaddr(c.call(), m);
                if (c.moment() != Beat.Moment.ENTRY && !bytes.isEmpty())
                    meaning = meaning.isEmpty() ? bytes : meaning + "; " + bytes;
            } else if (beat instanceof Beat.Segment seg) {
                what = what(seg.segment(), m, false);
                meaning = meaning(seg.segment(), m);
                String told = StoryText.retold(seg.segment(), seg.retold(), m); // lost, sent again, dup ACK, SACK
                if (!told.isEmpty()) meaning = meaning + "; " + told;
            } else {
                what = what(beat.event().payload(), m, beat instanceof Beat.Queue q && q.listener());
                meaning = meaning(beat.event().payload(), m);
            }
            md.append("- #").append(beat.event().seq()).append(" **").append(StoryText.endpointName(beat.endpoint(), m))
                    .append("** ")
                    .append(what).append(meaning.isEmpty() ? "" : " — " + cell(meaning)).append('\n');
        }
        if (inList) md.append('\n');
        return md.toString();
    }

    /**
     * One event as one plain line in the language, the way the transcript words it (a call as strace would write
     * it with its errno explained, a segment marked captured or inferred); for a terminal.
     */
    public static String plainLine(Event event, Messages m, ListeningSockets listeners) {
        Payload payload = event.payload();
        boolean listener = listeners.isListenerQueue(event);
        if (payload instanceof Payload.Call c) return CallFormat.lineExplained(c, m);
        String meaning = meaning(payload, m);
        return cell(what(payload, m, listener)) + (meaning.isEmpty() ? "" : " — " + cell(meaning));
    }

    private static String what(Payload payload, Messages m, boolean listenerQueue) {
        return switch (payload) {
            case Payload.Call c -> code(CallFormat.line(c));
            case Payload.Blocked b -> cell(m.get("cli.transcript.blocked", b.call(), String.valueOf(b.fd()),
                    m.get(CallFormat.waitsForKey(b.call()))));
            case Payload.Cancelled c -> cell(m.get("cli.transcript.cancelled", c.call(), String.valueOf(c.fd()),
                    String.format("%.1f", c.waitedNs() / 1e6)));
            case Payload.State s ->
                cell(m.get("cli.transcript.state", String.valueOf(s.fd()), Names.state(s.from(), s.to(), m),
                        Names.state(s.to(), s.from(), m)));
            case Payload.Queue q -> cell(m.get(listenerQueue ? "cli.transcript.acceptQueue" : "cli.transcript.queue",
                    String.valueOf(q.fd()), String.valueOf(q.recvQ()), String.valueOf(q.sendQ())));
            case Payload.Segment s ->
                cell(StoryText.endpointName(s.from(), m) + " → " + StoryText.endpointName(s.to(), m) + " "
                        + s.proto().toUpperCase(java.util.Locale.ROOT) + " [" + String.join(",", s.flags()) + "] len="
                        + s.len());
            case Payload.Capture c -> cell(StoryText.capture(c, m));
            case Payload.Note n -> "";
        };
    }

    private static String meaning(Payload payload, Messages m) {
        return switch (payload) {
            case Payload.Call c -> c.failed() ? c.errnoName() + ": " + CallFormat.explain(c, m) : "";
            case Payload.State s -> m.get("cli.transcript.source", s.source())
                    + ("TIME_WAIT".equals(s.to()) ? "; " + m.get("cli.transcript.timeWait") : "");
            case Payload.Segment s ->
                m.get(s.origin().equals("captured") ? "cli.transcript.captured" : "cli.transcript.inferred");
            default -> "";
        };
    }

    /** For a bind, connect or sendto: the sockaddr as the kernel received it, the port in network order. */
    private static String sockaddr(Payload.Call c, Messages m) {
        if (!c.call().equals("bind") && !c.call().equals("connect") && !c.call().equals("sendto")) return "";
        java.util.List<org.socketlab.syscall.SockAddrLayout.Field> fields = org.socketlab.syscall.SockAddrLayout
                .ofJournalText(c.args().get("addr"));
        if (fields.isEmpty()) return "";
        org.socketlab.syscall.SockAddrLayout.Field port = fields.stream().filter(f -> f.name().endsWith("_port"))
                .findFirst().orElseThrow();
        java.util.HexFormat hex = java.util.HexFormat.ofDelimiter(" ");
        return m.get("cli.transcript.sockaddr", org.socketlab.syscall.SockAddrLayout.structName(fields),
                hex.formatHex(org.socketlab.syscall.SockAddrLayout.bytes(fields)), hex.formatHex(port.bytes()),
                port.value());
    }

    /** Inline code that survives backticks inside the line. */
    private static String code(String text) {
        return text.contains("`") ? "`` " + text + " ``" : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("\n", " ");
    }
}
