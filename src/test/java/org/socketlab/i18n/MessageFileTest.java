package org.socketlab.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The messages files read a line at a time find exactly what {@code Properties.load} finds. */
class MessageFileTest {
    private static Map<String, String> byProperties(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> texts = new HashMap<>();
        properties.forEach((k, v) -> texts.put((String) k, (String) v));
        return texts;
    }

    private interface Reading {
        Map<String, String> read() throws IOException;
    }

    /** The texts read, or the kind of error (a malformed \\u escape): both readers must agree on either. */
    private static Object outcome(Reading reading) throws IOException {
        try {
            return reading.read();
        } catch (IllegalArgumentException malformed) {
            return IllegalArgumentException.class;
        }
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void eachLanguageFileReadsAsPropertiesReadsIt(Lang lang) throws IOException {
        String text;
        try (InputStream in = MessageFile.class.getResourceAsStream("messages_" + lang.code() + ".properties")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(byProperties(text), MessageFile.read("messages_" + lang.code() + ".properties"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a=1\nb = 2\n  c:3\nd 4\ne\t=\t5\nf\f:\f6\ng",
            "# comment=1\n! bang=2\n   # indented=3\nreal=yes",
            "long=one \\\n    two \\\n\tthree\nnext=4",
            "odd=ends\\\\\nnot.continued=5",
            "cont=a\\\n# not a comment\nx=y",
            "esc\\=key=v\\=al\nsp\\ ace=\\u00e9t\\u00C9\nnl=a\\nb\\tc\\rd\\fe\\qz",
            "crlf=1\r\nlf=2\rcr=3\r\n\r\nlast=4\\\r\n  joined",
            "blank.value=\nkey.only\n=empty.key\n:colon.key\n  \t\n",
            "twice=1\ntwice=2",
            "end.slash=abc\\",
            "dangling=x\\\n",
            "sep.after.space  :  =v",
            "é.ü=ñ\n",
    })
    void readsEveryFormAsProperties(String text) throws IOException {
        assertEquals(byProperties(text), MessageFile.parse(text), text);
    }

    @Test
    void aBadUnicodeEscapeIsAnErrorAsInProperties() {
        assertThrows(IllegalArgumentException.class, () -> byProperties("k=\\u12"));
        assertThrows(IllegalArgumentException.class, () -> MessageFile.parse("k=\\u12"));
        assertThrows(IllegalArgumentException.class, () -> MessageFile.parse("k=\\u12zz"));
    }

    @Test
    void randomTextReadsAsProperties() throws IOException {
        char[] alphabet = {'a', 'b', '=', ':', ' ', '\t', '\f', '\\', '\\', '\n', '\r', '#', '!', 'n', 'é', 'u', '0',
                'F', '+'};
        Random random = new Random(62);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) text.append(alphabet[random.nextInt(alphabet.length)]);
            String t = text.toString();
            assertEquals(outcome(() -> byProperties(t)), outcome(() -> MessageFile.parse(t)),
                    () -> "text: " + t.chars().mapToObj(Integer::toString).toList());
        }
    }
}
