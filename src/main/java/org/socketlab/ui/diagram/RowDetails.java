package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.kernel.TcpOptions;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Endpoint;
import org.socketlab.story.Beat;
import org.socketlab.story.LibraryCalls;
import org.socketlab.story.StoryText;
import org.socketlab.syscall.SockAddrLayout;
import org.socketlab.syscall.SysCall;

/** Everything one selected row knows, as name/value lines in the given language. */
public final class RowDetails {
    /** Hex dumps stop here: the pane is for reading, the exports have every byte. */
    static final int MAX_HEX_BYTES = 4096;

    private RowDetails() {
    }

    public static List<Detail> of(Row row, Messages m) {
        return of(row, row.event().seq(), m);
    }

    /** The same, the row known by {@code number} (its moment's in the story: {@link DiagramModel#number}). */
    public static List<Detail> of(Row row, long number, Messages m) {
        if (row instanceof Row.OlderRow o)
            return List.of(new Detail(m.get("ui.diagram.details.older"),
                    m.get("ui.diagram.older.details", String.valueOf(o.count()),
                            String.valueOf(o.event().seq())),
                    false));
        List<Detail> d = new ArrayList<>();
        d.add(new Detail(m.get("ui.diagram.details.seq"), "#" + number, false));
        d.add(new Detail(m.get("ui.diagram.details.endpoint"), DiagramText.endpointName(row.endpoint(), m), false));
        switch (row) {
            case Row.CallRow c -> {
                call(c.call(), d, m);
                // glibc's own call inside getaddrinfo(): said in words, as the diagram's label says it in short.
                if (c.library())
                    d.add(new Detail(m.get("ui.diagram.details.madeBy"),
                            m.get("story.call.library", LibraryCalls.GETADDRINFO + "()"), false));
            }
            case Row.BlockedRow b -> {
                d.add(new Detail(m.get("ui.diagram.details.call"), b.blocked().call(), true));
                d.add(new Detail(m.get("ui.diagram.details.fd"), String.valueOf(b.blocked().fd()), true));
                d.add(new Detail(m.get("ui.diagram.details.result"), m.get("ui.diagram.details.waiting"), false));
                howItWaits(b.blocked().call(), d, m);
            }
            case Row.CancelledRow c -> {
                d.add(new Detail(m.get("ui.diagram.details.call"), c.cancelled().call(), true));
                d.add(new Detail(m.get("ui.diagram.details.fd"), String.valueOf(c.cancelled().fd()), true));
                d.add(new Detail(m.get("ui.diagram.details.blocked"),
                        m.get("ui.diagram.details.ms", c.cancelled().waitedNs() / 1_000_000), false));
                howItWaits(c.cancelled().call(), d, m);
            }
            case Row.ProcessRow p -> {
                d.add(new Detail(m.get("ui.diagram.details.process"), StoryText.process(p.process(), m), false));
                d.add(new Detail("pid", String.valueOf(p.process().pid()), true));
                String meaning = StoryText.processMeaning(p.process(), m);
                if (!meaning.isEmpty()) d.add(new Detail(m.get("ui.diagram.details.why"), meaning, false));
            }
            case Row.TcpInfoMark t -> tcpInfo(t.info(), d, m);
            case Row.StateMark s -> {
                d.add(new Detail(m.get("ui.diagram.details.fd"), String.valueOf(s.state().fd()), true));
                d.add(new Detail(m.get("ui.diagram.details.state"),
                        Names.state(s.state().from(), s.state().to(), m) + " -> "
                                + Names.state(s.state().to(), s.state().from(), m),
                        true));
                if (s.state().timeWaitMs() != null)
                    d.add(new Detail(m.get("ui.diagram.details.timeWait"),
                            m.get("ui.diagram.details.ms", s.state().timeWaitMs()), false));
                // Where TIME_WAIT is shown, say why Linux keeps it 60 s when the RFC says 2MSL.
                if (s.state().toState() == TcpState.TIME_WAIT)
                    d.add(new Detail(m.get("ui.diagram.details.why"), m.get("ui.statemachine.timeWait"), false));
                d.add(new Detail(m.get("ui.diagram.details.source"), s.state().source(), true));
                // What the story adds: the states passed between two readings, or why this one was never read.
                String told = StoryText.stateMeaning(new Beat.State(s.event(), s.state(), 0, s.passage()), m);
                if (s.deduced() || !s.passage().via().isEmpty())
                    d.add(new Detail(m.get("ui.diagram.details.why"), told, false));
            }
            case Row.QueueMark q when q.listener() -> { // a listener's queue counts connections, and its limit
                d.add(new Detail(m.get("ui.diagram.details.fd"), String.valueOf(q.queue().fd()), true));
                d.add(new Detail(m.get("ui.diagram.details.acceptQueue"), String.valueOf(q.queue().recvQ()), false));
                d.add(new Detail(m.get("ui.diagram.details.backlog"), String.valueOf(q.queue().sendQ()), false));
            }
            case Row.QueueMark q -> {
                d.add(new Detail(m.get("ui.diagram.details.fd"), String.valueOf(q.queue().fd()), true));
                d.add(new Detail("Recv-Q", m.get("ui.diagram.details.bytes", q.queue().recvQ()), false));
                if (q.sendQueue() == Beat.SendQueue.BYTES)
                    d.add(new Detail("Send-Q", m.get("ui.diagram.details.bytes", q.queue().sendQ()), false));
                else { // a number that counts no bytes to wait for is not called bytes, and says why
                    d.add(new Detail("Send-Q", String.valueOf(q.queue().sendQ()), false));
                    d.add(new Detail(m.get("ui.diagram.details.why"), StoryText.sendQueueMeaning(
                            new Beat.Queue(q.event(), q.queue(), false, 0, q.sendQueue()), m), false));
                }
            }
            case Row.SegmentArrow s -> segment(s, d, m);
            case Row.NoteRow n ->
                d.add(new Detail(m.get("ui.diagram.details.note"), DiagramText.note(n.note(), m), false));
            case Row.CaptureRow c ->
                d.add(new Detail(m.get("ui.diagram.details.wire"), DiagramText.label(c, m), false));
            case Row.OlderRow o -> {
            } // told above, with no event of its own
        }
        return d;
    }

    private static void call(Payload.Call c, List<Detail> d, Messages m) {
        d.add(new Detail(m.get("ui.diagram.details.call"), c.call(), true));
        if (c.fd() != null) d.add(new Detail(m.get("ui.diagram.details.fd"), String.valueOf(c.fd()), true));
        c.args().forEach((k, v) -> d.add(new Detail(k, v, true)));
        if (c.is(SysCall::takesAddress))
            sockaddr(c.arg(CallArg.ADDR), d, m);
        d.add(new Detail(m.get("ui.diagram.details.result"), String.valueOf(c.result()), true));
        if (c.failed())
            d.add(new Detail("errno", c.errnoName() + " (" + c.errno() + "): " + CallFormat.explain(c, m),
                    false));
        if (c.blockedNs() >= 1_000_000) {
            d.add(new Detail(m.get("ui.diagram.details.blocked"),
                    m.get("ui.diagram.details.ms", c.blockedNs() / 1_000_000), false));
            howItWaits(c.call(), d, m);
        }
        byte[] data = c.data();
        if (data != null) {
            d.add(new Detail(m.get("ui.diagram.details.text"), CallFormat.quote(data), true));
            d.add(new Detail(m.get("ui.diagram.details.hex"), hex(data), true));
        }
    }

    /**
     * The address as the kernel receives it: the {@code sockaddr_in}/{@code sockaddr_in6} bytes field by field, the
     * port in network order ({@code htons}), on this machine's layout and byte order.
     */
    private static void sockaddr(String text, List<Detail> d, Messages m) {
        List<SockAddrLayout.Field> fields = layout(text);
        if (fields.isEmpty()) return;
        String struct = SockAddrLayout.structName(fields);
        d.add(new Detail("struct " + struct, hex(SockAddrLayout.bytes(fields)), true));
        for (SockAddrLayout.Field f : fields)
            d.add(new Detail(f.name(), HexFormat.ofDelimiter(" ").formatHex(f.bytes()) + "  = " + f.value(), true));
        SockAddrLayout.Field port = fields.stream().filter(f -> f.name().endsWith("_port")).findFirst().orElseThrow();
        int number = ((port.bytes()[0] & 0xff) << 8) | (port.bytes()[1] & 0xff);
        d.add(new Detail(m.get("ui.diagram.details.byteOrder"),
                m.get("ui.diagram.details.byteOrder.text", String.valueOf(number),
                        String.format("0x%04x", number), HexFormat.ofDelimiter(" ").formatHex(port.bytes())),
                false));
    }

    /** The fields of a journaled IPv4 or IPv6 address; empty for a path, NULL or anything else. */
    static List<SockAddrLayout.Field> layout(String text) {
        return SockAddrLayout.ofJournalText(text);
    }

    /**
     * How the call waited, said where the wait is shown (students compare with strace): in the kernel, in the endpoint's
     * own process, until it could return or a reset's signal interrupted it (issue 38).
     */
    private static void howItWaits(String call, List<Detail> d, Messages m) {
        String slice = String.valueOf(Endpoint.POLL_SLICE_MS);
        String how = switch (SysCall.named(call)) {
            case ACCEPT, RECV, RECVFROM, READ -> m.get("ui.diagram.details.pollLoop", call, "POLLIN", slice);
            case SEND, SENDTO, WRITE -> m.get("ui.diagram.details.pollLoopSend", call, "POLLOUT", slice);
            case CONNECT -> m.get("ui.diagram.details.kernelWait");
            case POLL -> m.get("ui.diagram.details.pollWait");
            case SELECT -> m.get("ui.diagram.details.selectWait");
            case null, default -> null;
        };
        if (how != null) d.add(new Detail(m.get("ui.diagram.details.howWaited"), how, false));
    }

    private static void segment(Row.SegmentArrow s, List<Detail> d, Messages m) {
        Payload.Segment seg = s.segment();
        d.add(new Detail(m.get("ui.diagram.details.segment"), StoryText.end(seg.from(), s.retold(), m) + " -> "
                + StoryText.end(seg.to(), s.retold(), m) + "  " + seg.proto().toUpperCase(Locale.ROOT), false));
        boolean tcp = seg.proto().equals("tcp");
        if (seg.proto().equals("icmp")) // the message in words, its journal name beside: "host unreachable (HOST_UNREACHABLE)"
            d.add(new Detail(m.get("ui.diagram.details.icmp"),
                    StoryText.icmpWords(seg.flags(), m) + " (" + String.join(", ", seg.flags()) + ")", false));
        else
            d.add(new Detail(m.get("ui.diagram.details.flags"),
                    seg.flags().isEmpty() ? "-" : String.join(", ", seg.flags()), true));
        if (tcp) d.add(new Detail(m.get("ui.diagram.details.seqNo"), number(seg.seqNo(), s.relSeq(), m), true));
        // A segment without ACK carries no acknowledgement number (a SYN): no row, rather than a "?".
        if (tcp && seg.has(TcpFlag.ACK))
            d.add(new Detail(m.get("ui.diagram.details.ackNo"), number(seg.ackNo(), s.relAck(), m), true));
        if (tcp && s.captured()) {
            String options = options(TcpOptions.of(seg.packet()), m);
            if (!options.isEmpty()) d.add(new Detail(m.get("ui.diagram.details.tcpOptions"), options, true));
        }
        d.add(new Detail(m.get("ui.diagram.details.len"), m.get("ui.diagram.details.bytes", seg.len()), false));
        d.add(new Detail(m.get("ui.diagram.details.origin"),
                m.get("ui.diagram.details.origin." + (s.captured() ? "captured" : "inferred")), false));
    }

    /** Every option a captured TCP segment carried, as tcpdump names them: "MSS 1460, SACK permitted, timestamps, wscale 7". */
    private static String options(TcpOptions o, Messages m) {
        List<String> said = new ArrayList<>();
        if (o.mss() != null) said.add("MSS " + o.mss());
        if (o.sackPermitted()) said.add(m.get("ui.diagram.details.tcpOptions.sackOk"));
        if (o.timestamps()) said.add(m.get("ui.diagram.details.tcpOptions.timestamps"));
        if (o.windowScale() != null) said.add("wscale " + o.windowScale());
        for (long[] block : o.sackBlocks()) said.add("SACK " + block[0] + "-" + block[1]);
        return String.join(", ", said);
    }

    private static String number(Long raw, Long relative, Messages m) {
        if (raw == null) return "?";
        return relative == null
                ? String.valueOf(raw)
                : m.get("ui.diagram.details.relative", String.valueOf(raw), String.valueOf(relative));
    }

    /** 16 bytes a line, as {@code xxd} shows them. */
    public static String hex(byte[] data) {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder();
        int n = Math.min(data.length, MAX_HEX_BYTES);
        for (int i = 0; i < n; i += 16) {
            if (i > 0) sb.append('\n');
            int end = Math.min(n, i + 16);
            for (int j = i; j < end; j++) {
                if (j > i) sb.append(j - i == 8 ? "  " : " ");
                sb.append(hex.toHexDigits(data[j]));
            }
        }
        if (data.length > n) sb.append("\n...");
        return sb.toString();
    }

    /** What TCP is doing: the figures as the diagram tells them, and what they are. */
    private static void tcpInfo(Payload.TcpInfo info, List<Detail> d, Messages m) {
        d.add(new Detail(m.get("ui.diagram.details.fd"), String.valueOf(info.fd()), true));
        d.add(new Detail(m.get("ui.diagram.details.tcpInfo"), StoryText.tcpInfo(info, m), true));
        d.add(new Detail(m.get("ui.diagram.details.why"), StoryText.tcpInfoMeaning(info, m), false));
    }
}
