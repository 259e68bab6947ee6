package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/**
 * The student's page as the server serves it (share/web): its words are the message files' (each element carries both
 * languages, named by its key), and it holds no inline script, style or handler, so CSP {@code default-src 'self'}
 * lets it run whole.
 */
class StudentPageFilesTest {
    private static final Pattern WORDS = Pattern
            .compile("data-msg=\"([^\"]+)\" data-es=\"([^\"]*)\" data-en=\"([^\"]*)\"");

    @Test
    void everyWordOfThePageIsTheMessagesInBothLanguages() {
        String page = SavedSessionPage.resource("index.html");
        Matcher m = WORDS.matcher(page);
        List<String> wrong = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            n++;
            if (!Messages.of(Lang.ES).get(m.group(1)).equals(unescape(m.group(2))))
                wrong.add("es " + m.group(1));
            if (!Messages.of(Lang.EN).get(m.group(1)).equals(unescape(m.group(3))))
                wrong.add("en " + m.group(1));
        }
        assertEquals(List.of(), wrong, "regenerate the data-es/data-en words of index.html from the messages");
        assertEquals(n, page.split("data-msg=", -1).length - 1, "every data-msg element has both languages");
        assertTrue(n >= 25, String.valueOf(n));
    }

    @Test
    void thePageHoldsNoInlineScriptStyleOrHandler() {
        String page = SavedSessionPage.resource("index.html");
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find(), "an inline script");
        assertFalse(page.contains("<style") || page.contains(" style="), "an inline style");
        assertFalse(Pattern.compile("\\son[a-z]+=").matcher(page).find(), "an inline event handler");
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("//cdn"), "no CDN");
        String script = SavedSessionPage.resource("student.js");
        assertFalse(script.contains("eval(") || script.contains("new Function"), "no code from strings");
        assertFalse(script.contains(".innerHTML = view.rowTexts"), "row texts are text");
    }

    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
