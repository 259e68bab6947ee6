package org.socketlab.ui.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.AddressPolicy;
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

/**
 * What an endpoint pane's inputs say, as typed, and how they become a call's request: every input is parsed and
 * checked here, and a bad one is refused with a message that quotes what the user typed.
 */
final class CallInputs {
    private final AddressPolicy policy;

    final ObjectProperty<Domain> domain = new SimpleObjectProperty<>(this, "domain", Domain.AF_INET);
    final ObjectProperty<SockType> type = new SimpleObjectProperty<>(this, "type", SockType.SOCK_STREAM);
    final StringProperty address = new SimpleStringProperty(this, "address", "127.0.0.1");
    final StringProperty port = new SimpleStringProperty(this, "port", "5000");
    final StringProperty backlog = new SimpleStringProperty(this, "backlog", "5");
    final StringProperty payload = new SimpleStringProperty(this, "payload", "hola");
    final StringProperty bufferSize = new SimpleStringProperty(this, "bufferSize", "1024");
    /** Whether the data input is hex pairs ({@code 68 6f 6c 61}) instead of UTF-8 text. */
    final BooleanProperty payloadHex = new SimpleBooleanProperty(this, "payloadHex", false);
    /** The option setsockopt and getsockopt act on, and the value setsockopt gives it. */
    final ObjectProperty<SocketOption> option = new SimpleObjectProperty<>(this, "option",
            SocketOption.SO_REUSEADDR);
    final StringProperty optionValue = new SimpleStringProperty(this, "optionValue", "1");
    final BooleanProperty nonBlocking = new SimpleBooleanProperty(this, "nonBlocking", false);
    final ObjectProperty<ShutdownHow> how = new SimpleObjectProperty<>(this, "how", ShutdownHow.SHUT_WR);
    /** socket()'s third argument: 0, or IPPROTO_ICMP for a raw socket. */
    final ObjectProperty<Protocol> protocol = new SimpleObjectProperty<>(this, "protocol", Protocol.DEFAULT);
    /** The flags send, recv, sendto and recvfrom pass (read and write have none): each a checkbox. */
    final Map<MsgFlag, BooleanProperty> flags = new EnumMap<>(MsgFlag.class);
    /** What poll() asks for on each of this endpoint's sockets, and how long it may wait. */
    final Map<PollEvent, BooleanProperty> pollEvents = new EnumMap<>(PollEvent.class);
    final StringProperty pollTimeout = new SimpleStringProperty(this, "pollTimeout", "5000");

    /** {@code owner} is the view-model the properties belong to. */
    CallInputs(Object owner, AddressPolicy policy) {
        this.policy = policy;
        for (MsgFlag f : MsgFlag.values()) flags.put(f, new SimpleBooleanProperty(this, f.name(), false));
        for (PollEvent e : PollEvent.values())
            if (e.askable()) pollEvents.put(e, new SimpleBooleanProperty(this, e.name(), e == PollEvent.POLLIN));
    }

    /** The request {@code call} makes with these inputs on socket {@code fd} (of {@code open}, for poll). */
    Request request(SocketCall call, IntSupplier fd, List<Integer> open) {
        return switch (call) {
            case SOCKET -> new Request.Socket(domain.get(), type.get(), protocol.get());
            case SOCKETPAIR -> new Request.SocketPair(domain.get(), type.get());
            case READ -> new Request.Read(fd.getAsInt(), parseBuffer());
            case WRITE -> new Request.Write(fd.getAsInt(), parsePayload());
            case POLL ->
                new Request.Poll(open, chosenPollEvents(), parsePollTimeout());
            case BIND -> new Request.Bind(fd.getAsInt(), parseAddress());
            case LISTEN -> new Request.Listen(fd.getAsInt(), parseBacklog());
            case ACCEPT -> new Request.Accept(fd.getAsInt());
            case CONNECT -> new Request.Connect(fd.getAsInt(), parseAddress());
            case SEND -> new Request.Send(fd.getAsInt(), parsePayload(), chosenFlags());
            case RECV -> new Request.Recv(fd.getAsInt(), parseBuffer(), chosenFlags());
            case SENDTO -> new Request.SendTo(fd.getAsInt(), parsePayload(), parseAddress(), chosenFlags());
            case RECVFROM -> new Request.RecvFrom(fd.getAsInt(), parseBuffer(), chosenFlags());
            case SHUTDOWN -> new Request.Shutdown(fd.getAsInt(), how.get());
            case CLOSE -> new Request.Close(fd.getAsInt());
            case SETSOCKOPT -> new Request.SetSockOpt(fd.getAsInt(), option.get(), parseOptionValue());
            case GETSOCKOPT -> new Request.GetSockOpt(fd.getAsInt(), option.get());
            case FCNTL -> new Request.SetNonBlocking(fd.getAsInt(), nonBlocking.get());
            case GETSOCKNAME -> new Request.GetSockName(fd.getAsInt());
            case GETPEERNAME -> new Request.GetPeerName(fd.getAsInt());
        };
    }

    private Set<MsgFlag> chosenFlags() {
        EnumSet<MsgFlag> set = EnumSet.noneOf(MsgFlag.class);
        flags.forEach((f, on) -> {
            if (on.get()) set.add(f);
        });
        return set;
    }

    private Set<PollEvent> chosenPollEvents() {
        EnumSet<PollEvent> set = EnumSet.noneOf(PollEvent.class);
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

    /** What is wrong with one input, or null when it is fine. */
    Notice problemIn(InputField field) {
        try {
            switch (field) {
                case ADDRESS -> parseHost();
                case PORT -> {
                    if (domain.get() != Domain.AF_UNIX) SockAddr.parsePort(port.get());
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
    SockAddr parseAddress() {
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
        int typedPort = typedPort();
        SockAddr parsed = SockAddr.parse(hostPart(typedPort), domain.get());
        try {
            policy.check(parsed);
        } catch (LocalizedException e) {
            // Quote what was typed: the address with its port, or the address alone while the port is not valid yet.
            if (typedPort == 0 && e.key().equals("input.address.notLoopback"))
                throw new LocalizedException("input.address.notLoopback", host);
            throw e;
        }
        return parsed;
    }

    /** The port as typed when it is a valid one; else 0, which any host check accepts. */
    private int typedPort() {
        if (domain.get() == Domain.AF_UNIX) return 0;
        try {
            return SockAddr.parsePort(port.get());
        } catch (LocalizedException e) {
            return 0;
        }
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
        return HexFormat.of().parseHex(digits);
    }

    /** SO_REUSEADDR 0/1, SO_LINGER seconds or "off", buffer sizes in bytes, timeouts in milliseconds. */
    private int parseOptionValue() {
        SocketOption o = option.get();
        String v = text(optionValue);
        if (o == SocketOption.SO_LINGER && v.equalsIgnoreCase("off")) return -1;
        int value = wholeNumber(optionValue, "input.number.invalid");
        return new Request.SetSockOpt(0, o, value).value(); // the request checks the range
    }

    static String defaultOptionValue(SocketOption o) {
        return switch (o) {
            case SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, TCP_NODELAY, TCP_QUICKACK, IPV6_V6ONLY -> "1";
            case SO_LINGER -> "0";
            case SO_RCVBUF, SO_SNDBUF -> "4096";
            case TCP_KEEPIDLE, TCP_KEEPINTVL -> "1";
            case TCP_KEEPCNT -> "3";
            case SO_RCVTIMEO, SO_SNDTIMEO -> "300";
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
    void swapDefaultAddress(Domain old, Domain now) {
        if (old == null || now == null) return;
        String current = text(address);
        if (current.isEmpty() || current.equals(defaultHost(old))) address.set(defaultHost(now));
    }

    private String defaultHost(Domain d) {
        return switch (d) {
            case AF_INET -> "127.0.0.1";
            case AF_INET6 -> "::1";
            // A name in the lab's own folder, the same in every pane, so the client finds the server.
            case AF_UNIX -> "socketlab.sock";
        };
    }
}
