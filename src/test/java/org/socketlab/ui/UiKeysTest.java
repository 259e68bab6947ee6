package org.socketlab.ui;

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
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.ui.endpoint.SocketCall;

/** Every ui.* key exists in both languages, and every key the UI code names exists. */
class UiKeysTest {
    private static Set<String> uiKeys(String lang) throws IOException {
        Properties p = new Properties();
        try (InputStream in = UiKeysTest.class
                .getResourceAsStream("/org/socketlab/i18n/messages_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Set<String> keys = new TreeSet<>();
        for (String k : p.stringPropertyNames()) if (k.startsWith("ui.")) keys.add(k);
        return keys;
    }

    @Test
    void bothLanguagesHaveTheSameUiKeys() throws IOException {
        assertEquals(uiKeys("en"), uiKeys("es"));
    }

    @Test
    void everyKeyTheUiUsesExists() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern literal = Pattern.compile("\"((?:ui|app|input|errno)\\.[A-Za-z0-9.]+[A-Za-z0-9])\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/socketlab/ui"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) used.add(m.group(1));
            }
        }
        for (SocketCall call : SocketCall.values()) used.add(call.docKey());
        used.addAll(Set.of("ui.endpoint.server", "ui.endpoint.client"));
        assertTrue(used.size() > 30, () -> "the scan found too few keys: " + used);
        for (Lang lang : Lang.values())
            for (String key : used) assertTrue(Messages.of(lang).has(key), () -> key + " missing in " + lang);
    }
}
