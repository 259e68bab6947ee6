package org.socketlab.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The lesson and command-line texts exist in both languages, and every key the code names exists. */
class LessonCliMessagesTest {
    private static Set<String> keys(String lang) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class
                .getResourceAsStream("/org/socketlab/i18n/messages_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Set<String> keys = new TreeSet<>();
        for (String k : p.stringPropertyNames()) if (k.startsWith("lesson.") || k.startsWith("cli.")) keys.add(k);
        return keys;
    }

    @Test
    void sameKeysInSpanishAndEnglish() throws IOException {
        assertEquals(keys("en"), keys("es"));
    }

    @Test
    void everyKeyNamedInTheCodeExists() throws IOException {
        Set<String> known = keys("en");
        Pattern used = Pattern.compile("\"((?:lesson|cli)\\.[a-zA-Z.]+)\"");
        Set<String> missing = new TreeSet<>();
        for (String dir : new String[]{"src/main/java/org/socketlab/lesson", "src/main/java/org/socketlab/cli",
                "src/main/java/org/socketlab/export"}) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = used.matcher(Files.readString(f));
                    while (m.find())
                        if (!known.contains(m.group(1))) missing.add(m.group(1) + " in " + f.getFileName());
                }
            }
        }
        assertTrue(missing.isEmpty(), () -> "missing keys: " + missing);
    }
}
