package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SafeName;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Request;
import org.socketlab.syscall.AddrInfo;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.ErrnoTable;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SysCall;

/**
 * Reads a step's {@code "expect"}: the result and errno, bytes and data, states, queues, revents, alternatives and
 * segment counts, each checked against what the lesson named so far (a state its kind of socket can have, an accept
 * queue only on a listener).
 */
final class ExpectParser {
    private static final Set<String> EXPECT_FIELDS = Set.of("result", "errno", "bytes", "data", "blocked", "state",
            "queue", "accept_queue",
            "revents", "one_of", "segments", "killed_by");
    /** The signals whose default action may end an endpoint inside a call (issue 39). */
    static final Set<String> KILLING_SIGNALS = Set.of("SIGPIPE", "SIGTERM", "SIGKILL");
    /** Calls whose result is a byte count, the only ones a range of results makes sense for. */
    private static final Set<SocketState> TCP_STATES = Set.of(TcpState.values());
    /** What the kernel observer journals for UDP, and CLOSED once the socket is gone. */
    private static final Set<SocketState> UDP_STATES = Set.of(DgramState.UNBOUND, DgramState.BOUND,
            DgramState.CONNECTED, TcpState.CLOSED);
    /** What unix_diag reports for an AF_UNIX socket (Linux reuses three TCP state numbers), and CLOSED once it is gone. */
    private static final Set<SocketState> UNIX_STATES = Set.of(TcpState.CLOSED, TcpState.LISTEN,
            TcpState.ESTABLISHED);

    private final LessonFieldReader read;
    /** The sockets named so far, and those that called listen(): the parser's own, read as it goes. */
    private final Map<String, StepsSoFar.Named> names;
    private final Set<String> listeners;

    ExpectParser(LessonFieldReader read, Map<String, StepsSoFar.Named> names, Set<String> listeners) {
        this.read = read;
        this.names = names;
        this.listeners = listeners;
    }

    Expect expect(JsonNode node, String call, Step.Kind kind, List<String> polled, int step) {
        read.at(node, "expect");
        JsonNode e = node.get("expect");
        if (e == null || !e.isObject()) throw new LocalizedException("lesson.error.missingField", "expect", call);
        read.onlyFields(e, EXPECT_FIELDS, "expect");
        read.at(e, null);
        boolean outcome = e.has("result") || e.has("errno") || e.has("bytes") || e.has("data") || e.has("one_of")
                || e.has("revents") || e.has("killed_by");
        if (kind == Step.Kind.START && outcome) throw new LocalizedException("lesson.error.resultLater");
        if (kind == Step.Kind.RESET && outcome) throw new LocalizedException("lesson.error.resetNoResult");
        if (kind == Step.Kind.KILL && outcome) throw new LocalizedException("lesson.error.killNoResult");
        if ((kind == Step.Kind.FORK || kind == Step.Kind.EXIT) && outcome)
            throw new LocalizedException("lesson.error.processNoResult", call);
        if (e.has("killed_by")) {
            // The call never returns: nothing else of its outcome can be expected.
            for (String other : List.of("result", "errno", "bytes", "data", "one_of", "revents"))
                if (e.has(other)) throw new LocalizedException("lesson.error.killedAndResult", other);
            read.at(e, "killed_by");
            String signal = read.string(e, "killed_by");
            if (!KILLING_SIGNALS.contains(signal))
                throw new LocalizedException("lesson.error.badSignal", "expect.killed_by", signal,
                        String.join(", ", KILLING_SIGNALS.stream().sorted().toList()));
            return new Expect(new Expect.Result.Killed(signal), null, null, false, states(e), queues(e),
                    acceptQueues(e), Map.of(), List.of(), segments(e, step));
        }
        boolean blocked = false;
        if (e.has("blocked")) {
            read.at(e, "blocked");
            JsonNode b = e.get("blocked");
            if (!b.isBoolean())
                throw new LocalizedException("lesson.error.badValue", "expect.blocked", b.toString());
            blocked = b.asBoolean();
        }
        if (blocked != (kind == Step.Kind.START)) throw new LocalizedException("lesson.error.blockedNeedsNoWait");
        List<Expect.Outcome> oneOf = e.has("one_of") ? oneOf(e, call) : List.of();
        Expect.Result result = kind == Step.Kind.START || kind == Step.Kind.RESET || kind == Step.Kind.KILL
                || kind == Step.Kind.FORK || kind == Step.Kind.EXIT || !oneOf.isEmpty()
                        ? new Expect.Result.None()
                        : result(e, call);
        Integer bytes = e.has("bytes") ? read.integer(e, "bytes", 0, Request.MAX_PAYLOAD) : null;
        String data = e.has("data") ? read.string(e, "data") : null;
        return new Expect(result, bytes, data, blocked, states(e), queues(e), acceptQueues(e),
                revents(e, call, polled), oneOf, segments(e, step));
    }

    /** {@code "one_of": [{"result": "fd", "saw": {...}}, {"result": -1, "errno": "EPERM", "saw": {...}}]}. */
    private List<Expect.Outcome> oneOf(JsonNode e, String call) {
        if (e.has("result") || e.has("errno")) throw new LocalizedException("lesson.error.oneOfAndResult");
        JsonNode list = e.get("one_of");
        if (!list.isArray() || list.size() < 2)
            throw new LocalizedException("lesson.error.badValue", "expect.one_of", list.toString());
        List<Expect.Outcome> outcomes = new ArrayList<>();
        for (JsonNode o : list) {
            if (!o.isObject()) throw new LocalizedException("lesson.error.notObject");
            read.onlyFields(o, Set.of("result", "errno", "saw"), "one_of");
            outcomes.add(new Expect.Outcome(result(o, call), read.text(o, "saw", false)));
        }
        return outcomes;
    }

    /** {@code "revents": {"listener": "POLLIN", "conn": "0"}}: poll only, for the sockets it watched. */
    private Map<String, Set<PollEvent>> revents(JsonNode e, String call,
            List<String> polled) {
        Map<String, Set<PollEvent>> revents = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : objectField(e, "revents")) {
            if (!SysCall.POLL.is(call)) throw new LocalizedException("lesson.error.reventsNotPoll", call);
            if (!polled.contains(entry.getKey()))
                throw new LocalizedException("lesson.error.reventsNotPolled", entry.getKey());
            JsonNode v = entry.getValue();
            if (!v.isTextual())
                throw new LocalizedException("lesson.error.badValue", "revents." + entry.getKey(), v.toString());
            try {
                revents.put(entry.getKey(), PollEvent.parse(v.asText()));
            } catch (IllegalArgumentException bad) {
                throw new LocalizedException("lesson.error.badFlags", "revents." + entry.getKey(), v.asText(),
                        String.join(", ", Arrays.stream(PollEvent.values())
                                .map(Enum::name).toList()));
            }
        }
        return revents;
    }

    private Expect.Result result(JsonNode e, String call) {
        read.at(e, "result");
        JsonNode r = e.get("result");
        if (r == null) throw new LocalizedException("lesson.error.missingField", "expect.result", call);
        Expect.Result result;
        Integer eai = r.isTextual() ? AddrInfo.eaiCode(r.asText()) : null;
        if (SysCall.GETADDRINFO.is(call) && eai != null) // "EAI_NONAME"
            return new Expect.Result.Exact(eai, r.asText());
        if (r.isTextual() && r.asText().equals("fd")) {
            if (!SysCall.SOCKET.is(call) && !SysCall.ACCEPT.is(call))
                throw new LocalizedException("lesson.error.fdResult", call);
            result = new Expect.Result.AnyFd();
        } else if (r.isObject()) {
            if (!movesBytes(call) && !SysCall.WAITPID.is(call))
                throw new LocalizedException("lesson.error.rangeResult", call);
            result = new Expect.Result.Between(range(r, "expect.result"));
        } else if (r.isIntegralNumber() && r.canConvertToLong() && r.asLong() >= -1) {
            result = new Expect.Result.Exact(r.asLong(), null);
        } else {
            throw new LocalizedException("lesson.error.badResult", r.toString());
        }
        String errno = null;
        JsonNode en = e.get("errno");
        if (en != null) read.at(e, "errno");
        if (en != null && !en.isNull()) {
            if (!en.isTextual() || ErrnoTable.LINUX.number(en.asText()).isEmpty())
                throw new LocalizedException("lesson.error.unknownErrno", en.toString());
            errno = en.asText();
        }
        boolean fails = result instanceof Expect.Result.Exact x && x.value() == -1;
        if (fails && errno == null) throw new LocalizedException("lesson.error.errnoNeeded");
        if (!fails && errno != null) throw new LocalizedException("lesson.error.errnoWithoutFailure", errno);
        return result instanceof Expect.Result.Exact x ? new Expect.Result.Exact(x.value(), errno) : result;
    }

    /** {@code "state": {"conn": "CLOSE_WAIT"}}: each name's state must be one its kind of socket can have. */
    private Map<String, SocketState> states(JsonNode e) {
        Map<String, SocketState> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : objectField(e, "state")) {
            read.at(e.get("state"), entry.getKey());
            StepsSoFar.Named named = observed(entry.getKey());
            JsonNode v = entry.getValue();
            Set<SocketState> allowed = named.domain() == Domain.AF_UNIX
                    ? UNIX_STATES
                    : named.type() == SockType.SOCK_STREAM ? TCP_STATES : UDP_STATES;
            SocketState state = v.isTextual() ? SocketState.named(v.asText()).orElse(null) : null;
            if (state == null || !allowed.contains(state))
                throw new LocalizedException("lesson.error.badState", v.toString(), entry.getKey(),
                        String.join(", ", allowed.stream().map(SocketState::journalName).sorted().toList()));
            states.put(entry.getKey(), state);
        }
        return states;
    }

    /** {@code "queue": {"conn": {"recv_q": 8, "send_q": 0}}}, for sockets that are not listeners. */
    private Map<String, Expect.Queues> queues(JsonNode e) {
        Map<String, Expect.Queues> queues = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : objectField(e, "queue")) {
            String name = entry.getKey();
            read.at(e.get("queue"), name);
            observed(name);
            if (listeners.contains(name)) throw new LocalizedException("lesson.error.queueOnListener", name);
            JsonNode q = entry.getValue();
            if (!q.isObject() || q.isEmpty())
                throw new LocalizedException("lesson.error.badQueue", name, q.toString());
            read.onlyFields(q, Set.of("recv_q", "send_q"), "queue." + name);
            queues.put(name, new Expect.Queues(q.has("recv_q") ? range(q.get("recv_q"), "recv_q") : null,
                    q.has("send_q") ? range(q.get("send_q"), "send_q") : null));
        }
        return queues;
    }

    /** {@code "segments": {"from": "client", "kind": "data", "count": {"min": 1, "max": 3}, "since_step": 12}}. */
    private Expect.@Nullable Segments segments(JsonNode e, int step) {
        JsonNode v = e.get("segments");
        if (v == null) return null;
        if (!v.isObject()) throw new LocalizedException("lesson.error.badValue", "expect.segments", v.toString());
        read.onlyFields(v, Set.of("from", "kind", "count", "since_step"), "segments");
        String from = SafeName.check("from", read.string(v, "from"));
        if (!StepsSoFar.ENDPOINT.matcher(from).matches())
            throw new LocalizedException("lesson.error.badEndpoint", from);
        String kind = read.string(v, "kind");
        Expect.SegmentKind k = switch (kind) {
            case "data" -> Expect.SegmentKind.DATA;
            case "bare_ack" -> Expect.SegmentKind.BARE_ACK;
            case "lost" -> Expect.SegmentKind.LOST;
            case "syn" -> Expect.SegmentKind.SYN;
            case "fin" -> Expect.SegmentKind.FIN;
            default -> throw new LocalizedException("lesson.error.badChoice", "kind", kind,
                    "data, bare_ack, lost, syn, fin");
        };
        if (v.get("count") == null) throw new LocalizedException("lesson.error.missingField", "count", "segments");
        int since = v.has("since_step") ? read.integer(v, "since_step", 1, step) : step;
        return new Expect.Segments(from, k, range(v.get("count"), "segments.count"), since);
    }

    /** {@code "accept_queue": {"listener": 2}}: connections done and waiting for accept(). */
    private Map<String, Expect.Range> acceptQueues(JsonNode e) {
        Map<String, Expect.Range> queues = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : objectField(e, "accept_queue")) {
            String name = entry.getKey();
            read.at(e.get("accept_queue"), name);
            observed(name);
            if (!listeners.contains(name)) throw new LocalizedException("lesson.error.notListener", name);
            queues.put(name, range(entry.getValue(), "accept_queue." + name));
        }
        return queues;
    }

    private Iterable<Map.Entry<String, JsonNode>> objectField(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null) return List.of();
        read.at(e, field);
        if (!v.isObject() || v.isEmpty())
            throw new LocalizedException("lesson.error.badValue", "expect." + field, v.toString());
        return v.properties();
    }

    /** A socket named earlier, whose kernel state the observer follows (AF_UNIX too, through unix_diag). */
    private StepsSoFar.Named observed(String name) {
        StepsSoFar.Named named = names.get(name);
        if (named == null) throw new LocalizedException("lesson.error.unknownSocket", name);
        return named;
    }

    /** A whole number >= 0, or {@code {"min": a, "max": b}} with either side optional. */
    private static Expect.Range range(JsonNode v, String field) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0)
            return Expect.Range.exactly(v.asLong());
        if (v.isObject() && !v.isEmpty()) {
            boolean ok = true;
            for (Map.Entry<String, JsonNode> p : v.properties())
                ok &= (p.getKey().equals("min") || p.getKey().equals("max")) && p.getValue().isIntegralNumber()
                        && p.getValue().canConvertToLong() && p.getValue().asLong() >= 0;
            long min = v.path("min").asLong(0), max = v.has("max") ? v.get("max").asLong() : Long.MAX_VALUE;
            if (ok && min <= max) return new Expect.Range(min, max);
        }
        throw new LocalizedException("lesson.error.badRange", field, v.toString());
    }

    /** A lesson call whose result is a byte count: the lab's sends and receives. */
    private static boolean movesBytes(String call) {
        SysCall named = SysCall.named(call);
        return named != null && (named.sendsData() || named.receivesData());
    }
}
