package org.socketlab.ui.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/**
 * What the Watch dialog says before it runs anything: the command line's words counted in a grammatical sentence in
 * both languages, and the working folder it starts in following {@code $HOME} (a window started with another HOME
 * than the account's, as sudo -E or a test account does, opens there), toolkit-free.
 */
public class WatchWordsTest {
    private static final Messages EN = Messages.of(Lang.EN), ES = Messages.of(Lang.ES);

    @Test
    void argumentsAreCountedInWords() {
        assertEquals("Runs python3 with 1 argument: ⟨python3⟩ ⟨c.py⟩",
                WatchViewModel.words(List.of("python3", "c.py"), EN));
        assertEquals("Runs python3 with 2 arguments: ⟨python3⟩ ⟨c.py⟩ ⟨5000⟩",
                WatchViewModel.words(List.of("python3", "c.py", "5000"), EN));
        assertEquals("Runs ./client with no arguments: ⟨./client⟩", WatchViewModel.words(List.of("./client"), EN));
        assertEquals("Ejecuta python3 con 1 argumento: ⟨python3⟩ ⟨c.py⟩",
                WatchViewModel.words(List.of("python3", "c.py"), ES));
        assertEquals("Ejecuta python3 con 2 argumentos: ⟨python3⟩ ⟨c.py⟩ ⟨5000⟩",
                WatchViewModel.words(List.of("python3", "c.py", "5000"), ES));
        assertEquals("Ejecuta ./client sin argumentos: ⟨./client⟩", WatchViewModel.words(List.of("./client"), ES));
        assertEquals("", WatchViewModel.words(List.of(), EN));
    }
}
