package org.socketlab.ui.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.awaitJournalSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.testing.Await;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.common.Notice;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.shell.JournalBridge;

/** View-model tests on a real Lab, no toolkit: the test thread drains the bridge as the FX thread would. */
class EndpointViewModelTest {
    private static final Messages EN = Messages.of(Lang.EN);
    private static final Messages ES = Messages.of(Lang.ES);

    private final Lab lab = Lab.onThisMachine();
    /**
     * Events the journal holds before the server's first call is journaled: whether the wire is captured, and the
     * server's process started (by that first call).
     */
    private static final int START = 2;
    private final Texts texts = new Texts(Lang.EN);
    private final EndpointViewModel server = new EndpointViewModel(Lab.SERVER, lab.server(), lab.addressPolicy(),
            texts);
    private final JournalBridge bridge = new JournalBridge(lab.journal());

    EndpointViewModelTest() {
        bridge.addSink(server::onEvents);
    }

    @AfterEach
    void tearDown() {
        bridge.close();
        lab.close();
    }

    /** Presses socket() and waits until its result has come back through the journal. */
    private void openSocket() {
        int before = lab.journal().size();
        server.run(SocketCall.SOCKET);
        // The first call also journals its process's start, before the call.
        UiTestSupport.awaitJournal(lab.journal(),
                e -> e.seq() > before && e.payload() instanceof Payload.Call c && c.call().equals("socket"));
        bridge.drain();
        assertTrue(server.selectedSocketProperty().get() != null, "the new socket is selected");
    }

    @Test
    void aClosedSocketsStateUnderItsOldNumberIsNotTheNewSocketsState() {
        openSocket();
        int fd = server.selectedSocketProperty().get().fd();
        long inode = server.selectedSocketProperty().get().inode();
        assertNull(server.stateOf(fd), "a new TCP socket: no state journaled yet");
        // The socket that had this number before (another inode) leaves TIME_WAIT now, as the kernel observer says.
        lab.journal().append(Lab.SERVER, new Payload.State(fd, "TIME_WAIT", "CLOSED", "sock_diag", null, inode + 1));
        bridge.drain();
        assertNull(server.stateOf(fd), "not this socket's CLOSED");
        lab.journal().append(Lab.SERVER, new Payload.State(fd, "CLOSED", "LISTEN", "tcp_info", null, inode));
        bridge.drain();
        assertEquals(TcpState.LISTEN, server.stateOf(fd), "its own state");
    }

    @Test
    void killEndsTheProcessAndItsSocketsAndBeforeItsFirstCallSaysWhy() {
        server.kill(Signals.SIGKILL);
        assertEquals(EN.get("lab.kill.notStarted", Lab.SERVER), server.messageProperty().get(), "no process yet");
        openSocket();
        int pid = lab.server().pid();
        int before = lab.journal().size();
        server.kill(Signals.SIGKILL); // never waits: the end comes back through the journal
        Await.untilJournaled(lab.journal(), Duration.ofSeconds(10), () -> lab.journal().after(before).stream()
                .anyMatch(e -> e.payload() instanceof Payload.Process p && p.killed()), () -> "the end journaled");
        bridge.drain();
        assertEquals("", server.messageProperty().get());
        assertTrue(server.sockets().isEmpty(), "the kernel closed its socket");
        assertTrue(ProcessHandle.of(pid).isEmpty(), "reaped");
    }

    @Test
    void aProcessWaitingInACallMakesNoOtherItsPaneSaysWhyAndItsSignalsMenuShowsTheDispositionNow() {
        // Issue 57: the one call a thread makes at a time; the pane's calls are off while it waits, Kill is not.
        server.typeProperty().set(SockType.SOCK_DGRAM);
        openSocket();
        assertEquals(Request.Signal.Handler.SIG_DFL, server.disposition("SIGALRM"));
        server.signal("SIGALRM", Request.Signal.Handler.ON_SIGNAL_RESTART);
        UiTestSupport.awaitJournal(lab.journal(), e -> e.payload() instanceof Payload.Call c
                && c.call().equals("signal") && !c.failed());
        assertEquals(Request.Signal.Handler.ON_SIGNAL_RESTART, server.disposition("SIGALRM"));
        int before = lab.journal().size();
        server.run(SocketCall.RECVFROM);
        UiTestSupport.awaitJournal(lab.journal(), e -> e.seq() > before && e.payload() instanceof Payload.Blocked);
        bridge.drain();
        assertTrue(server.blockedProperty().get(), "its calls are off");
        assertTrue(server.waitingTextProperty().get().endsWith(EN.get("ui.endpoint.waiting.oneCall")),
                server.waitingTextProperty().get());
        // A sigaction chosen now is refused with the reason, never made after the wait.
        server.signal("SIGALRM", Request.Signal.Handler.ON_SIGNAL);
        assertEquals(EN.get("lab.call.busy", Lab.SERVER, "recvfrom", "signal"), server.messageProperty().get());
        server.run(SocketCall.GETSOCKNAME);
        assertEquals(EN.get("lab.call.busy", Lab.SERVER, "recvfrom", "getsockname"), server.messageProperty().get());
        assertEquals(Request.Signal.Handler.ON_SIGNAL_RESTART, server.disposition("SIGALRM"));
        // The pane's Reset ends the wait, and nothing runs after it.
        server.reset();
        UiTestSupport.awaitJournal(lab.journal(), e -> e.payload() instanceof Payload.Cancelled);
        bridge.drain();
        assertFalse(server.blockedProperty().get());
        assertTrue(lab.journal().after(before).stream()
                .noneMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals("getsockname")));
    }

    @Test
    void aCaughtSignalWithoutSaRestartEndsAWaitingCallWithEintrAndTheProcessLivesOn() {
        // Issue 39 item 3: the pane's Signals menu, then Kill › SIGALRM while recvfrom() waits.
        server.typeProperty().set(SockType.SOCK_DGRAM);
        openSocket();
        int pid = lab.server().pid();
        server.signal("SIGALRM", Request.Signal.Handler.ON_SIGNAL);
        UiTestSupport.awaitJournal(lab.journal(), e -> e.payload() instanceof Payload.Call c
                && c.call().equals("signal") && !c.failed());
        int before = lab.journal().size();
        server.run(SocketCall.RECVFROM); // nothing will come: it waits in the kernel
        UiTestSupport.awaitJournal(lab.journal(), e -> e.seq() > before && e.payload() instanceof Payload.Blocked);
        server.kill(Signals.SIGALRM);
        UiTestSupport.awaitJournal(lab.journal(), e -> e.seq() > before && e.payload() instanceof Payload.Call c
                && c.call().equals("recvfrom") && "EINTR".equals(c.errnoName()));
        assertTrue(ProcessHandle.of(pid).isPresent(), "caught, not killed: the process lives on");
        bridge.drain();
        assertEquals("", server.messageProperty().get());
    }

    @Test
    void socketsStartBlockingSoFcntlDefaultsToClearingONonblock() {
        assertFalse(server.nonBlockingProperty().get(), "O_NONBLOCK is unticked by default: a new socket blocks");
    }

    @Test
    void eachInputSaysWhatIsWrongWithItForShowingAtTheField() {
        server.portProperty().set("abc");
        assertEquals(EN.get("input.port.invalid", "abc"), server.problemProperty(InputField.PORT).get());
        assertEquals("", server.problemProperty(InputField.ADDRESS).get());
        server.portProperty().set("5000");
        assertEquals("", server.problemProperty(InputField.PORT).get());
        server.addressProperty().set("8.8.8.8");
        assertTrue(server.problemProperty(InputField.ADDRESS).get()
                .contains("Options → Allow addresses outside this machine"));
        texts.langProperty().set(Lang.ES);
        assertTrue(server.problemProperty(InputField.ADDRESS).get()
                .contains("Opciones → Permitir direcciones fuera de esta máquina"));
    }

    @Test
    void aUnixPathOutsideTheLabsFolderIsRefusedAtTheFieldInBothLanguages() {
        server.domainProperty().set(Domain.AF_UNIX);
        assertEquals("", server.problemProperty(InputField.ADDRESS).get(), "the default name is in the lab's folder");
        server.addressProperty().set("/var/run/docker.sock");
        assertEquals(EN.get("input.address.unixOutsideLab", "/var/run/docker.sock"),
                server.problemProperty(InputField.ADDRESS).get());
        texts.langProperty().set(Lang.ES);
        assertTrue(server.problemProperty(InputField.ADDRESS).get().contains("fuera de la carpeta del laboratorio"));
        server.addressProperty().set("../bus");
        assertTrue(server.invalidProperty(InputField.ADDRESS).get());
        server.addressProperty().set("mine.sock");
        assertFalse(server.invalidProperty(InputField.ADDRESS).get());
    }

    @Test
    void inputsAreValidatedAsYouTypeInTheCurrentLanguage() {
        assertEquals("", server.messageProperty().get(), "the defaults are valid");

        server.portProperty().set("70000");
        assertTrue(server.invalidProperty(InputField.PORT).get());
        assertEquals(EN.get("input.port.invalid", "70000"), server.messageProperty().get());
        texts.langProperty().set(Lang.ES);
        assertEquals(ES.get("input.port.invalid", "70000"), server.messageProperty().get());
        assertTrue(server.messageProperty().get().startsWith("El puerto"));
        texts.langProperty().set(Lang.EN);
        server.portProperty().set("5000");
        assertFalse(server.invalidProperty(InputField.PORT).get());

        server.addressProperty().set("8.8.8.8");
        // The message quotes what was typed: the port 5000, never a stand-in 0 (issue 26).
        assertEquals(EN.get("input.address.notLoopback", "8.8.8.8:5000"), server.messageProperty().get());
        server.portProperty().set("70000");
        assertEquals(EN.get("input.address.notLoopback", "8.8.8.8"),
                server.problemProperty(InputField.ADDRESS).get(), "with no valid port, the address alone");
        server.portProperty().set("5000");
        server.addressProperty().set("127.0.0.1");

        server.payloadProperty().set("x".repeat(Request.MAX_PAYLOAD + 1));
        assertEquals(EN.get("input.payload.tooLarge", Request.MAX_PAYLOAD + 1, Request.MAX_PAYLOAD),
                server.messageProperty().get());
        server.payloadProperty().set("hola");

        server.bufferSizeProperty().set("0");
        assertEquals(EN.get("input.buffer.invalid", "0"), server.messageProperty().get());
        server.bufferSizeProperty().set("lots");
        assertEquals(EN.get("input.buffer.invalid", "lots"), server.messageProperty().get());
        texts.langProperty().set(Lang.ES);
        assertEquals(ES.get("input.buffer.invalid", "lots"), server.messageProperty().get());
        server.bufferSizeProperty().set("1024");

        server.backlogProperty().set("99999");
        assertEquals(ES.get("input.backlog.invalid", "99999"), server.messageProperty().get());
        server.backlogProperty().set("5");
        assertEquals("", server.messageProperty().get());
    }

    @Test
    void badInputMakesNoCallAndChangesNothing() {
        openSocket();
        int journalSize = lab.journal().size();
        var sockets = lab.server().sockets();

        server.portProperty().set("abc");
        server.run(SocketCall.BIND);
        assertEquals(new Notice("input.port.invalid", "abc"), server.notice());
        server.portProperty().set("5000");

        server.addressProperty().set("10.1.2.3");
        server.run(SocketCall.CONNECT);
        assertEquals("input.address.notLoopback", server.notice().key());
        server.addressProperty().set("127.0.0.1");

        server.payloadProperty().set("y".repeat(Request.MAX_PAYLOAD + 1));
        server.run(SocketCall.SEND);
        assertEquals("input.payload.tooLarge", server.notice().key());

        server.bufferSizeProperty().set("-1");
        server.run(SocketCall.RECV);
        assertEquals("input.buffer.invalid", server.notice().key());

        bridge.drain();
        assertEquals(journalSize, lab.journal().size(), "no call was made");
        assertEquals(sockets, lab.server().sockets());
    }

    @Test
    void aCallWithoutASocketSaysWhatToDoFirst() {
        server.run(SocketCall.RECV);
        assertEquals(new Notice("ui.endpoint.noSocket"), server.notice());
        assertEquals(EN.get("ui.endpoint.noSocket"), server.messageProperty().get());
        assertEquals(1, lab.journal().size(), "only whether the wire is captured: no call, no process");
        server.payloadProperty().set("editing clears the refusal");
        assertNull(server.notice());
    }

    @Test
    void callsOutOfOrderAreMadeForRealAndTheSelectionFollowsTheSockets() {
        openSocket();
        int fd = server.selectedSocketProperty().get().fd();
        server.run(SocketCall.ACCEPT); // not listening: the kernel answers EINVAL, the lesson
        awaitJournalSize(lab.journal(), START + 2);
        bridge.drain();
        assertNull(server.notice(), "a kernel error is the journal's to show, not a refused input");

        server.run(SocketCall.CLOSE);
        awaitJournalSize(lab.journal(), START + 3);
        bridge.drain();
        assertTrue(server.sockets().isEmpty());
        assertNull(server.selectedSocketProperty().get());
        assertTrue(lab.journal().snapshot().get(START + 1).toString().contains("EINVAL"),
                () -> "accept before listen: " + lab.journal().snapshot());
        assertEquals(fd, ((Payload.Call) lab.journal().snapshot().get(START + 2).payload()).fd());
    }

    /** Presses {@code call} on {@code pane} and waits until its result has come back through the journal. */
    private Payload.Call press(EndpointViewModel pane, SocketCall call) {
        int before = lab.journal().size();
        pane.run(call);
        assertNull(pane.notice(), () -> call + " refused: " + pane.messageProperty().get());
        Payload.Call made = (Payload.Call) UiTestSupport.awaitJournal(lab.journal(),
                e -> e.seq() > before && e.endpoint().equals(pane.name()) && e.payload() instanceof Payload.Call c
                        && c.call().equals(call.cName()))
                .payload();
        bridge.drain();
        return made;
    }

    /**
     * Issue 57, seen in the packaged window: after accept() the socket chooser is on the new connection, as send and
     * recv want; pressing accept again made accept() on the connection, EINVAL. As a C server does, accept() takes the
     * listening socket, its own argument, while the chooser stays on the connection: two clients are accepted in a row,
     * and recv still goes to the chosen connection.
     */
    @Test
    void acceptTakesTheListeningSocketWhileTheChooserStaysOnTheConnection() {
        EndpointViewModel client = new EndpointViewModel(Lab.CLIENT, lab.client(), lab.addressPolicy(), texts);
        bridge.addSink(client::onEvents);
        String port = String.valueOf(UiTestSupport.freePort());
        server.portProperty().set(port);
        client.portProperty().set(port);
        for (SocketCall call : new SocketCall[]{SocketCall.SOCKET, SocketCall.BIND, SocketCall.LISTEN})
            press(server, call);
        int listener = server.selectedSocketProperty().get().fd();
        Await.until(Duration.ofSeconds(10), () -> {
            bridge.drain();
            return server.stateOf(listener) == TcpState.LISTEN;
        }, () -> "the listener's state journaled");
        assertEquals(listener, server.acceptArgumentProperty().get(), "accept's argument before any connection");
        for (int i = 0; i < 2; i++) { // two connections from the client, each its own socket
            press(client, SocketCall.SOCKET);
            press(client, SocketCall.CONNECT);
        }
        Payload.Call first = press(server, SocketCall.ACCEPT);
        assertEquals(listener, first.fd());
        int connection = (int) first.result();
        assertEquals(connection, server.selectedSocketProperty().get().fd(), "the chooser on the new connection");
        assertEquals(listener, server.acceptArgumentProperty().get(), "accept's argument stays the listener");
        assertEquals("accept(" + listener + ")", server.buttonText(SocketCall.ACCEPT).getValue(), "its buttons say it");
        Payload.Call second = press(server, SocketCall.ACCEPT);
        assertEquals(listener, second.fd(), "accept() again on the listener");
        assertFalse(second.failed(), () -> "the second client accepted: " + second);
        Payload.Call peer = press(server, SocketCall.GETPEERNAME);
        assertEquals((int) second.result(), peer.fd(), "the other calls on the chosen, newest connection");
    }

    @Test
    void hexPayloadIsParsedAndBadHexIsExplained() {
        assertEquals("hola",
                new String(CallInputs.parseHex("68 6f:6C61"), StandardCharsets.UTF_8));
        server.payloadHexProperty().set(true);
        assertEquals(new Notice("input.hex.invalid", "hola"), server.notice(), "the text 'hola' is not hex");
        server.payloadProperty().set("68 6f 6c 61");
        assertNull(server.notice());
        server.payloadProperty().set("6");
        assertTrue(server.invalidProperty(InputField.PAYLOAD).get());
    }

    @Test
    void setsockoptUsesTheChosenOptionAndValueAndTheSelectorShowsTheKernelState() {
        openSocket();
        int fd = server.selectedSocketProperty().get().fd();
        server.optionProperty().set(SocketOption.SO_LINGER);
        assertEquals("0", server.optionValueProperty().get(),
                "linger 0, the abortive close, is the interesting default");
        server.optionValueProperty().set("soon");
        assertTrue(server.invalidProperty(InputField.OPTION_VALUE).get());
        server.optionValueProperty().set("off");
        int before = lab.journal().size();
        server.run(SocketCall.SETSOCKOPT);
        awaitJournalSize(lab.journal(), before + 1);
        var call = (Payload.Call) lab.journal().snapshot().get(before).payload();
        assertEquals("setsockopt", call.call());
        assertEquals("SO_LINGER", call.args().get("option"));
        assertEquals("{l_onoff=0, l_linger=0}", call.args().get("value"));

        server.run(SocketCall.BIND);
        // One call at a time, as a person presses them (issue 57): the next once bind() has returned.
        UiTestSupport.awaitJournal(lab.journal(),
                e -> e.payload() instanceof Payload.Call c && c.call().equals("bind"));
        server.run(SocketCall.LISTEN);
        UiTestSupport.awaitJournal(lab.journal(),
                e -> e.payload() instanceof Payload.State st && st.fd() == fd
                        && st.to().equals("LISTEN"));
        bridge.drain();
        assertEquals(TcpState.LISTEN, server.stateOf(fd));
    }

    @Test
    void changingTheDomainSwapsTheDefaultAddressButKeepsTypedOnes() {
        server.domainProperty().set(Domain.AF_INET6);
        assertEquals("::1", server.addressProperty().get());
        server.domainProperty().set(Domain.AF_UNIX);
        assertEquals("socketlab.sock", server.addressProperty().get());
        assertFalse(server.portAppliesProperty().get());
        server.domainProperty().set(Domain.AF_INET);
        server.addressProperty().set("127.0.0.2");
        server.domainProperty().set(Domain.AF_INET6);
        assertEquals("127.0.0.2", server.addressProperty().get());
        assertTrue(server.invalidProperty(InputField.ADDRESS).get());
    }

    @Test
    void whereTheSystemCannotMakeCallsNothingIsCalled() {
        EndpointViewModel unsupported = new EndpointViewModel(Lab.CLIENT, null, new AddressPolicy(), texts);
        unsupported.run(SocketCall.SOCKET);
        assertEquals(EN.get("ui.endpoint.unsupported"), unsupported.messageProperty().get());
    }

    @Test
    void socketpairSelectsItsFirstEndPollWatchesEverySocketAndTheFlagsGoIntoTheCall() {
        server.domainProperty().set(Domain.AF_UNIX);
        server.typeProperty().set(SockType.SOCK_SEQPACKET);
        server.run(SocketCall.SOCKETPAIR);
        var pair = (Payload.Call) UiTestSupport.awaitJournal(lab.journal(),
                e -> e.payload() instanceof Payload.Call c && c.call().equals("socketpair"))
                .payload();
        bridge.drain();
        assertEquals(2, server.sockets().size());
        assertEquals(pair.madeFds().getFirst(), server.selectedSocketProperty().get().fd());

        server.payloadProperty().set("uno");
        server.run(SocketCall.SEND);
        UiTestSupport.awaitJournal(lab.journal(),
                e -> e.payload() instanceof Payload.Call c && c.call().equals("send"));
        server.pollTimeoutProperty().set("0");
        server.run(SocketCall.POLL);
        var poll = (Payload.Call) UiTestSupport.awaitJournal(lab.journal(),
                e -> e.payload() instanceof Payload.Call c && c.call().equals("poll")).payload();
        // Both ends watched for POLLIN: only the other end has the record to read.
        assertEquals("[{fd=" + pair.madeFds().get(1) + ", revents=POLLIN}]", poll.args().get("revents"));

        bridge.drain();
        server.selectedSocketProperty().set(server.sockets().get(1));
        server.flagProperty(MsgFlag.MSG_PEEK).set(true);
        server.run(SocketCall.RECV);
        var peek = (Payload.Call) UiTestSupport.awaitJournal(lab.journal(),
                e -> e.payload() instanceof Payload.Call c && c.call().equals("recv")).payload();
        assertEquals("MSG_PEEK", peek.args().get("flags"));
        assertEquals(3, peek.result());
    }

    @Test
    void aBadPollTimeoutIsRefusedAtItsField() {
        server.pollTimeoutProperty().set("70000");
        assertEquals(EN.get("input.poll.timeout", "70000", Request.Poll.MAX_TIMEOUT_MS),
                server.problemProperty(InputField.POLL_TIMEOUT).get());
        server.pollTimeoutProperty().set("-1");
        assertEquals("", server.problemProperty(InputField.POLL_TIMEOUT).get());
    }
}
