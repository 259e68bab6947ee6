package org.socketlab.share;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The server's tests' renderer: the room's view in plain words (the step counter, the newest narration, a line per call
 * as strace writes it, every text escaped), no drawing, so a test of the server measures the server. The program
 * renders with {@link StoryRoomRenderer}.
 */
final class PlainRoomRenderer implements RoomRenderer {
    @Override
    public RoomView render(RoomState state, String lang) {
        Messages m = Messages.of(lang.equals("es") ? Lang.ES : Lang.EN);
        String narration = "";
        List<String> rows = new ArrayList<>();
        for (Event e : state.events()) {
            switch (e.payload()) {
                case Payload.Note n -> narration = Payload.Note.in(n.text(), lang);
                case Payload.Call c -> rows.add(row(e.endpoint(), c));
                default -> {
                }
            }
        }
        StringBuilder table = new StringBuilder("<ol>");
        for (String row : rows) table.append("<li>").append(html(row)).append("</li>");
        table.append("</ol>");
        String title = state.lesson() == null ? "SocketLab" : state.lesson().title().in(m.lang());
        String counter = m.get("share.step", String.valueOf(state.step()), String.valueOf(state.steps()));
        return new RoomView(state.version(), state.step(), state.steps(), lang, title, "",
                "<p>" + html(counter) + "</p><p>" + html(narration) + "</p>", "", table.toString(), rows,
                state.question());
    }

    /** A call's row: as strace writes it, with the data it carried when the line does not show it already. */
    private static String row(String endpoint, Payload.Call c) {
        String line = endpoint + ": " + CallFormat.line(c);
        byte[] data = c.data();
        return data == null || line.contains("\"") ? line : line + " " + CallFormat.quote(data);
    }

    /** Text as HTML: the markup characters as entities. */
    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
