package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The audit of 2026-11-28, R4: the bytes a program sent, quoted in a journal line of the Markdown transcript
 * ({@code check --markdown}), stay text for a real CommonMark reader that keeps raw HTML (as VS Code's preview and many
 * site generators do): no {@code <img onerror>}, {@code <script>} or link, and the code span reads back as the line.
 */
class MarkdownPayloadTest {
    /** The audit's payload (md_payload.c), and the other ways out of a code span or into HTML. */
    static final List<String> PAYLOADS = List.of("``<img src=x onerror=alert(2)>`` x",
            "``<img src=x onerror=alert(2)>``",
            "`<img src=x onerror=alert(2)>`", "```<img src=x onerror=alert(2)>```", "`", "``", "```", "`start", "end`",
            "[x](javascript:alert(1))", "![x](javascript:alert(1))", "<script>alert(1)</script>",
            "<http://evil.invalid>", "&lt;img src=x onerror=alert(3)&gt;", "**bold** _it_ \\` \\\\",
            "` `` ``` ```` <a href=x>", "line\nbreak\r\n<div>x</div>");

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().build(); // raw HTML kept, URLs not sanitized

    private static Payload.Call write(String sent) {
        byte[] data = sent.getBytes(StandardCharsets.UTF_8);
        return new Payload.Call("write", 4, Map.of(), data.length, null, null, data, 0);
    }

    private static List<String> codes(Node document) {
        List<String> codes = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Code code) {
                codes.add(code.getLiteral());
            }
        });
        return codes;
    }

    private static String texts(Node document) {
        StringBuilder b = new StringBuilder();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                b.append(text.getLiteral());
            }
        });
        return b.toString();
    }

    private static void noMarkup(String html, String context) {
        for (String element : List.of("<img", "<script", "<a ", "<a>", "<div", "<em", "<http"))
            assertFalse(html.contains(element), element + " in the rendered transcript of " + context + ":\n" + html);
    }

    @Test
    void aProgramsBytesStayInsideTheirJournalLinesCodeSpan() {
        for (String sent : PAYLOADS) {
            Payload.Call call = write(sent);
            for (Lang lang : Lang.values()) {
                String md = MarkdownTranscript.render(List.of(new Event(10, 1, "server", call)), lang, "t");
                Node document = PARSER.parse(md);
                noMarkup(HTML.render(document), sent);
                assertEquals(List.of(CallFormat.line(call)), codes(document), md);
            }
        }
    }

    /** A journal read from a file (export F.jsonl) may name its endpoints anything: a name is text too. */
    @Test
    void anEndpointsNameFromAJournalIsText() {
        for (String name : PAYLOADS) {
            var events = List.of(new Event(1, 1, name, write("hi")),
                    new Event(2, 2, name, new Payload.State(3, "CLOSED", "LISTEN", "tcp_info")));
            String md = MarkdownTranscript.render(events, Lang.EN, "t");
            Node document = PARSER.parse(md);
            noMarkup(HTML.render(document), name);
            assertTrue(texts(document).contains(name.replaceAll("\r?\n", " ")), md);
        }
    }

    /** The helper itself, on text that begins or ends with backticks or spaces: CommonMark reads back what was put. */
    @Test
    void aCodeSpanReadsBackAsItsText() {
        List<String> texts = new ArrayList<>(PAYLOADS.stream().map(p -> p.replaceAll("\r?\n", " ")).toList());
        texts.addAll(List.of(" a ", " a", "a ", "  ", " `a` ", "a`b``c```d", "\\", "x\\"));
        for (String text : texts) {
            String md = "- #1 **Server** " + Markdown.code(text) + " — done\n";
            Node document = PARSER.parse(md);
            noMarkup(HTML.render(document), text);
            assertEquals(List.of(text), codes(document), md);
        }
        assertEquals("`write`", Markdown.code("write"), "a line without backticks keeps its single ones");
        assertEquals("`` `a ``", Markdown.code("`a"));
        assertEquals("```  a``b  ```", Markdown.code(" a``b "),
                "one space more on each side: the reader takes one off");
    }

    @Test
    void plainTextReadsBackAsItself() {
        for (String text : PAYLOADS) {
            Node document = PARSER.parse("- " + Markdown.text(text) + "\n");
            String html = HTML.render(document);
            noMarkup(html, text);
            assertFalse(html.contains("<strong"), html);
            assertEquals(text.replaceAll("\r?\n", " "), texts(document));
        }
        assertEquals("fd 5 TIME_WAIT, sock_diag", Markdown.text("fd 5 TIME_WAIT, sock_diag"), "words stay readable");
    }
}
