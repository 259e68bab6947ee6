package org.socketlab.ui.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Endpoint.SocketInfo;
import org.socketlab.lab.Request;
import org.socketlab.lesson.predict.CallSituation;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.ui.common.Notice;
import org.socketlab.ui.common.Texts;

/**
 * One endpoint pane (server or client): the inputs, the endpoint's open sockets and one command per call.
 * Commands never wait: the call runs on the endpoint's worker thread and its result comes back through the
 * journal ({@link #onEvents}). Bad input is refused here with one message, and then nothing is called.
 */
public final class EndpointViewModel {

    private final String name;
    /** The inputs as typed, and the requests they make. */
    private final CallInputs in;
    /** The Kill and Process menus' actions on this endpoint's process. */
    private final ProcessActions process;
    /** The endpoint's sockets and their journaled states. */
    private final SocketStates sockets = new SocketStates();
    /** Empty when this OS cannot make real calls: every command then says so and does nothing. */
    private final Optional<Endpoint> endpoint;
    private final AddressPolicy policy;
    private final Texts texts;

    private final ObjectProperty<SocketInfo> selectedSocket = new SimpleObjectProperty<>(this, "selectedSocket");

    private final InputProblems problems;
    private final ReadOnlyBooleanWrapper portApplies = new ReadOnlyBooleanWrapper(this, "portApplies", true);
    private final ReadOnlyObjectWrapper<Notice> refusal = new ReadOnlyObjectWrapper<>(this, "refusal");
    /** While the window replays a journal file: no call is made, the pane says why. */
    private final BooleanProperty replaying = new SimpleBooleanProperty(this, "replaying", false);
    private final ReadOnlyObjectWrapper<Notice> waiting = new ReadOnlyObjectWrapper<>(this, "waiting");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper waitingText = new ReadOnlyStringWrapper(this, "waitingText", "");
    /** Whether the endpoint's thread waits in a call (journaled blocked, not yet returned): it can make no other. */
    private final ReadOnlyBooleanWrapper blocked = new ReadOnlyBooleanWrapper(this, "blocked");

    /** {@code endpoint} null: this OS cannot make real calls (the pane says so at each press). */
    public EndpointViewModel(String name, Endpoint endpoint, AddressPolicy policy, Texts texts) {
        this.name = name;
        this.endpoint = Optional.ofNullable(endpoint);
        this.policy = policy;
        this.texts = texts;
        this.in = new CallInputs(this, policy);
        this.problems = new InputProblems(this, texts);
        this.process = new ProcessActions(name, this.endpoint, replaying, refusal);

        in.domain.addListener((obs, old, now) -> in.swapDefaultAddress(old, now));
        List<Observable> inputs = new ArrayList<>(List.of(in.domain, in.type, in.address, in.port, in.backlog,
                in.payload, in.payloadHex, in.bufferSize, in.option, in.optionValue, in.nonBlocking, in.how,
                selectedSocket, in.protocol, in.pollTimeout));
        inputs.addAll(in.flags.values());
        inputs.addAll(in.pollEvents.values());
        inputs.forEach(input -> input.addListener(obs -> refusal.set(null)));
        List.<Observable>of(in.domain, in.address, in.port, in.backlog, in.payload, in.payloadHex, in.bufferSize,
                in.option, in.optionValue, in.pollTimeout).forEach(input -> input.addListener(obs -> revalidate()));
        in.option.addListener((obs, old, now) -> in.optionValue.set(CallInputs.defaultOptionValue(now)));
        message.bind(Bindings.createStringBinding(() -> {
            Notice shown = notice();
            return shown == null ? "" : shown.render(texts.messages());
        }, refusal, problems.first(), texts.messagesProperty()));
        // A process waits in one call at a time: the pane says so under the waiting call, and its calls are off.
        waitingText.bind(Bindings.createStringBinding(
                () -> waiting.get() == null
                        ? ""
                        : waiting.get().render(texts.messages()) + " "
                                + texts.messages().get("ui.endpoint.waiting.oneCall"),
                waiting, texts.messagesProperty()));
        blocked.bind(waiting.isNotNull());
        acceptArgument.bind(Bindings.createObjectBinding(this::listener, selectedSocket, sockets.sockets(),
                sockets.states()));
        revalidate();
    }

    /**
     * accept()'s own argument, as in a C server: the chosen socket when it listens, else this process's newest
     * listening socket; null when it has none (accept then takes the chosen socket, and the kernel says EINVAL).
     */
    private final ReadOnlyObjectWrapper<Integer> acceptArgument = new ReadOnlyObjectWrapper<>(this, "acceptArgument");

    private Integer listener() {
        SocketInfo chosen = selectedSocket.get();
        if (chosen != null && stateOf(chosen.fd()) == TcpState.LISTEN) return chosen.fd();
        return sockets().reversed().stream().map(SocketInfo::fd).filter(fd -> stateOf(fd) == TcpState.LISTEN)
                .findFirst().orElse(null);
    }

    /**
     * What a call's button says: its name, and accept's with its listening socket when the process has one,
     * "accept(3)": accept() takes it, not the connection the chooser went to.
     */
    public ObservableValue<String> buttonText(SocketCall call) {
        if (call != SocketCall.ACCEPT) return new ReadOnlyStringWrapper(call.cName());
        return Bindings.createStringBinding(() -> {
            Integer listener = acceptArgument.get();
            return listener == null ? call.cName() : call.cName() + "(" + listener + ")";
        }, acceptArgument);
    }

    /** The socket accept() is made on: its listening socket, while the chooser stays on the connection it returned. */
    public ReadOnlyObjectProperty<Integer> acceptArgumentProperty() {
        return acceptArgument.getReadOnlyProperty();
    }

    // ---- inputs (the view edits these) ----
    public String name() {
        return name;
    }
    public Texts texts() {
        return texts;
    }
    public ObjectProperty<Domain> domainProperty() {
        return in.domain;
    }
    public ObjectProperty<SockType> typeProperty() {
        return in.type;
    }
    public StringProperty addressProperty() {
        return in.address;
    }
    public StringProperty portProperty() {
        return in.port;
    }
    public StringProperty backlogProperty() {
        return in.backlog;
    }
    public StringProperty payloadProperty() {
        return in.payload;
    }
    public StringProperty bufferSizeProperty() {
        return in.bufferSize;
    }
    public BooleanProperty payloadHexProperty() {
        return in.payloadHex;
    }
    public ObjectProperty<SocketOption> optionProperty() {
        return in.option;
    }
    public StringProperty optionValueProperty() {
        return in.optionValue;
    }
    /** The kernel state of an fd of this endpoint, as last journaled (null if none yet). */
    public SocketState stateOf(int fd) {
        return sockets.stateOf(fd);
    }
    public ObservableMap<Integer, SocketState> states() {
        return sockets.states();
    }
    public BooleanProperty nonBlockingProperty() {
        return in.nonBlocking;
    }
    public ObjectProperty<ShutdownHow> howProperty() {
        return in.how;
    }
    public ObjectProperty<SocketInfo> selectedSocketProperty() {
        return selectedSocket;
    }
    public ObjectProperty<Protocol> protocolProperty() {
        return in.protocol;
    }
    /** Whether send/recv/sendto/recvfrom pass this flag. */
    public BooleanProperty flagProperty(MsgFlag flag) {
        return in.flags.get(flag);
    }
    /** Whether poll() asks for this event (POLLIN, POLLPRI, POLLOUT, POLLRDHUP). */
    public BooleanProperty pollEventProperty(PollEvent event) {
        BooleanProperty p = in.pollEvents.get(event);
        if (p == null) throw new IllegalArgumentException(event.name()); // POLLERR, POLLHUP, POLLNVAL: reported, never asked for
        return p;
    }
    public StringProperty pollTimeoutProperty() {
        return in.pollTimeout;
    }

    // ---- outputs (read-only) ----
    /** This endpoint's open sockets, as the endpoint last reported them. */
    public ObservableList<SocketInfo> sockets() {
        return sockets.sockets();
    }
    public ReadOnlyBooleanProperty invalidProperty(InputField field) {
        return problems.invalid(field);
    }
    /** What is wrong with one input, in the current language, for showing at the field; empty when it is fine. */
    public ReadOnlyStringProperty problemProperty(InputField field) {
        return problems.text(field);
    }
    /** Whether the port input means anything for the chosen domain (not for AF_UNIX). */
    public ReadOnlyBooleanProperty portAppliesProperty() {
        return portApplies.getReadOnlyProperty();
    }
    /** The one message of this pane: why the last command was refused, else the first invalid input; empty if none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
    /** Which call is blocked on the worker thread right now, as text; empty if none. */
    public ReadOnlyStringProperty waitingTextProperty() {
        return waitingText.getReadOnlyProperty();
    }

    /**
     * Whether the endpoint's thread waits in a call now: its call buttons and process calls are off (the waiting text
     * says why), Kill and Reset stay on.
     */
    public ReadOnlyBooleanProperty blockedProperty() {
        return blocked.getReadOnlyProperty();
    }

    /** What the endpoint's process does on {@code signal} now (SIG_DFL before its first call, or without a lab). */
    public Request.Signal.Handler disposition(String signal) {
        return endpoint.map(e -> e.disposition(signal)).orElse(Request.Signal.Handler.SIG_DFL);
    }

    /** The notice shown right now, or null. */
    public Notice notice() {
        return refusal.get() != null ? refusal.get() : problems.first().get();
    }

    // ---- commands ----

    public BooleanProperty replayingProperty() {
        return replaying;
    }

    /** Makes the call, or shows why it cannot be made. Never waits: the result arrives through the journal. */
    public void run(SocketCall call) {
        refusedCall.set(null);
        refusal.set(null);
        refuseOrMake(call);
        if (refusal.get() != null) refusedCall.set(call);
    }

    private void refuseOrMake(SocketCall call) {
        if (replaying.get()) {
            refusal.set(new Notice("ui.endpoint.replaying"));
            return;
        }
        if (endpoint.isEmpty()) {
            refusal.set(new Notice("ui.endpoint.unsupported"));
            return;
        }
        Endpoint to = endpoint.get();
        try {
            // accept() on its listening socket, the others on the chosen one (the connection accept() returned).
            IntSupplier fd = call == SocketCall.ACCEPT && acceptArgument.get() != null
                    ? acceptArgument.get()::intValue
                    : this::fd;
            Request request = in.request(call, fd, sockets().stream().map(SocketInfo::fd).toList());
            if (gate.hold(this, request, () -> make(to, call, request))) return; // predict mode asks first
            make(to, call, request);
        } catch (LocalizedException e) {
            refusal.set(Notice.of(e));
        }
    }

    /** The call whose press was just refused (the message says why), or null: the view says it next to that press. */
    private final ReadOnlyObjectWrapper<SocketCall> refusedCall = new ReadOnlyObjectWrapper<>(this, "refusedCall");

    public ReadOnlyObjectProperty<SocketCall> refusedCallProperty() {
        return refusedCall.getReadOnlyProperty();
    }

    /** Hands the call to the endpoint's worker; any thread (predict mode makes it once the question is answered). */
    private CompletableFuture<Event> make(Endpoint to, SocketCall call, Request request) {
        CompletableFuture<Event> made = to.call(request);
        made.whenComplete((event, failure) -> ProcessActions.logUnexpected(name, call.cName(), failure));
        return made;
    }

    private CallGate gate = CallGate.OPEN;

    /** What is asked before each call (predict mode in the free lab); {@link CallGate#OPEN} makes calls at once. */
    public void setGate(CallGate gate) {
        this.gate = Objects.requireNonNull(gate);
    }

    /** What this pane knows of the socket {@code request} acts on: kind, O_NONBLOCK, last journaled state. */
    public CallSituation situation(Request request) {
        Integer fd = Request.fdOf(request);
        SocketInfo s = fd == null ? null : sockets().stream().filter(i -> i.fd() == fd).findFirst().orElse(null);
        if (s == null) return CallSituation.NONE;
        boolean tcp = s.type() == SockType.SOCK_STREAM;
        return new CallSituation(tcp, tcp && s.domain() != Domain.AF_UNIX, s.nonBlocking(),
                stateOf(fd));
    }

    /** Closes this endpoint's sockets and cancels a waiting call; the closes show up in the journal. */
    public void reset() {
        refusal.set(null);
        if (replaying.get()) {
            refusal.set(new Notice("ui.endpoint.replaying"));
            return;
        }
        endpoint.ifPresent(Endpoint::reset);
    }

    /**
     * Kills this endpoint's process with {@code signal} (SIGTERM, SIGKILL), as {@code kill -9 PID} in a shell: the
     * kernel closes its sockets and a call it waits in never returns. Never waits (one kill(2)); what happened comes
     * back through the journal. Refused, saying why, before its first call (no process yet).
     */
    public void kill(int signal) {
        process.kill(signal);
    }

    /** Makes this endpoint's process fork (issue 39): the window opens a pane for the child. Null: no fork here. */
    public void setForker(Consumer<EndpointViewModel> forker) {
        process.setForker(forker);
    }

    /** fork() in this endpoint's process; the child comes back through the journal (its pane, its process events). */
    public void fork() {
        process.fork(this);
    }

    /** waitpid(-1, &st, 0 or WNOHANG) in this endpoint's process: without WNOHANG it waits until a child ends. */
    public void waitpid(boolean noHang) {
        process.waitpid(noHang);
    }

    /**
     * {@code signal(SIG, SIG_DFL or SIG_IGN)} or {@code sigaction(SIG, handler, 0 or SA_RESTART)} in this endpoint's
     * process (issue 39): what it does when {@code signal} comes. A call it waits in when a caught signal comes without
     * SA_RESTART returns -1 EINTR.
     */
    public void signal(String signal, Request.Signal.Handler handler) {
        process.signal(signal, handler);
    }

    /** exit(0) in this endpoint's process: the kernel closes its descriptors (a forked child then waits as a zombie). */
    public void exit() {
        process.exit();
    }

    /** Events from the bridge (FX thread), in journal order; only this endpoint's ones matter here. */
    public void onEvents(List<Event> batch) {
        boolean mine = false;
        Integer newFd = null;
        for (Event e : batch) {
            if (!e.endpoint().equals(name)) continue;
            mine = true;
            switch (e.payload()) {
                case Payload.Blocked b -> waiting.set(new Notice("ui.endpoint.waiting", b.call(),
                        CallFormat.waitingArguments(b.call(), b.fd()),
                        new LocalizedException(CallFormat.waitsForKey(b.call()))));
                case Payload.Cancelled c -> waiting.set(null);
                case Payload.Process p when Payload.Process.EXITED.equals(p.event()) -> {
                    waiting.set(null); // its sockets went with it: the kernel closed them
                    sockets.processExited();
                }
                case Payload.State st -> sockets.journaled(st, inodeOf(st.fd()));
                case Payload.Call c -> {
                    waiting.set(null);
                    if (!c.madeFds().isEmpty()) newFd = c.madeFds().getFirst();
                }
                default -> {
                }
            }
        }
        if (mine) refreshSockets(newFd);
    }

    /**
     * Learns the states {@code other}'s pane knows of sockets this endpoint may hold too: a forked child's inherited
     * sockets had theirs journaled under its parent. They show at the next reading of this endpoint's sockets.
     */
    public void learnStatesFrom(EndpointViewModel other) {
        if (other != this) sockets.learn(other.sockets);
    }

    // ---- inside ----

    private int fd() {
        SocketInfo s = selectedSocket.get();
        if (s == null) throw new LocalizedException("ui.endpoint.noSocket");
        return s.fd();
    }

    /** Checks every input again (the address policy may have changed). */
    public void revalidate() {
        portApplies.set(in.domain.get() != Domain.AF_UNIX);
        problems.check(in::problemIn);
    }

    /** The inode of the socket this endpoint's {@code fd} names now, or null when none or not known. */
    private Long inodeOf(int fd) {
        return endpoint.flatMap(e -> e.sockets().stream().filter(s -> s.fd() == fd && s.inode() > 0)
                .map(SocketInfo::inode).findFirst()).orElse(null);
    }

    /** Reads the endpoint's sockets again; selects a new socket, else keeps the selection while it is open. */
    private void refreshSockets(Integer preferredFd) {
        if (endpoint.isEmpty()) return;
        List<SocketInfo> now = endpoint.get().sockets();
        SocketInfo previous = selectedSocket.get();
        Integer keep = preferredFd != null ? preferredFd : previous == null ? null : previous.fd();
        sockets.refresh(now);
        SocketInfo next = now.stream().filter(s -> keep != null && s.fd() == keep).findFirst()
                .orElse(now.isEmpty() ? null : now.getLast());
        // A refresh is not a user edit: keep the pane's message.
        Notice shown = refusal.get();
        selectedSocket.set(next);
        refusal.set(shown);
    }
}
