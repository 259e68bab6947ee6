package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/**
 * The usage and help texts name exactly the options each command accepts, in both languages: the set each command's
 * parser is given (its {@code OPTIONS}, with its flags) is the one descriptor, and a text that forgets an option, or
 * names one the parser refuses, fails here.
 */
class UsageTextTest {
    private static final Pattern COMMAND_LINE = Pattern.compile("^ {2}socketlab ([a-z]+)(.*)$");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

    private static Map<String, Set<String>> accepted() {
        Map<String, Set<String>> all = new HashMap<>();
        all.put("lessons", Cli.LESSONS_OPTIONS);
        all.put("run", union(Cli.RUN_OPTIONS, Cli.RUN_FLAGS));
        all.put("replay", ExportCommand.REPLAY_OPTIONS);
        all.put("export", Cli.EXPORT_OPTIONS);
        all.put("quiz", QuizCommand.OPTIONS);
        all.put("trace", union(TraceCommand.OPTIONS, Set.of(TraceCommand.LAB_NETWORK)));
        all.put("code", CodeCommand.OPTIONS);
        all.put("check", union(CheckCommand.OPTIONS, Set.of(CheckCommand.JSON)));
        all.put("serve", ServeCommand.OPTIONS);
        all.put("help", Set.of());
        return all;
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void usageAndHelpNameWhatEachCommandAccepts(Lang lang) {
        List<String> wrong = new ArrayList<>();
        for (String key : new String[]{"cli.usage", "cli.help"}) {
            Map<String, Set<String>> named = new HashMap<>();
            for (String line : Messages.of(lang).get(key).split("\n")) {
                Matcher m = COMMAND_LINE.matcher(line);
                if (!m.matches()) continue;
                String command = m.group(1);
                assertTrue(accepted().containsKey(command), () -> key + " (" + lang + ") names no command " + command);
                // The program's own words come after "--": they are not SocketLab's options.
                String words = m.group(2).split(" -- ", 2)[0];
                Set<String> options = named.computeIfAbsent(command, c -> new TreeSet<>());
                Matcher o = OPTION.matcher(words);
                while (o.find()) options.add(o.group());
            }
            assertFalse(named.isEmpty(), key + " lists commands");
            for (var e : named.entrySet())
                if (!new TreeSet<>(accepted().get(e.getKey())).equals(e.getValue()))
                    wrong.add(key + " (" + lang + "), socketlab " + e.getKey() + " names " + e.getValue()
                            + ", accepts " + new TreeSet<>(accepted().get(e.getKey())));
        }
        assertEquals(List.of(), wrong);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
