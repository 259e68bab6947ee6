package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/** File → Watch a program…'s command line: split into words like a shell would, with nothing expanded and no shell run. */
class CommandLineTest {
    @Test
    void blanksSeparateWordsAndRunsOfThemCountOnce() {
        assertEquals(List.of("python3", "client.py", "127.0.0.1", "5000"),
                CommandLine.split("  python3\tclient.py   127.0.0.1 5000 "));
    }

    @Test
    void anEmptyOrBlankLineHasNoWords() {
        assertEquals(List.of(), CommandLine.split(""));
        assertEquals(List.of(), CommandLine.split(" \t "));
    }

    @Test
    void singleQuotesKeepEverythingAsTyped() {
        assertEquals(List.of("echo", "a  b", "$HOME \\n \"x\""), CommandLine.split("echo 'a  b' '$HOME \\n \"x\"'"));
    }

    @Test
    void doubleQuotesKeepBlanksAndEscapeOnlyQuoteAndBackslash() {
        assertEquals(List.of("say", "he said \"hi\"", "c:\\dir", "\\n stays"),
                CommandLine.split("say \"he said \\\"hi\\\"\" \"c:\\\\dir\" \"\\n stays\""));
    }

    @Test
    void aBackslashOutsideQuotesMakesTheNextCharacterLiteral() {
        assertEquals(List.of("my file.txt", "'", "\""), CommandLine.split("my\\ file.txt \\' \\\""));
    }

    @Test
    void quotesJoinWithWhatTouchesThemAndEmptyQuotesAreAnEmptyArgument() {
        assertEquals(List.of("--name=two words", "", "x", ""), CommandLine.split("--name='two words' '' x \"\""));
    }

    @Test
    void nothingIsExpanded() {
        assertEquals(List.of("ls", "*", "~", "$HOME", "a|b", ">out", ";", "&&"),
                CommandLine.split("ls * ~ $HOME a|b >out ; &&"));
    }

    @Test
    void anUnclosedQuoteSaysWhichAndWhere() {
        LocalizedException single = assertThrows(LocalizedException.class,
                () -> CommandLine.split("python3 'client.py"));
        assertEquals("trace.commandLine.unclosed", single.key());
        assertEquals(List.of("'", "9"), List.of(single.args()));
        LocalizedException dbl = assertThrows(LocalizedException.class, () -> CommandLine.split("a \"b \\\" c"));
        assertEquals(List.of("\"", "3"), List.of(dbl.args()));
        String en = Messages.of(Lang.EN).text(single), es = Messages.of(Lang.ES).text(single);
        assertTrue(en.contains("column 9") && en.contains("'"), en);
        assertTrue(es.contains("columna 9"), es);
    }

    @Test
    void aBackslashAtTheEndIsRefused() {
        LocalizedException e = assertThrows(LocalizedException.class, () -> CommandLine.split("prog arg\\"));
        assertEquals("trace.commandLine.trailingBackslash", e.key());
        assertEquals(List.of("9"), List.of(e.args()));
    }

    @Test
    void joinWritesWordsBackSoThatSplitReadsTheSameWords() {
        List<List<String>> cases = List.of(List.of("python3", "client.py", "5000"),
                List.of("a b", "", "it's", "\"q\"", "back\\slash", "tab\there"));
        for (List<String> words : cases)
            assertEquals(words, CommandLine.split(CommandLine.join(words)), CommandLine.join(words));
        assertEquals("python3 client.py 5000", CommandLine.join(cases.getFirst()));
    }
}
