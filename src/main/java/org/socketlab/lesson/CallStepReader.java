package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/**
 * Reads a step that makes one call ({@code "call": "connect"}): the call's fields ({@link CallFields}), its sockets
 * named before and on its own endpoint, the names it gives, and whether it is left waiting ({@code "wait": false}).
 */
final class CallStepReader {
    private final LessonFieldReader read;
    private final boolean recorded;
    private final StepsSoFar soFar;
    private final ExpectParser expects;
    private final ForkSteps forks;
    private final SignalSteps signals;
    private final AddressField addresses;

    CallStepReader(LessonFieldReader read, boolean recorded, StepsSoFar soFar, ExpectParser expects, ForkSteps forks,
            SignalSteps signals, AddressField addresses) {
        this.read = read;
        this.recorded = recorded;
        this.soFar = soFar;
        this.expects = expects;
        this.forks = forks;
        this.signals = signals;
        this.addresses = addresses;
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    Step call(int number, String endpoint, JsonNode node) {
        String call = read.string(node, "call");
        SysCall named = CallFields.named(call);
        Set<String> fields = CallFields.required(named);
        read.onlyFields(node, CallFields.allowed(named, fields), call);
        read.at(node, null);
        for (String f : fields)
            if (node.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, call);
        Text narration = read.narration(node, recorded);
        Slide slide = read.slide(node);
        read.at(node, "call");
        soFar.requireIdle(endpoint);
        boolean start = startsWaiting(node, named);
        Step.Kind kind = start ? Step.Kind.START : Step.Kind.CALL;

        StepsSoFar.Named target = null;
        String socket = null;
        if (fields.contains("socket")) {
            socket = read.string(node, "socket");
            target = soFar.owned(socket, endpoint);
        }
        Domain domain = fields.contains("domain") ? read.enumValue(Domain.class, node, "domain") : null;
        SockType type = fields.contains("type") ? read.enumValue(SockType.class, node, "type") : null;
        String as = null;
        List<String> sockets = List.of();
        if (named == SysCall.SOCKETPAIR) {
            // "as": ["left", "right"]: the two descriptors of sv[0] and sv[1]
            sockets = read.names(node, "as", 2, 2);
            for (String n : sockets) soFar.newName(n, new StepsSoFar.Named(endpoint, domain, type));
        } else if (fields.contains("as")) {
            as = read.string(node, "as");
            soFar.newName(as,
                    domain != null || target == null
                            ? new StepsSoFar.Named(endpoint, domain, type)
                            : new StepsSoFar.Named(endpoint, target.domain(), target.type()));
        }
        if (named == SysCall.POLL || named == SysCall.SELECT) {
            sockets = read.names(node, "sockets", 1, 64);
            for (String n : sockets) soFar.owned(n, endpoint);
        }
        Protocol protocol = node.has("protocol")
                ? read.enumValue(Protocol.class, node, "protocol")
                : Protocol.DEFAULT;
        Set<MsgFlag> flags = node.has("flags")
                ? read.flagNames(node, "flags", MsgFlag.class)
                : Set.<MsgFlag>of();
        Set<PollEvent> events = fields.contains("events")
                ? read.flagNames(node, "events", PollEvent.class)
                : Set.<PollEvent>of();
        Integer timeout = fields.contains("timeout")
                ? read.integer(node, "timeout", -1, Request.Poll.MAX_TIMEOUT_MS)
                : null;
        Domain addressDomain = target == null ? null : target.domain();
        String address = fields.contains("address")
                ? addresses.address(node, Step.required(addressDomain, "socket", call))
                : null;
        if (Step.FROM_PLACEHOLDER.equals(address)
                && (named != SysCall.SENDTO || !soFar.receivedFrom.contains(socket)))
            throw new LocalizedException("lesson.error.fromWithoutRecvfrom", socket);
        if (named == SysCall.RECVFROM) soFar.receivedFrom.add(socket);
        Integer backlog = fields.contains("backlog") ? read.integer(node, "backlog", 0, 4096) : null;
        String data = fields.contains("data") ? read.string(node, "data") : null;
        SignalSteps.Disposition disposition = named == SysCall.SIGNAL ? signals.signal(endpoint, node) : null;
        if (disposition != null) data = disposition.signal(); // its handler is the step's value (see below)
        if (data != null && data.getBytes(StandardCharsets.UTF_8).length > Request.MAX_PAYLOAD)
            throw new LocalizedException("input.payload.tooLarge", data.length(), Request.MAX_PAYLOAD);
        Integer size = fields.contains("size") ? read.integer(node, "size", 1, Request.MAX_PAYLOAD) : null;
        ShutdownHow how = fields.contains("how") && named != SysCall.SIGPROCMASK
                ? read.enumValue(ShutdownHow.class, node, "how")
                : null;
        SocketOption option = fields.contains("option") ? read.enumValue(SocketOption.class, node, "option") : null;
        Integer value = fields.contains("value")
                ? read.integer(node, "value", Integer.MIN_VALUE, Integer.MAX_VALUE)
                : null;
        if (disposition != null) value = disposition.handler().ordinal();
        if (named == SysCall.SELECT) value = selectNfds(node);
        if (named == SysCall.ACCEPT && node.has("addrlen")) // the program's own addrlen (issue 59), -1 included
            value = read.integer(node, "addrlen", -1, Request.Accept.MAX_ADDRLEN);
        if (named == SysCall.SIGPROCMASK) { // the signal in data, SIG_BLOCK as value 1 (SIG_UNBLOCK 0)
            data = signals.mask(node);
            value = signals.blocks(node) ? 1 : 0;
            read.at(node, "call");
        }
        if (named == SysCall.WAITPID) { // the child's endpoint name (or -1) in data, WNOHANG as value 1
            data = forks.waitpidTarget(endpoint, node);
            value = forks.noHang(node) ? 1 : 0;
            read.at(node, "call");
        }
        if (named == SysCall.GETADDRINFO) { // node in data, service in address, the hints as family, type, value
            GaiStep gai = GaiStep.read(read, node);
            data = gai.node();
            address = gai.service();
            domain = gai.family();
            type = gai.type();
            value = gai.flags();
        }
        Boolean nonBlocking = null;
        if (fields.contains("nonblocking")) {
            read.at(node, "nonblocking");
            JsonNode v = node.get("nonblocking");
            if (!v.isBoolean()) throw new LocalizedException("lesson.error.badValue", "nonblocking", v.toString());
            nonBlocking = v.asBoolean();
        }
        if (named == SysCall.LISTEN) soFar.listeners.add(socket);
        Expect expect = expects.expect(node, call, kind, sockets, number);
        Step step = new Step(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog,
                data,
                size, how, option, value, nonBlocking, narration, expect, kind, protocol, flags, sockets, events,
                timeout, slide);
        read.at(node, "call");
        step.request(0, 5000); // the records' own checks (backlog, option, sizes) speak now, not mid-run
        if (start) soFar.waiting.put(endpoint, step);
        return step;
    }

    /** {@code "wait": false}: the call is started and left waiting; only a call that can block may be. */
    private boolean startsWaiting(JsonNode node, SysCall call) {
        if (!node.has("wait")) return false;
        read.at(node, "wait");
        JsonNode w = node.get("wait");
        if (!w.isBoolean()) throw new LocalizedException("lesson.error.badValue", "wait", w.toString());
        boolean start = !w.asBoolean();
        if (start && !CallFields.BLOCKING.contains(call))
            throw new LocalizedException("lesson.error.waitNotBlocking", call.journalName,
                    String.join(", ", CallFields.BLOCKING.stream().map(c -> c.journalName).sorted().toList()));
        return start;
    }

    /** select's nfds, as the highest fd plus this: 1 ("highest+1", the default), 0 (the slip "highest"). */
    private int selectNfds(JsonNode node) {
        if (!node.has("nfds")) return 1;
        read.at(node, "nfds");
        return switch (node.get("nfds").asText()) {
            case "highest+1" -> 1;
            case "highest" -> 0;
            default -> throw new LocalizedException("lesson.error.badValue", "nfds", node.get("nfds").toString());
        };
    }
}
