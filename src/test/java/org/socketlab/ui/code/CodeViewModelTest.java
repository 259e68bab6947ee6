package org.socketlab.ui.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketlab.codegen.Language;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.ui.RealLifecycle;
import org.socketlab.ui.common.Texts;

/** The code panel's view-model on a real journal, without the toolkit: cursor, selection, scope, language. */
class CodeViewModelTest {
    private static List<Event> journal;

    @BeforeAll
    static void realSession() {
        try (Lab lab = Lab.withoutCapture()) {
            RealLifecycle.run(lab);
            journal = lab.journal().snapshot();
        }
    }

    private static Event call(String endpoint, String name) {
        return journal.stream().filter(
                e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Call c && c.call().equals(name))
                .findFirst().orElseThrow();
    }

    private static List<Event> upTo(Event last) {
        return journal.stream().filter(e -> e.seq() <= last.seq()).toList();
    }

    /** The program of one language: the view-model writes only the language shown. */
    private static CodeViewModel.Snippet snippet(CodeViewModel vm, Language language) {
        vm.languageProperty().set(language);
        CodeViewModel.Snippet s = vm.snippetProperty().get();
        assertEquals(language, s.language());
        return s;
    }

    private static String marked(CodeViewModel.Snippet s) {
        return String.join("\n", s.lines().subList(s.from(), s.to()));
    }

    @Test
    void beforeAnyCallNothingIsShown() {
        CodeViewModel vm = new CodeViewModel(new Texts(Lang.EN));
        vm.onEvents(List.of());
        assertNull(vm.currentProperty().get());
        assertNull(vm.snippetProperty().get());
    }

    @Test
    void theProgramIsTheCallersUpToTheCursorWithTheCursorsCallMarked() {
        CodeViewModel vm = new CodeViewModel(new Texts(Lang.EN));
        vm.onEvents(journal);
        Event bind = call("server", "bind");
        vm.replay(upTo(bind));
        assertEquals("bind", vm.currentProperty().get().call(),
                "the cursor is on bind: the panel shows bind, not the newest call");
        assertEquals("server", vm.currentProperty().get().endpoint());
        CodeViewModel.Snippet c = snippet(vm, Language.C);
        assertTrue(marked(c).contains("bind(listener, (struct sockaddr *) &addr, sizeof addr)"), marked(c));
        assertFalse(c.text().contains("listen("), "calls after the cursor are not in the program yet");
        String addr = ((Payload.Call) bind.payload()).args().get("addr");
        assertTrue(c.text().matches("(?s).*int port\\d? = " + addr.substring(addr.lastIndexOf(':') + 1) + ";.*"),
                "the session's real port");

        vm.replay(upTo(call("server", "accept")));
        assertEquals("accept", vm.currentProperty().get().call());
        CodeViewModel.Snippet py = snippet(vm, Language.PYTHON);
        assertTrue(marked(py).contains("conn, peer = listener.accept()"), marked(py));
        assertTrue(py.text().contains("listener.listen(5)"));
    }

    @Test
    void aSelectedCallStaysWhileTheCursorMovesOnAndFollowLatestReturnsToTheCursor() {
        CodeViewModel vm = new CodeViewModel(new Texts(Lang.EN));
        vm.onEvents(journal);
        Event accept = call("server", "accept");
        vm.replay(upTo(accept));
        vm.select(accept);
        vm.replay(journal);
        assertEquals(accept.seq(), vm.currentProperty().get().seq(), "a selection stays while the cursor moves on");
        assertTrue(snippet(vm, Language.C).text().contains("recvfrom("), "the program runs to the cursor");
        vm.followLatest();
        assertEquals("recvfrom", vm.currentProperty().get().call(),
                "the last call at the cursor: the server's recvfrom");
        vm.select(journal.stream().filter(e -> e.payload() instanceof Payload.State).findFirst().orElseThrow());
        assertEquals("recvfrom", vm.currentProperty().get().call(), "a state event is no call: back to the cursor");
    }

    @Test
    void theWholeSessionScopeHoldsTheCallsAfterTheCursorToo() {
        CodeViewModel vm = new CodeViewModel(new Texts(Lang.EN));
        vm.onEvents(journal);
        vm.replay(upTo(call("server", "bind")));
        vm.scopeProperty().set(CodeViewModel.Scope.WHOLE_SESSION);
        CodeViewModel.Snippet c = snippet(vm, Language.C);
        assertTrue(marked(c).contains("bind("), "still the cursor's call");
        assertTrue(c.text().contains("accept(listener") && c.text().contains("recvfrom("),
                "and every later call of the server");
    }

    @Test
    void commentsAndNotesFollowTheWindowsLanguage() {
        Texts texts = new Texts(Lang.EN);
        CodeViewModel vm = new CodeViewModel(texts);
        vm.onEvents(journal);
        vm.replay(upTo(call("server", "bind")));
        CodeViewModel.Snippet java = snippet(vm, Language.JAVA);
        assertTrue(java.text().contains("// The server's calls in this SocketLab session"), java.text());
        assertTrue(java.notes().stream().anyMatch(n -> n.startsWith("Java has no listen()")), java.notes().toString());
        texts.langProperty().set(Lang.ES);
        java = snippet(vm, Language.JAVA);
        assertTrue(java.text().contains("// Las llamadas del servidor en esta sesión de SocketLab"), java.text());
        assertTrue(java.notes().stream().anyMatch(n -> n.startsWith("Java no tiene listen()")),
                java.notes().toString());
    }
}
