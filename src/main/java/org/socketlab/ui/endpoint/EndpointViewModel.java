package org.socketlab.ui.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Endpoint.SocketInfo;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
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
    private static final System.Logger LOG = System.getLogger(EndpointViewModel.class.getName());

    private final String name;
    /** Null when this OS cannot make real calls: every command then says so and does nothing. */
    private final Endpoint endpoint;
    private final AddressPolicy policy;
    private final Texts texts;

    private final ObjectProperty<Domain> domain = new SimpleObjectProperty<>(this, "domain", Domain.AF_INET);
    private final ObjectProperty<SockType> type = new SimpleObjectProperty<>(this, "type", SockType.SOCK_STREAM);
    private final StringProperty address = new SimpleStringProperty(this, "address", "127.0.0.1");
    private final StringProperty port = new SimpleStringProperty(this, "port", "5000");
    private final StringProperty backlog = new SimpleStringProperty(this, "backlog", "5");
    private final StringProperty payload = new SimpleStringProperty(this, "payload", "hola");
    private final StringProperty bufferSize = new SimpleStringProperty(this, "bufferSize", "1024");
    /** Whether the data input is hex pairs ({@code 68 6f 6c 61}) instead of UTF-8 text. */
    private final BooleanProperty payloadHex = new SimpleBooleanProperty(this, "payloadHex", false);
    /** The option setsockopt and getsockopt act on, and the value setsockopt gives it. */
    private final ObjectProperty<SocketOption> option = new SimpleObjectProperty<>(this, "option",
            SocketOption.SO_REUSEADDR);
    private final StringProperty optionValue = new SimpleStringProperty(this, "optionValue", "1");
    /** The kernel's last reported state of each of this endpoint's fds, from the journal. */
    private final javafx.collections.ObservableMap<Integer, String> states = FXCollections.observableHashMap();
    private final BooleanProperty nonBlocking = new SimpleBooleanProperty(this, "nonBlocking", false);
    private final ObjectProperty<ShutdownHow> how = new SimpleObjectProperty<>(this, "how", ShutdownHow.SHUT_WR);
    /** socket()'s third argument: 0, or IPPROTO_ICMP for a raw socket. */
    private final ObjectProperty<Protocol> protocol = new SimpleObjectProperty<>(this, "protocol", Protocol.DEFAULT);
    /** The flags send, recv, sendto and recvfrom pass (read and write have none): each a checkbox. */
    private final Map<MsgFlag, BooleanProperty> flags = new EnumMap<>(MsgFlag.class);
    /** What poll() asks for on each of this endpoint's sockets, and how long it may wait. */
    private final Map<PollEvent, BooleanProperty> pollEvents = new EnumMap<>(PollEvent.class);
    private final StringProperty pollTimeout = new SimpleStringProperty(this, "pollTimeout", "5000");

    private final ObservableList<SocketInfo> sockets = FXCollections.observableArrayList();
    private final ObservableList<SocketInfo> readOnlySockets = FXCollections.unmodifiableObservableList(sockets);
    private final ObjectProperty<SocketInfo> selectedSocket = new SimpleObjectProperty<>(this, "selectedSocket");

    private final Map<InputField, ReadOnlyBooleanWrapper> invalid = new EnumMap<>(InputField.class);
    private final Map<InputField, ReadOnlyObjectWrapper<Notice>> problems = new EnumMap<>(InputField.class);
    private final Map<InputField, ReadOnlyStringWrapper> problemTexts = new EnumMap<>(InputField.class);
    private final ReadOnlyBooleanWrapper portApplies = new ReadOnlyBooleanWrapper(this, "portApplies", true);
    private final ReadOnlyObjectWrapper<Notice> inputProblem = new ReadOnlyObjectWrapper<>(this, "inputProblem");
    private final ReadOnlyObjectWrapper<Notice> refusal = new ReadOnlyObjectWrapper<>(this, "refusal");
    private final ReadOnlyObjectWrapper<Notice> waiting = new ReadOnlyObjectWrapper<>(this, "waiting");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper waitingText = new ReadOnlyStringWrapper(this, "waitingText", "");

    public EndpointViewModel(String name, Endpoint endpoint, AddressPolicy policy, Texts texts) {
        this.name = name;
        this.endpoint = endpoint;
        this.policy = policy;
        this.texts = texts;
        for (InputField f : InputField.values()) {
            invalid.put(f, new ReadOnlyBooleanWrapper(this, "invalid" + f, false));
            ReadOnlyObjectWrapper<Notice> problem = new ReadOnlyObjectWrapper<>(this, "problem" + f);
            problems.put(f, problem);
            ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "problemText" + f, "");
            text.bind(Bindings.createStringBinding(
                    () -> problem.get() == null ? "" : problem.get().render(texts.messages()),
                    problem, texts.messagesProperty()));
            problemTexts.put(f, text);
        }

        for (MsgFlag f : MsgFlag.values()) flags.put(f, new SimpleBooleanProperty(this, f.name(), false));
        for (PollEvent e : PollEvent.values())
            if (e.askable()) pollEvents.put(e, new SimpleBooleanProperty(this, e.name(), e == PollEvent.POLLIN));
        domain.addListener((obs, old, now) -> swapDefaultAddress(old, now));
        List<Observable> inputs = new java.util.ArrayList<>(
                List.of(domain, type, address, port, backlog, payload, payloadHex, bufferSize, option,
                        optionValue, nonBlocking, how, selectedSocket, protocol, pollTimeout));
        inputs.addAll(flags.values());
        inputs.addAll(pollEvents.values());
        inputs.forEach(in -> in.addListener(obs -> refusal.set(null)));
        List.<Observable>of(domain, address, port, backlog, payload, payloadHex, bufferSize, option, optionValue,
                pollTimeout).forEach(in -> in.addListener(obs -> revalidate()));
        option.addListener((obs, old, now) -> optionValue.set(defaultOptionValue(now)));
        message.bind(Bindings.createStringBinding(() -> {
            Notice shown = refusal.get() != null ? refusal.get() : inputProblem.get();
            return shown == null ? "" : shown.render(texts.messages());
        }, refusal, inputProblem, texts.messagesProperty()));
        waitingText.bind(Bindings.createStringBinding(
                () -> waiting.get() == null ? "" : waiting.get().render(texts.messages()), waiting,
                texts.messagesProperty()));
        revalidate();
    }

    // ---- inputs (the view edits these) ----
    public String name() {
        return name;
    }
    public Texts texts() {
        return texts;
    }
    public ObjectProperty<Domain> domainProperty() {
        return domain;
    }
    public ObjectProperty<SockType> typeProperty() {
        return type;
    }
    public StringProperty addressProperty() {
        return address;
    }
    public StringProperty portProperty() {
        return port;
    }
    public StringProperty backlogProperty() {
        return backlog;
    }
    public StringProperty payloadProperty() {
        return payload;
    }
    public StringProperty bufferSizeProperty() {
        return bufferSize;
    }
    public BooleanProperty payloadHexProperty() {
        return payloadHex;
    }
    public ObjectProperty<SocketOption> optionProperty() {
        return option;
    }
    public StringProperty optionValueProperty() {
        return optionValue;
    }
    /** The kernel state of an fd of this endpoint, as last journaled ("" if none yet). */
    public String stateOf(int fd) {
        return states.getOrDefault(fd, "");
    }
    public javafx.collections.ObservableMap<Integer, String> states() {
        return FXCollections.unmodifiableObservableMap(states);
    }
    public BooleanProperty nonBlockingProperty() {
        return nonBlocking;
    }
    public ObjectProperty<ShutdownHow> howProperty() {
        return how;
    }
    public ObjectProperty<SocketInfo> selectedSocketProperty() {
        return selectedSocket;
    }
    public ObjectProperty<Protocol> protocolProperty() {
        return protocol;
    }
    /** Whether send/recv/sendto/recvfrom pass this flag. */
    public BooleanProperty flagProperty(MsgFlag flag) {
        return flags.get(flag);
    }
    /** Whether poll() asks for this event (POLLIN, POLLPRI, POLLOUT, POLLRDHUP). */
    public BooleanProperty pollEventProperty(PollEvent event) {
        BooleanProperty p = pollEvents.get(event);
        if (p == null) throw new IllegalArgumentException(event.name()); // POLLERR, POLLHUP, POLLNVAL: reported, never asked for
        return p;
    }
    public StringProperty pollTimeoutProperty() {
        return pollTimeout;
    }

    // ---- outputs (read-only) ----
    /** This endpoint's open sockets, as the endpoint last reported them. */
    public ObservableList<SocketInfo> sockets() {
        return readOnlySockets;
    }
    public ReadOnlyBooleanProperty invalidProperty(InputField field) {
        return invalid.get(field).getReadOnlyProperty();
    }
    /** What is wrong with one input, in the current language, for showing at the field; empty when it is fine. */
    public ReadOnlyStringProperty problemProperty(InputField field) {
        return problemTexts.get(field).getReadOnlyProperty();
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

    /** The notice shown right now, or null. */
    public Notice notice() {
        return refusal.get() != null ? refusal.get() : inputProblem.get();
    }

    // ---- commands ----

    /** While the window replays a journal file: no call is made, the pane says why. */
    private final BooleanProperty replaying = new SimpleBooleanProperty(this, "replaying", false);

    public BooleanProperty replayingProperty() {
        return replaying;
    }

    /** Makes the call, or shows why it cannot be made. Never waits: the result arrives through the journal. */
    public void run(SocketCall call) {
        refusal.set(null);
        if (replaying.get()) {
            refusal.set(new Notice("ui.endpoint.replaying"));
            return;
        }
        if (endpoint == null) {
            refusal.set(new Notice("ui.endpoint.unsupported"));
            return;
        }
        try {
            Request request = request(call);
            if (gate.hold(this, request, () -> make(call, request))) return; // predict mode asks first
            make(call, request);
        } catch (LocalizedException e) {
            refusal.set(Notice.of(e));
        }
    }

    /** Hands the call to the endpoint's worker; any thread (predict mode makes it once the question is answered). */
    private java.util.concurrent.CompletableFuture<Event> make(SocketCall call, Request request) {
        java.util.concurrent.CompletableFuture<Event> made = endpoint.call(request);
        made.whenComplete((event, failure) -> logUnexpected(call, failure));
        return made;
    }

    private CallGate gate = CallGate.OPEN;

    /** What is asked before each call (predict mode in the free lab); {@link CallGate#OPEN} makes calls at once. */
    public void setGate(CallGate gate) {
        this.gate = java.util.Objects.requireNonNull(gate);
    }

    /** What this pane knows of the socket {@code request} acts on: kind, O_NONBLOCK, last journaled state. */
    public org.socketlab.lesson.predict.CallSituation situation(Request request) {
        Integer fd = Request.fdOf(request);
        SocketInfo s = fd == null ? null : sockets.stream().filter(i -> i.fd() == fd).findFirst().orElse(null);
        if (s == null) return org.socketlab.lesson.predict.CallSituation.NONE;
        boolean tcp = s.type() == SockType.SOCK_STREAM;
        return new org.socketlab.lesson.predict.CallSituation(tcp, tcp && s.domain() != Domain.AF_UNIX, s.nonBlocking(),
                stateOf(fd));
    }

    /** Closes this endpoint's sockets and cancels a waiting call; the closes show up in the journal. */
    public void reset() {
        refusal.set(null);
        if (replaying.get()) {
            refusal.set(new Notice("ui.endpoint.replaying"));
            return;
        }
        if (endpoint != null) endpoint.reset();
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
                        String.valueOf(b.fd()),
                        new org.socketlab.i18n.LocalizedException(org.socketlab.lab.CallFormat.waitsForKey(b.call()))));
                case Payload.Cancelled c -> waiting.set(null);
                case Payload.State st -> states.put(st.fd(), st.to());
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

    // ---- inside ----

    private Request request(SocketCall call) {
        return switch (call) {
            case SOCKET -> new Request.Socket(domain.get(), type.get(), protocol.get());
            case SOCKETPAIR -> new Request.SocketPair(domain.get(), type.get());
            case READ -> new Request.Read(fd(), parseBuffer());
            case WRITE -> new Request.Write(fd(), parsePayload());
            case POLL ->
                new Request.Poll(sockets.stream().map(SocketInfo::fd).toList(), chosenPollEvents(), parsePollTimeout());
            case BIND -> new Request.Bind(fd(), parseAddress());
            case LISTEN -> new Request.Listen(fd(), parseBacklog());
            case ACCEPT -> new Request.Accept(fd());
            case CONNECT -> new Request.Connect(fd(), parseAddress());
            case SEND -> new Request.Send(fd(), parsePayload(), chosenFlags());
            case RECV -> new Request.Recv(fd(), parseBuffer(), chosenFlags());
            case SENDTO -> new Request.SendTo(fd(), parsePayload(), parseAddress(), chosenFlags());
            case RECVFROM -> new Request.RecvFrom(fd(), parseBuffer(), chosenFlags());
            case SHUTDOWN -> new Request.Shutdown(fd(), how.get());
            case CLOSE -> new Request.Close(fd());
            case SETSOCKOPT -> new Request.SetSockOpt(fd(), option.get(), parseOptionValue());
            case GETSOCKOPT -> new Request.GetSockOpt(fd(), option.get());
            case FCNTL -> new Request.SetNonBlocking(fd(), nonBlocking.get());
            case GETSOCKNAME -> new Request.GetSockName(fd());
            case GETPEERNAME -> new Request.GetPeerName(fd());
        };
    }

    private java.util.Set<MsgFlag> chosenFlags() {
        java.util.EnumSet<MsgFlag> set = java.util.EnumSet.noneOf(MsgFlag.class);
        flags.forEach((f, on) -> {
            if (on.get()) set.add(f);
        });
        return set;
    }

    private java.util.Set<PollEvent> chosenPollEvents() {
        java.util.EnumSet<PollEvent> set = java.util.EnumSet.noneOf(PollEvent.class);
        pollEvents.forEach((e, on) -> {
            if (on.get()) set.add(e);
        });
        return set;
    }

    private int parsePollTimeout() {
        String s = text(pollTimeout);
        if (!s.matches("-?\\d{1,6}"))
            throw new LocalizedException("input.poll.timeout", s, Request.Poll.MAX_TIMEOUT_MS);
        int t = Integer.parseInt(s);
        if (t < -1 || t > Request.Poll.MAX_TIMEOUT_MS)
            throw new LocalizedException("input.poll.timeout", s, Request.Poll.MAX_TIMEOUT_MS);
        return t;
    }

    private int fd() {
        SocketInfo s = selectedSocket.get();
        if (s == null) throw new LocalizedException("ui.endpoint.noSocket");
        return s.fd();
    }

    /** Checks every input again (the address policy may have changed). */
    public void revalidate() {
        portApplies.set(domain.get() != Domain.AF_UNIX);
        Notice first = null;
        for (InputField f : InputField.values()) {
            Notice problem = problemIn(f);
            invalid.get(f).set(problem != null);
            problems.get(f).set(problem);
            if (first == null) first = problem;
        }
        inputProblem.set(first);
    }

    private Notice problemIn(InputField field) {
        try {
            switch (field) {
                case ADDRESS -> parseHost();
                case PORT -> {
                    if (portApplies.get()) SockAddr.parsePort(port.get());
                }
                case BACKLOG -> parseBacklog();
                case PAYLOAD -> parsePayload();
                case BUFFER -> parseBuffer();
                case OPTION_VALUE -> {
                    if (option.get() != SocketOption.SO_ERROR) parseOptionValue();
                }
                case POLL_TIMEOUT -> parsePollTimeout();
            }
            return null;
        } catch (LocalizedException e) {
            return Notice.of(e);
        }
    }

    /** The address with the port, as the kernel will get it; loopback only unless the policy allows more. */
    private SockAddr parseAddress() {
        SockAddr parsed = switch (domain.get()) {
            case AF_UNIX -> parseHost();
            case AF_INET, AF_INET6 -> {
                int p = SockAddr.parsePort(port.get());
                yield SockAddr.parse(hostPart(p), domain.get());
            }
        };
        policy.check(parsed);
        return parsed;
    }

    /** Checks the address input alone (any valid port stands in for the port input). */
    private SockAddr parseHost() {
        String host = text(address);
        if (host.isEmpty()) throw new LocalizedException("input.address.empty");
        if (domain.get() == Domain.AF_INET && host.contains(":"))
            throw new LocalizedException("input.address.invalid", host);
        SockAddr parsed = SockAddr.parse(hostPart(0), domain.get());
        policy.check(parsed);
        return parsed;
    }

    private String hostPart(int portNumber) {
        String host = text(address);
        return switch (domain.get()) {
            case AF_INET -> host + ":" + portNumber;
            case AF_INET6 ->
                "[" + (host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host) + "]:"
                        + portNumber;
            case AF_UNIX -> host;
        };
    }

    private int parseBacklog() {
        return new Request.Listen(0, wholeNumber(backlog, "input.backlog.invalid")).backlog();
    }

    private int parseBuffer() {
        return new Request.Recv(0, wholeNumber(bufferSize, "input.buffer.invalid")).capacity();
    }

    private byte[] parsePayload() {
        String typed = payload.get() == null ? "" : payload.get();
        byte[] bytes = payloadHex.get() ? parseHex(typed) : typed.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Request.MAX_PAYLOAD)
            throw new LocalizedException("input.payload.tooLarge", bytes.length, Request.MAX_PAYLOAD);
        return bytes;
    }

    /** Hex pairs, spaces and colons allowed between them: {@code 68 6f 6c 61}, {@code 68:6F}, {@code 686f6c61}. */
    static byte[] parseHex(String typed) {
        String digits = typed.replaceAll("[\\s:]", "");
        if (digits.length() % 2 != 0 || !digits.matches("[0-9A-Fa-f]*")) {
            String shown = typed.length() > 24 ? typed.substring(0, 24) + "..." : typed;
            throw new LocalizedException("input.hex.invalid", shown);
        }
        return java.util.HexFormat.of().parseHex(digits);
    }

    /** SO_REUSEADDR 0/1, SO_LINGER seconds or "off", buffer sizes in bytes. */
    private int parseOptionValue() {
        SocketOption o = option.get();
        String v = text(optionValue);
        if (o == SocketOption.SO_LINGER && v.equalsIgnoreCase("off")) return -1;
        int value = wholeNumber(optionValue, "input.number.invalid");
        return new Request.SetSockOpt(0, o, value).value(); // the request checks the range
    }

    private static String defaultOptionValue(SocketOption o) {
        return switch (o) {
            case SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, TCP_NODELAY, IPV6_V6ONLY -> "1";
            case SO_LINGER -> "0";
            case SO_RCVBUF, SO_SNDBUF -> "4096";
            case TCP_KEEPIDLE, TCP_KEEPINTVL -> "1";
            case TCP_KEEPCNT -> "3";
            case SO_ERROR -> "";
        };
    }

    private static int wholeNumber(StringProperty input, String key) {
        String s = text(input);
        if (!s.matches("-?\\d{1,9}")) throw new LocalizedException(key, s);
        return Integer.parseInt(s);
    }

    private static String text(StringProperty input) {
        return input.get() == null ? "" : input.get().strip();
    }

    /** Keeps what the user typed, but follows the domain while the address is still the default one. */
    private void swapDefaultAddress(Domain old, Domain now) {
        if (old == null || now == null) return;
        String current = text(address);
        if (current.isEmpty() || current.equals(defaultHost(old))) address.set(defaultHost(now));
    }

    private String defaultHost(Domain d) {
        return switch (d) {
            case AF_INET -> "127.0.0.1";
            case AF_INET6 -> "::1";
            case AF_UNIX -> "/tmp/socketlab.sock"; // the same in every pane, so the client finds the server
        };
    }

    /** Reads the endpoint's sockets again; selects a new socket, else keeps the selection while it is open. */
    private void refreshSockets(Integer preferredFd) {
        if (endpoint == null) return;
        List<SocketInfo> now = endpoint.sockets();
        SocketInfo previous = selectedSocket.get();
        Integer keep = preferredFd != null ? preferredFd : previous == null ? null : previous.fd();
        sockets.setAll(now);
        SocketInfo next = now.stream().filter(s -> keep != null && s.fd() == keep).findFirst()
                .orElse(now.isEmpty() ? null : now.getLast());
        // A refresh is not a user edit: keep the pane's message.
        Notice shown = refusal.get();
        selectedSocket.set(next);
        refusal.set(shown);
    }

    private void logUnexpected(SocketCall call, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : failure;
        if (cause != null && !(cause instanceof CallCancelledException))
            LOG.log(System.Logger.Level.ERROR, "call " + call.cName() + " on " + name + " failed inside the engine",
                    cause);
    }
}
