package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The home the window keeps its layout under and opens its file dialogs in is the launcher's: $HOME first. */
class UserHomeTest {
    private static final Path ACCOUNT = Path.of(System.getProperty("user.home"));

    @Test
    void homeIsTheShellsWhenSetElseTheAccounts() {
        assertEquals(Path.of("/tmp/elsewhere"), UserHome.of(Map.of("HOME", "/tmp/elsewhere"), "Linux"));
        assertEquals(Path.of("/Users/ana"), UserHome.of(Map.of("HOME", "/Users/ana"), "Mac OS X"));
        assertEquals(ACCOUNT, UserHome.of(Map.of(), "Linux"), "without $HOME, the account's home");
        assertEquals(ACCOUNT, UserHome.of(Map.of("HOME", " "), "Linux"));
        assertEquals(ACCOUNT, UserHome.of(Map.of("HOME", "relative/home"), "Linux"), "a relative HOME is no home");
        assertEquals(ACCOUNT, UserHome.of(Map.of("HOME", "/c/Users/ana"), "Windows 11"),
                "on Windows a HOME belongs to a Unix shell's port");
    }
}
