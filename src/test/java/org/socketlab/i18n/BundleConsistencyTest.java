package org.socketlab.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.CaptureReason;
import org.socketlab.journal.CallFormat;
import org.socketlab.syscall.ErrnoTable;

/** Spanish and English are both first-class: the same keys, no empty texts, the same placeholders. */
class BundleConsistencyTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** A key as code passes it: dotted, prefixed by feature ({@code server.listen.button}). */
    private static final String KEY = "([a-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)+)";
    private static final List<Pattern> KEY_USES = List.of(
            Pattern.compile("\\.get\\(\\s*\"" + KEY + "\"\\s*[,)]"),
            Pattern.compile("\\.has\\(\\s*\"" + KEY + "\"\\s*\\)"),
            Pattern.compile("new\\s+LocalizedException\\(\\s*\"" + KEY + "\"\\s*[,)]"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    private static Map<String, String> load(Lang lang) throws IOException {
        String resource = "/" + Messages.BUNDLE.replace('.', '/') + "_" + lang.code() + ".properties";
        String text;
        try (InputStream in = BundleConsistencyTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing " + resource);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Properties silently keeps the last of two equal keys: find duplicates first.
        Set<String> seen = new TreeSet<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!")) continue;
            int eq = l.indexOf('=');
            if (eq > 0)
                assertTrue(seen.add(l.substring(0, eq).strip()),
                        resource + " defines " + l.substring(0, eq) + " twice");
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        Map<String, String> map = new TreeMap<>();
        p.forEach((k, v) -> map.put((String) k, (String) v));
        assertFalse(map.isEmpty(), resource + " is empty");
        return map;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        Map<String, String> en = load(Lang.EN), es = load(Lang.ES);
        Set<String> onlyEn = new TreeSet<>(en.keySet());
        onlyEn.removeAll(es.keySet());
        Set<String> onlyEs = new TreeSet<>(es.keySet());
        onlyEs.removeAll(en.keySet());
        assertEquals(Set.of(), onlyEn, "keys in messages_en but not in messages_es");
        assertEquals(Set.of(), onlyEs, "keys in messages_es but not in messages_en");
    }

    @Test
    void noTextIsEmpty() throws IOException {
        for (Lang lang : Lang.values()) {
            load(lang).forEach((key, value) -> assertFalse(value.isBlank(), lang + ": " + key + " is empty"));
        }
    }

    @Test
    void keysAreDottedAndPrefixedByFeature() throws IOException {
        for (String key : load(Lang.EN).keySet()) {
            assertTrue(key.matches(KEY), "key " + key + " is not dotted like feature.name");
        }
    }

    @Test
    void placeholdersMatchBetweenLanguages() throws IOException {
        Map<String, String> en = load(Lang.EN), es = load(Lang.ES);
        List<String> problems = new ArrayList<>();
        for (String key : en.keySet()) {
            if (!es.containsKey(key)) continue;
            Set<String> a = placeholders(en.get(key)), b = placeholders(es.get(key));
            if (!a.equals(b)) problems.add(key + ": en " + a + " vs es " + b);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPatternFormatsAndKeepsItsApostrophes() throws IOException {
        // Messages.get formats with MessageFormat only when given arguments, where a lone ' starts a quote and vanishes
        // ("program's" would print "programs"). So a text with placeholders writes an apostrophe as ''.
        for (Lang lang : Lang.values()) {
            for (var e : load(lang).entrySet()) {
                String value = e.getValue();
                if (placeholders(value).isEmpty()) {
                    assertFalse(value.contains("''"),
                            lang + ": " + e.getKey() + " has no placeholder, so '' would show twice");
                    continue;
                }
                assertFalse(value.replace("''", "").replace("'{'", "").replace("'}'", "").contains("'"),
                        lang + ": " + e.getKey() + " needs '' for an apostrophe");
                Object[] args = new Object[10];
                for (int i = 0; i < args.length; i++) args[i] = "ARG" + i;
                String formatted = new MessageFormat(value, lang.locale()).format(args);
                for (String p : placeholders(value)) {
                    assertTrue(formatted.contains("ARG" + p) || value.matches("(?s).*\\{" + p + ",.*"),
                            lang + ": " + e.getKey() + " lost {" + p + "}");
                }
            }
        }
    }

    @Test
    void everyKeyUsedInCodeExists() throws IOException {
        Map<String, String> en = load(Lang.EN), es = load(Lang.ES);
        Map<String, String> used = keysUsedInCode();
        assertFalse(used.isEmpty(),
                "the scan of " + SOURCES.toAbsolutePath() + " found no keys: is the pattern broken?");
        List<String> missing = new ArrayList<>();
        used.forEach((key, where) -> {
            if (!en.containsKey(key)) missing.add(key + " (messages_en; used in " + where + ")");
            if (!es.containsKey(key)) missing.add(key + " (messages_es; used in " + where + ")");
        });
        assertEquals(List.of(), missing);
    }

    @Test
    void everyErrnoHasAnExplanation() throws IOException {
        // The journal line shows errno.<NAME>; every name the three OS tables can produce must have it.
        Map<String, String> en = load(Lang.EN), es = load(Lang.ES);
        Set<String> missing = new TreeSet<>();
        for (ErrnoTable table : List.of(ErrnoTable.LINUX, ErrnoTable.MACOS, ErrnoTable.WINDOWS)) {
            for (String name : table.entries().values()) {
                if (!en.containsKey("errno." + name)) missing.add("en errno." + name);
                if (!es.containsKey("errno." + name)) missing.add("es errno." + name);
            }
        }
        assertEquals(Set.of(), missing);
        assertTrue(en.containsKey("errno.unknown"));
    }

    @Test
    void keysBuiltAtRunTimeExist() throws Exception {
        // Capture reasons, what a blocked call waits for, endpoint names and datagram states are looked up by a key
        // made from the journal's value, which the scan of literal keys above cannot see.
        Map<String, String> en = load(Lang.EN), es = load(Lang.ES);
        List<String> keys = new ArrayList<>();
        for (Field f : CaptureReason.class.getFields())
            if (f.getType() == String.class)
                keys.add(CaptureReason.key((String) f.get(null)));
        for (String call : List.of("socket", "accept", "connect", "send", "sendto", "recv", "recvfrom", "close"))
            keys.add(CallFormat.waitsForKey(call));
        for (String id : List.of("server", "client", "lab", "external", "numbered")) keys.add("endpoint." + id);
        for (String state : List.of("UNBOUND", "BOUND", "CONNECTED")) keys.add("state.udp." + state);
        assertTrue(keys.size() > 20, keys.toString());
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (!en.containsKey(key)) missing.add("en " + key);
            if (!es.containsKey(key)) missing.add("es " + key);
        }
        assertEquals(List.of(), missing);
        assertEquals("Cliente 2", Names.endpoint("client-2", Messages.of(Lang.ES)));
        assertEquals("Servidor 2", Names.endpoint("server-2", Messages.of(Lang.ES)));
        assertEquals("CONECTADO", Names.state("CONNECTED", Messages.of(Lang.ES)));
        assertEquals("TIME_WAIT", Names.state("TIME_WAIT", Messages.of(Lang.ES)), "TCP states keep their RFC names");
    }

    @Test
    void theScannerSeesTheUsualForms() {
        String code = """
                messages.get("server.listen.button")
                m.get( "a.b", x)
                new LocalizedException("input.port.invalid", s)
                node.get("seq")            // a JSON field, not a message key
                map.get("errno_name")
                """;
        assertEquals(Set.of("server.listen.button", "a.b", "input.port.invalid"), scan(code).keySet());
    }

    private static Map<String, String> keysUsedInCode() throws IOException {
        Map<String, String> used = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                scan(Files.readString(f))
                        .forEach((key, line) -> used.putIfAbsent(key, SOURCES.relativize(f) + ":" + line));
            }
        }
        return used;
    }

    /** Keys found in source text, with the line of their first use. */
    private static Map<String, String> scan(String source) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Pattern p : KEY_USES) {
            Matcher m = p.matcher(source);
            while (m.find()) {
                long line = source.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1;
                found.putIfAbsent(m.group(1), String.valueOf(line));
            }
        }
        return found;
    }

    private static Set<String> placeholders(String pattern) {
        // Quoted text ('...') is literal in MessageFormat; '' is an apostrophe.
        String unquoted = pattern.replace("''", "").replaceAll("'[^']*'", "");
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(unquoted);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
