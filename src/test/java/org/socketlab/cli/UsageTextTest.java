package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/**
 * The usage and help texts, in both languages, and the synopses of docs/command-line.md (en, es) name exactly the
 * options each command accepts: each {@link Command} descriptor, the sets its parser is given, is the one list, and a
 * text that forgets an option, or names one the parser refuses, fails here.
 */
class UsageTextTest {
    private static final Pattern COMMAND_LINE = Pattern.compile("^\\s*socketlab\\s([a-z]+)(.*)$");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

    private static Map<String, Set<String>> accepted() {
        return Command.ALL.stream().collect(Collectors.toMap(Command::name, Command::accepted));
    }

    /** The options named in one command line's words; the program's own words after "--" are not SocketLab's. */
    private static void addOptions(String words, Set<String> options) {
        Matcher o = OPTION.matcher(words.split("\\s--\\s", 2)[0]);
        while (o.find()) options.add(o.group());
    }

    private static List<String> differences(String where, Map<String, Set<String>> named) {
        List<String> wrong = new ArrayList<>();
        for (var e : named.entrySet()) {
            Set<String> accepts = accepted().get(e.getKey());
            if (accepts == null) wrong.add(where + " names no command " + e.getKey());
            else
                if (!new TreeSet<>(accepts).equals(e.getValue()))
                    wrong.add(where + ", socketlab " + e.getKey() + " names " + e.getValue() + ", accepts "
                            + new TreeSet<>(accepts));
        }
        return wrong;
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void usageAndHelpNameWhatEachCommandAccepts(Lang lang) {
        List<String> wrong = new ArrayList<>();
        for (String key : new String[]{"cli.usage", "cli.help"}) {
            Map<String, Set<String>> named = new TreeMap<>();
            for (String line : Messages.of(lang).get(key).split("\n")) {
                Matcher m = COMMAND_LINE.matcher(line);
                if (m.matches()) addOptions(m.group(2), named.computeIfAbsent(m.group(1), c -> new TreeSet<>()));
            }
            assertFalse(named.isEmpty(), key + " lists commands");
            wrong.addAll(differences(key + " (" + lang + ")", named));
        }
        assertEquals(List.of(), wrong);
    }

    /** Help names every command, with its options: none is left out of the texts. */
    @ParameterizedTest
    @EnumSource(Lang.class)
    void helpNamesEveryCommand(Lang lang) {
        String help = Messages.of(lang).get("cli.help");
        for (Command c : Command.ALL)
            assertTrue(help.contains("  socketlab " + c.name()), () -> "cli.help (" + lang + ") lacks " + c.name());
    }

    /**
     * Audit 2026-11-28, R10: help says what --no-room gives up (the program with the user's rights and files, only the
     * container or the computer its boundary) and where to give it (a grader's container that cannot make a room), on a
     * line of its own under check's synopses.
     */
    @ParameterizedTest
    @EnumSource(Lang.class)
    void helpSaysWhatNoRoomGivesUp(Lang lang) {
        String line = Messages.of(lang).get("cli.help").lines().filter(l -> l.strip().startsWith("--no-room:"))
                .findFirst().orElseThrow(() -> new AssertionError("cli.help (" + lang + ") explains --no-room"));
        List<String> words = lang == Lang.ES
                ? List.of("como nobody", "con tus permisos", "anillo de claves", "contenedor", "este ordenador",
                        "solo dentro")
                : List.of("as nobody", "with your rights", "session keyring", "container", "this computer",
                        "only inside");
        for (String w : words) assertTrue(line.contains(w), () -> "cli.help (" + lang + ") says " + w + ": " + line);
    }

    /**
     * The reference's synopses: in its code blocks, each line {@code socketlab COMMAND ...} with a {@code [} (an
     * example has none) and the indented lines that continue it. Every command has one, naming exactly its options.
     */
    @ParameterizedTest
    @ValueSource(strings = {"docs/command-line.md", "docs/es/command-line.md"})
    void theReferenceNamesWhatEachCommandAccepts(String doc) throws IOException {
        Map<String, Set<String>> named = new TreeMap<>();
        boolean inCode = false;
        Set<String> continued = null;
        for (String line : Files.readAllLines(Path.of(doc), StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continued = null;
                continue;
            }
            if (!inCode) continue;
            String words = line.split("\\s#\\s", 2)[0];
            Matcher m = COMMAND_LINE.matcher(words);
            if (m.matches() && !line.startsWith(" ")) {
                continued = null;
                if (!m.group(2).contains("[")) continue; // an example
                continued = named.computeIfAbsent(m.group(1), c -> new TreeSet<>());
                addOptions(m.group(2), continued);
            } else if (continued != null && line.startsWith(" ")) {
                addOptions(words, continued);
            } else {
                continued = null;
            }
        }
        assertEquals(new TreeSet<>(accepted().keySet()), named.keySet(), doc + ": the commands with a synopsis");
        assertEquals(List.of(), differences(doc, named));
    }

    /** Each descriptor's sets are what its parser refuses outside: an option of another command is refused. */
    @Test
    void aDescriptorsParserRefusesWhatItDoesNotName() {
        Map<String, Command> byName = Command.ALL.stream()
                .collect(Collectors.toMap(Command::name, Function.identity()));
        assertEquals(Command.ALL.size(), byName.size(), "one descriptor per command");
        for (Command c : Command.ALL) {
            for (String option : c.options()) c.parse(new String[]{c.name(), option, "x"}); // accepted
            for (String flag : c.flags()) c.parse(new String[]{c.name(), flag});
            assertThrows(LocalizedException.class, () -> c.parse(new String[]{c.name(), "--no-such-option", "x"}));
        }
    }
}
