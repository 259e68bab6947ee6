package org.socketlab.export;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.story.Beat;
import org.socketlab.story.Launchers;
import org.socketlab.story.LifelineHosts;
import org.socketlab.story.ListeningSockets;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.SilentThreads;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.story.Twins;
import org.socketlab.syscall.SockAddrLayout;
import org.socketlab.syscall.SysCall;

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
        return render(events, lang, title, SocketIdentities.fromAnywhere());
    }

    /**
     * The same, {@code sockets} saying whether the events start a session ({@link SocketIdentities#sessionStart}: then no
     * socket of an earlier session is told).
     */
    public static String render(List<Event> events, Lang lang, String title, SocketIdentities sockets) {
        Messages m = Messages.of(lang);
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title == null ? m.get("cli.transcript.title") : title).append("\n\n");
        boolean inList = false;
        Launchers launchers = new Launchers();
        launchers.learnAll(events);
        Story story = Story.of(events, new Twins(), new SequenceOrigins(), sockets, launchers);
        List<Beat> beats = story.beats();
        Map<String, Payload.Process> hosts = LifelineHosts.of(beats);
        if (!hosts.isEmpty()) { // two machines: where each endpoint lives, as the diagram's lifelines say
            List<String> each = new ArrayList<>();
            hosts.forEach((endpoint, p) -> each.add(m.get("cli.transcript.host",
                    Markdown.text(StoryText.endpointName(endpoint, m)), Markdown.text(String.valueOf(p.host())),
                    Markdown.text(String.valueOf(p.address())))));
            md.append(m.get("cli.transcript.hosts", String.join(", ", each))).append("\n\n");
        }
        // The threads that made no socket call have no lane (issue 79): said once, not left out unsaid.
        SilentThreads.count(events).forEach((pid, n) -> md.append(Markdown.text(
                m.get("cli.transcript.silentThreads", String.valueOf(pid), String.valueOf(n)))).append("\n\n"));
        for (int index = 0; index < beats.size(); index++) {
            Beat beat = beats.get(index);
            if (beat instanceof Beat.Note note) {
                if (inList) md.append('\n');
                inList = false;
                md.append("> ").append(StoryText.note(note.note(), m).replace("\n", "\n> ")).append("\n\n");
                continue;
            }
            inList = true;
            // Every word from the journal goes in as text, the call's line (the bytes it quotes) as a code span.
            String what, meaning = Markdown.text(StoryText.meaning(beat, m));
            if (beat instanceof Beat.Call c) {
                what = Markdown.code(StoryText.label(c, m));
                String bytes = c.moment() == Beat.Moment.ENTRY ? "" : sockaddr(c.call(), m);
                if (!bytes.isEmpty()) meaning = meaning.isEmpty() ? bytes : joined(meaning, bytes);
            } else { // the story's whole line: its label and what it means
                what = Markdown.text(StoryText.told(beat, m));
                meaning = "";
            }
            md.append("- #").append(story.number(index)).append(" **")
                    .append(Markdown.text(StoryText.endpointName(beat.endpoint(), m))).append("** ")
                    .append(what).append(meaning.isEmpty() ? "" : " — " + meaning).append('\n');
        }
        if (inList) md.append('\n');
        return md.toString();
    }

    /** Two clauses of one line: an errno's sentence loses its full stop before the "; " (no ".;"). */
    static String joined(String first, String second) {
        String head = first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
        return head + "; " + second;
    }

    /**
     * One event as one plain line in the language, told on its own as the story tells it (a call as strace would write
     * it with its errno explained, a segment marked captured or inferred, a listener's accept queue as one); for a
     * terminal.
     */
    public static String plainLine(Event event, Messages m, ListeningSockets listeners) {
        return plainLine(event, m, listeners, new SequenceOrigins());
    }

    /**
     * The same, {@code origins} knowing each direction's first sequence number from the lines before (and learning
     * this one's): a terminal's segments numbered from their connection's start, as everywhere else, not each from 0.
     */
    public static String plainLine(Event event, Messages m, ListeningSockets listeners, SequenceOrigins origins) {
        boolean listener = listeners.isListenerQueue(event); // it learns the listeners from every event
        if (event.payload() instanceof Payload.Call c) return CallFormat.lineExplained(c, m);
        List<Beat> beats = Story.of(List.of(event), new Twins(), origins).beats();
        origins.learn(event);
        // A tcp_info reading is no moment of its own on one machine (the sockets table shows it): told in words here.
        if (beats.isEmpty())
            return event.payload() instanceof Payload.TcpInfo t ? cell(StoryText.tcpInfo(t, m)) : "";
        Beat beat = beats.getLast();
        if (beat instanceof Beat.Queue q)
            beat = new Beat.Queue(q.event(), q.queue(), listener, q.atNs(), q.sendQueue(), q.formerFd());
        return cell(StoryText.told(beat, m));
    }

    /** For a bind, connect or sendto: the sockaddr as the kernel received it, the port in network order. */
    private static String sockaddr(Payload.Call c, Messages m) {
        if (!c.is(SysCall::takesAddress)) return "";
        List<SockAddrLayout.Field> fields = SockAddrLayout
                .ofJournalText(c.arg(CallArg.ADDR));
        if (fields.isEmpty()) return "";
        SockAddrLayout.Field port = fields.stream().filter(f -> f.name().endsWith("_port"))
                .findFirst().orElseThrow();
        HexFormat hex = HexFormat.ofDelimiter(" ");
        return m.get("cli.transcript.sockaddr", Markdown.text(SockAddrLayout.structName(fields)),
                Markdown.code(hex.formatHex(SockAddrLayout.bytes(fields))), Markdown.code(hex.formatHex(port.bytes())),
                Markdown.code(port.value()));
    }

    private static String cell(String text) {
        return text.replace("\n", " ");
    }
}
