package org.socketlab.ui.code;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;
import org.socketlab.ui.RealLifecycle;
import org.socketlab.ui.common.Texts;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Call -> program line in four languages, for every call the engine journals; no toolkit. */
class CodeViewModelTest {
    private static final Messages EN = Messages.of(Lang.EN);
    private static final Map<String, String> VALUES = Map.of("HOST", "127.0.0.1", "PORT", "5000", "HOST_PORT", "127.0.0.1:5000",
            "BACKLOG", "5", "BUF", "1024", "DOMAIN", "AF_INET");

    /** The natural place of each call: listen/accept on a TCP server, the datagram calls on UDP. */
    private static CodeViewModel.Step natural(String call, CodeViewModel.Role role) {
        String type = call.equals("sendto") || call.equals("recvfrom") ? "SOCK_DGRAM" : "SOCK_STREAM";
        if (call.equals("listen") || call.equals("accept")) role = CodeViewModel.Role.SERVER;
        if (call.equals("connect")) role = CodeViewModel.Role.CLIENT;
        return new CodeViewModel.Step(call, "AF_INET", type, role, false, null, VALUES, call + "(...)");
    }

    /** What the marked line must say in each language for each call. */
    private static String token(CodeViewModel.Language l, String call) {
        return switch (l) {
            case C -> call + "(";
            case PYTHON -> switch (call) {
                case "socket" -> "socket.socket(";
                case "fcntl" -> "setblocking(False)";
                default -> "." + call + "(";
            };
            case JAVA -> switch (call) {
                case "socket" -> "new ServerSocket()";
                case "setsockopt" -> "setReuseAddress(true)";
                case "getsockopt" -> "getReuseAddress()";
                case "bind", "listen" -> ".bind(new InetSocketAddress(\"127.0.0.1\", 5000), 5)";
                case "getsockname" -> "getLocalSocketAddress()";
                case "accept" -> ".accept()";
                case "connect" -> ".connect(";
                case "getpeername" -> "getRemoteSocketAddress()";
                case "fcntl" -> "configureBlocking(false)";
                case "send" -> ".write(";
                case "recv" -> ".read(buf)";
                case "sendto" -> ".send(new DatagramPacket(";
                case "recvfrom" -> ".receive(p)";
                case "shutdown" -> "shutdownOutput()";
                case "close" -> "}";
                default -> throw new AssertionError(call);
            };
            case RUST -> switch (call) {
                case "socket", "bind", "listen" -> "TcpListener::bind(\"127.0.0.1:5000\")";
                case "setsockopt" -> "set_nodelay(true)";
                case "getsockopt" -> ".ttl()";
                case "getsockname" -> "local_addr()";
                case "accept" -> ".accept()";
                case "connect" -> "TcpStream::connect(\"127.0.0.1:5000\")";
                case "getpeername" -> "peer_addr()";
                case "fcntl" -> "set_nonblocking(true)";
                case "send" -> ".write(";
                case "recv" -> ".read(&mut buf)";
                case "sendto" -> ".send_to(";
                case "recvfrom" -> ".recv_from(&mut buf)";
                case "shutdown" -> "Shutdown::Write";
                case "close" -> "drop(";
                default -> throw new AssertionError(call);
            };
        };
    }

    @Test
    void everyJournaledCallHasItsLineInEveryLanguage() {
        for (String call : CodeViewModel.CALLS) {
            for (CodeViewModel.Language l : CodeViewModel.Language.values()) {
                CodeViewModel.Role role = call.equals("setsockopt") && l == CodeViewModel.Language.RUST ? CodeViewModel.Role.CLIENT : CodeViewModel.Role.SERVER;
                if (call.equals("socket") && l == CodeViewModel.Language.JAVA) role = CodeViewModel.Role.SERVER;
                CodeViewModel.Snippet s = CodeViewModel.snippet(l, natural(call, role), EN);
                assertTrue(s.highlighted() >= 0, () -> call + " has no line in " + l);
                String line = s.lines().get(s.highlighted());
                assertTrue(line.contains(token(l, call)), () -> l + " " + call + ": expected " + token(l, call) + " in: " + line);
                assertTrue(s.lines().stream().noneMatch(x -> x.contains("${") || x.contains("@@")), () -> l + " " + call + " left a placeholder");
            }
        }
    }

    @Test
    void everyProgramLinesUpEachOfItsCallsAndFilledValuesComeFromTheJournal() {
        for (CodeViewModel.Language l : CodeViewModel.Language.values())
            for (String type : List.of("SOCK_STREAM", "SOCK_DGRAM"))
                for (CodeViewModel.Role role : CodeViewModel.Role.values()) {
                    var step = new CodeViewModel.Step("socket", "AF_INET", type, role, false, null, VALUES, "");
                    assertTrue(CodeViewModel.snippet(l, step, EN).highlighted() >= 0, () -> l + " " + type + " " + role);
                }
    }

    @Test
    void javaAndRustSayWhereTheyFuseOrHideCalls() {
        var listen = natural("listen", CodeViewModel.Role.SERVER);
        var bind = new CodeViewModel.Step("bind", "AF_INET", "SOCK_STREAM", CodeViewModel.Role.SERVER, false, null, VALUES, "");
        assertEquals(CodeViewModel.snippet(CodeViewModel.Language.JAVA, listen, EN).highlighted(),
                CodeViewModel.snippet(CodeViewModel.Language.JAVA, bind, EN).highlighted(), "ServerSocket.bind is bind plus listen");
        assertTrue(CodeViewModel.snippet(CodeViewModel.Language.JAVA, listen, EN).notes().getFirst().contains("bind() and listen()"));
        assertTrue(CodeViewModel.snippet(CodeViewModel.Language.RUST, listen, EN).notes().getFirst().contains("TcpListener::bind"));
        var close = natural("close", CodeViewModel.Role.CLIENT);
        assertTrue(CodeViewModel.snippet(CodeViewModel.Language.JAVA, close, EN).notes().stream().anyMatch(n -> n.contains("shut the connection down")));
        assertTrue(CodeViewModel.snippet(CodeViewModel.Language.RUST, close, EN).notes().stream().anyMatch(n -> n.contains("dropped")));
        assertFalse(CodeViewModel.snippet(CodeViewModel.Language.C, close, EN).notes().stream().anyMatch(n -> n.contains("dropped")));
        // Spanish notes too.
        assertTrue(CodeViewModel.snippet(CodeViewModel.Language.JAVA, listen, Messages.of(Lang.ES)).notes().getFirst().contains("Java no tiene listen()"));
    }

    @Test
    void aCallThatIsNoStepOfTheProgramMarksNoLineAndSaysWhy() {
        var listenOnUdp = new CodeViewModel.Step("listen", "AF_INET", "SOCK_DGRAM", CodeViewModel.Role.SERVER, false, "EOPNOTSUPP", VALUES, "");
        CodeViewModel.Snippet s = CodeViewModel.snippet(CodeViewModel.Language.C, listenOnUdp, EN);
        assertEquals(-1, s.highlighted());
        assertTrue(s.notes().getFirst().startsWith("listen() is not a step of a usual UDP server"), s.notes().toString());
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("errno to EOPNOTSUPP")), s.notes().toString());
    }

    @Test
    void theRealLifecycleShowsItsNewestCallWithItsRealValuesAndASelectionPinsAnother() {
        List<Event> journal;
        try (Lab lab = Lab.onThisMachine()) {
            RealLifecycle.run(lab);
            journal = lab.journal().snapshot();
        }
        CodeViewModel vm = new CodeViewModel(new Texts(Lang.EN));
        vm.onEvents(journal);
        Payload.Call bind = journal.stream().filter(e -> e.endpoint().equals("server") && e.payload() instanceof Payload.Call c
                && c.call().equals("bind")).map(e -> (Payload.Call) e.payload()).findFirst().orElseThrow();
        String port = bind.args().get("addr").substring(bind.args().get("addr").lastIndexOf(':') + 1);

        assertEquals("recvfrom", vm.currentProperty().get().call(), "the newest call: the server's recvfrom");
        CodeViewModel.Snippet c = vm.snippets().get().get(CodeViewModel.Language.C);
        assertTrue(c.lines().get(c.highlighted()).contains("recvfrom("));

        Event accept = journal.stream().filter(e -> e.payload() instanceof Payload.Call cl && cl.call().equals("accept")).findFirst().orElseThrow();
        vm.select(accept);
        assertEquals("accept", vm.currentProperty().get().call());
        CodeViewModel.Snippet py = vm.snippets().get().get(CodeViewModel.Language.PYTHON);
        assertTrue(py.lines().get(py.highlighted()).contains("s.accept()"));
        assertTrue(py.lines().stream().anyMatch(l -> l.contains("s.bind((\"127.0.0.1\", " + port + "))")), "the real port: " + py.lines());
        vm.onEvents(List.of(new Event(journal.getLast().seq() + 1, 0, "client", new Payload.Call("close", 99, Map.of(), 0, null, null, null, 0))));
        assertEquals("accept", vm.currentProperty().get().call(), "a selection stays while new calls arrive");
        vm.followLatest();
        assertEquals("close", vm.currentProperty().get().call());
    }
}
