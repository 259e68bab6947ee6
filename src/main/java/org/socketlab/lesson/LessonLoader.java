package org.socketlab.lesson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.ErrnoTable;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads lesson files ({@code org/socketlab/lessons/ID.json}) and checks everything before any call is made: a
 * problem fails with one {@link LocalizedException} ({@code lesson.error.file} or {@code lesson.error.step})
 * that names the file and the step and carries the detail.
 */
public final class LessonLoader {
    public static final String RESOURCE_DIR = "/org/socketlab/lessons/";
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ENDPOINT = Pattern.compile("(server|client)(-[2-9]|-[1-9][0-9]+)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Set<String> COMMON = Set.of("endpoint", "call", "narration", "expect", "wait");
    /** Calls that can block, so a step may start them without waiting ({@code "wait": false}). */
    private static final Set<String> BLOCKING = Set.of("accept", "connect", "send", "recv", "sendto", "recvfrom");
    /** Calls whose result is a byte count, the only ones a range of results makes sense for. */
    private static final Set<String> BYTE_COUNTS = Set.of("send", "recv", "sendto", "recvfrom");
    private static final Set<String> TCP_STATES = java.util.Arrays.stream(org.socketlab.kernel.TcpState.values())
            .map(org.socketlab.kernel.TcpState::rfcName).collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** What the kernel observer journals for UDP, and CLOSED once the socket is gone. */
    private static final Set<String> UDP_STATES = Set.of("UNBOUND", "BOUND", "CONNECTED", "CLOSED");
    /** What unix_diag reports for an AF_UNIX socket (Linux reuses three TCP state numbers), and CLOSED once it is gone. */
    private static final Set<String> UNIX_STATES = Set.of("CLOSED", "LISTEN", "ESTABLISHED");

    /** The fields each call takes besides the common ones; all of them are required. */
    private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
            Map.entry("socket", Set.of("domain", "type", "as")),
            Map.entry("bind", Set.of("socket", "address")),
            Map.entry("listen", Set.of("socket", "backlog")),
            Map.entry("accept", Set.of("socket", "as")),
            Map.entry("connect", Set.of("socket", "address")),
            Map.entry("send", Set.of("socket", "data")),
            Map.entry("recv", Set.of("socket", "size")),
            Map.entry("sendto", Set.of("socket", "data", "address")),
            Map.entry("recvfrom", Set.of("socket", "size")),
            Map.entry("shutdown", Set.of("socket", "how")),
            Map.entry("close", Set.of("socket")),
            Map.entry("setsockopt", Set.of("socket", "option", "value")),
            Map.entry("getsockopt", Set.of("socket", "option")),
            Map.entry("fcntl", Set.of("socket", "nonblocking")),
            Map.entry("getsockname", Set.of("socket")),
            Map.entry("getpeername", Set.of("socket")));

    private static final Set<String> EXPECT_FIELDS = Set.of("result", "errno", "bytes", "data", "blocked", "state", "queue", "accept_queue", "segments");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private LessonLoader() {
    }

    /** The lesson shipped with the program under this id. */
    public static Lesson load(String id) {
        if (id == null || !ID.matcher(id).matches()) throw new LocalizedException("lesson.error.unknown", String.valueOf(id));
        String file = id + ".json";
        try (InputStream in = LessonLoader.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) throw new LocalizedException("lesson.error.unknown", id);
            Lesson lesson = parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!lesson.id().equals(id)) throw new LocalizedException("lesson.error.file", file,
                    new LocalizedException("lesson.error.idMismatch", lesson.id(), id));
            return lesson;
        } catch (IOException e) {
            throw new LocalizedException("lesson.error.file", file, new LocalizedException("lesson.error.unreadable", e.getMessage()));
        }
    }

    /** Parses and checks one lesson file's text; {@code file} only names it in messages. */
    public static Lesson parse(String file, String json) {
        try {
            return new FileParser().lesson(json);
        } catch (StepProblem p) {
            throw new LocalizedException("lesson.error.step", file, String.valueOf(p.step), p.label, p.detail);
        } catch (LocalizedException detail) {
            throw new LocalizedException("lesson.error.file", file, detail);
        }
    }

    /** A detail tied to a step; turned into the file-and-step message at the top. */
    private static final class StepProblem extends RuntimeException {
        final int step;
        final String label;
        final LocalizedException detail;

        StepProblem(int step, String label, LocalizedException detail) {
            super(detail.getMessage(), null, false, false);
            this.step = step;
            this.label = label;
            this.detail = detail;
        }
    }

    /** What is known of a named socket while reading: its endpoint and family. */
    private record Named(String endpoint, Domain domain, SockType type) {
    }

    private static final class FileParser {
        private final Map<String, Named> names = new HashMap<>();
        /** Sockets that called recvfrom(): only they may reply to {@value Step#FROM_PLACEHOLDER}. */
        private final Set<String> receivedFrom = new java.util.HashSet<>();
        /** Sockets that called listen(): only they have an accept queue. */
        private final Set<String> listeners = new java.util.HashSet<>();
        /** Per endpoint, the step whose call was left waiting ({@code "wait": false}) and not yet finished or reset. */
        private final Map<String, Step> waiting = new HashMap<>();

        Lesson lesson(String json) {
            JsonNode root;
            try {
                root = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new LocalizedException("lesson.error.json", e.getOriginalMessage(),
                        String.valueOf(e.getLocation() == null ? 0 : e.getLocation().getLineNr()));
            }
            if (root == null || !root.isObject()) throw new LocalizedException("lesson.error.notObject");
            onlyFields(root, Set.of("id", "title", "summary", "steps", "any_address"), null);
            if (root.has("any_address")) {
                JsonNode any = root.get("any_address");
                if (!any.isBoolean()) throw new LocalizedException("lesson.error.badValue", "any_address", any.toString());
                anyAddress = any.asBoolean();
            }
            String id = string(root, "id");
            if (!ID.matcher(id).matches()) throw new LocalizedException("lesson.error.badId", id);
            Text title = text(root, "title");
            Text summary = text(root, "summary");
            JsonNode steps = root.get("steps");
            if (steps == null || !steps.isArray() || steps.isEmpty()) throw new LocalizedException("lesson.error.noSteps");
            List<Step> parsed = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                JsonNode node = steps.get(i);
                String label = !node.isObject() ? "?" : node.path("endpoint").asText("?") + " "
                        + (node.has("finish") ? "finish " + node.path("finish").asText("?") : node.has("reset") ? "reset" : node.path("call").asText("?"));
                try {
                    parsed.add(step(i + 1, node));
                } catch (LocalizedException detail) {
                    throw new StepProblem(i + 1, label, detail);
                }
            }
            return new Lesson(id, title, summary, parsed, anyAddress);
        }

        /** The lesson opted in to the wildcard addresses ({@code "any_address": true}). */
        private boolean anyAddress;
        /** The number of the step being read (a segment count may start at it or at an earlier one). */
        private int currentStep;

        private Step step(int number, JsonNode node) {
            currentStep = number;
            if (!node.isObject()) throw new LocalizedException("lesson.error.notObject");
            String endpoint = string(node, "endpoint");
            if (!ENDPOINT.matcher(endpoint).matches()) throw new LocalizedException("lesson.error.badEndpoint", endpoint);
            int kinds = (node.has("call") ? 1 : 0) + (node.has("finish") ? 1 : 0) + (node.has("reset") ? 1 : 0);
            if (kinds != 1) throw new LocalizedException("lesson.error.stepKind");
            if (node.has("finish")) return finish(number, endpoint, node);
            if (node.has("reset")) return reset(number, endpoint, node);
            String call = string(node, "call");
            Set<String> fields = FIELDS.get(call);
            if (fields == null) throw new LocalizedException("lesson.error.unknownCall", call, String.join(", ", FIELDS.keySet().stream().sorted().toList()));
            Set<String> allowed = new LinkedHashSet<>(COMMON);
            allowed.addAll(fields);
            onlyFields(node, allowed, call);
            for (String f : fields) if (node.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, call);
            Text narration = text(node, "narration");
            Step busy = waiting.get(endpoint);
            if (busy != null) throw new LocalizedException("lesson.error.endpointBusy", endpoint, busy.call(), String.valueOf(busy.number()));
            boolean start = false;
            if (node.has("wait")) {
                JsonNode w = node.get("wait");
                if (!w.isBoolean()) throw new LocalizedException("lesson.error.badValue", "wait", w.toString());
                start = !w.asBoolean();
                if (start && !BLOCKING.contains(call))
                    throw new LocalizedException("lesson.error.waitNotBlocking", call, String.join(", ", BLOCKING.stream().sorted().toList()));
            }
            Step.Kind kind = start ? Step.Kind.START : Step.Kind.CALL;

            Named target = null;
            String socket = null;
            if (fields.contains("socket")) {
                socket = string(node, "socket");
                target = names.get(socket);
                if (target == null) throw new LocalizedException("lesson.error.unknownSocket", socket);
                if (!target.endpoint().equals(endpoint))
                    throw new LocalizedException("lesson.error.otherEndpoint", socket, target.endpoint(), endpoint);
            }
            Domain domain = fields.contains("domain") ? enumValue(Domain.class, node, "domain") : null;
            SockType type = fields.contains("type") ? enumValue(SockType.class, node, "type") : null;
            String as = null;
            if (fields.contains("as")) {
                as = string(node, "as");
                if (!NAME.matcher(as).matches()) throw new LocalizedException("lesson.error.badName", as);
                if (names.containsKey(as)) throw new LocalizedException("lesson.error.duplicateName", as);
                names.put(as, domain != null ? new Named(endpoint, domain, type) : new Named(endpoint, target.domain(), target.type()));
            }
            Domain addressDomain = target == null ? null : target.domain();
            String address = fields.contains("address") ? address(node, addressDomain) : null;
            if (Step.FROM_PLACEHOLDER.equals(address) && (!call.equals("sendto") || !receivedFrom.contains(socket)))
                throw new LocalizedException("lesson.error.fromWithoutRecvfrom", socket);
            if (call.equals("recvfrom")) receivedFrom.add(socket);
            Integer backlog = fields.contains("backlog") ? integer(node, "backlog", 0, 4096) : null;
            String data = fields.contains("data") ? string(node, "data") : null;
            if (data != null && data.getBytes(StandardCharsets.UTF_8).length > Request.MAX_PAYLOAD)
                throw new LocalizedException("input.payload.tooLarge", data.length(), Request.MAX_PAYLOAD);
            Integer size = fields.contains("size") ? integer(node, "size", 1, Request.MAX_PAYLOAD) : null;
            ShutdownHow how = fields.contains("how") ? enumValue(ShutdownHow.class, node, "how") : null;
            SocketOption option = fields.contains("option") ? enumValue(SocketOption.class, node, "option") : null;
            Integer value = fields.contains("value") ? integer(node, "value", Integer.MIN_VALUE, Integer.MAX_VALUE) : null;
            Boolean nonBlocking = null;
            if (fields.contains("nonblocking")) {
                JsonNode v = node.get("nonblocking");
                if (!v.isBoolean()) throw new LocalizedException("lesson.error.badValue", "nonblocking", v.toString());
                nonBlocking = v.asBoolean();
            }
            if (call.equals("listen")) listeners.add(socket);
            Expect expect = expect(node, call, kind);
            Step step = new Step(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog, data,
                    size, how, option, value, nonBlocking, narration, expect, kind);
            step.request(0, 5000); // the records' own checks (backlog, option, sizes) speak now, not mid-run
            if (start) waiting.put(endpoint, step);
            return step;
        }

        /** {@code "finish": "connect"}: the end of the endpoint's waiting call, with the result it must give. */
        private Step finish(int number, String endpoint, JsonNode node) {
            onlyFields(node, Set.of("endpoint", "finish", "narration", "expect"), "finish");
            String call = string(node, "finish");
            Text narration = text(node, "narration");
            Step started = waiting.get(endpoint);
            if (started == null) throw new LocalizedException("lesson.error.nothingToFinish", endpoint);
            if (!started.call().equals(call))
                throw new LocalizedException("lesson.error.finishOther", endpoint, started.call(), String.valueOf(started.number()), call);
            waiting.remove(endpoint);
            Expect expect = expect(node, call, Step.Kind.FINISH);
            return new Step(number, endpoint, call, started.socket(), started.as(), null, null, null, null, null, null,
                    null, null, null, null, null, narration, expect, Step.Kind.FINISH);
        }

        /** {@code "reset": true}: gives up the endpoint's waiting call and closes its sockets. */
        private Step reset(int number, String endpoint, JsonNode node) {
            onlyFields(node, Set.of("endpoint", "reset", "narration", "expect"), "reset");
            JsonNode r = node.get("reset");
            if (!r.isBoolean() || !r.asBoolean()) throw new LocalizedException("lesson.error.badValue", "reset", r.toString());
            Text narration = text(node, "narration");
            Step started = waiting.remove(endpoint);
            Expect expect = expect(node, "reset", Step.Kind.RESET);
            return new Step(number, endpoint, started == null ? "reset" : started.call(), started == null ? null : started.socket(),
                    null, null, null, null, null, null, null, null, null, null, null, null, narration, expect, Step.Kind.RESET);
        }

        private String address(JsonNode node, Domain domain) {
            String address = string(node, "address");
            if (address.equals(Step.FROM_PLACEHOLDER)) return address; // checked with the call (sendto after a recvfrom)
            // Any real port shows whether the rest is well formed; a literal port is checked as written.
            SockAddr sample = SockAddr.parse(address.replace(Step.PORT_PLACEHOLDER, "5000"), domain);
            // Only the wildcard, and only in a lesson that says it binds it: a lesson file never reaches another machine.
            boolean wildcard = sample instanceof SockAddr.Inet4 v4 && java.util.Arrays.equals(v4.address(), new byte[4])
                    || sample instanceof SockAddr.Inet6 v6 && java.util.Arrays.equals(v6.address(), new byte[16]);
            if (wildcard && !anyAddress) throw new LocalizedException("lesson.error.anyAddressNotDeclared", sample.text());
            if (!sample.isLoopback() && !wildcard) throw new LocalizedException("input.address.notLoopback", sample.text());
            return address;
        }

        private Expect expect(JsonNode node, String call, Step.Kind kind) {
            JsonNode e = node.get("expect");
            if (e == null || !e.isObject()) throw new LocalizedException("lesson.error.missingField", "expect", call);
            onlyFields(e, EXPECT_FIELDS, "expect");
            boolean outcome = e.has("result") || e.has("errno") || e.has("bytes") || e.has("data");
            if (kind == Step.Kind.START && outcome) throw new LocalizedException("lesson.error.resultLater");
            if (kind == Step.Kind.RESET && outcome) throw new LocalizedException("lesson.error.resetNoResult");
            boolean blocked = false;
            if (e.has("blocked")) {
                JsonNode b = e.get("blocked");
                if (!b.isBoolean()) throw new LocalizedException("lesson.error.badValue", "expect.blocked", b.toString());
                blocked = b.asBoolean();
            }
            if (blocked != (kind == Step.Kind.START)) throw new LocalizedException("lesson.error.blockedNeedsNoWait");
            Expect.Result result = kind == Step.Kind.START || kind == Step.Kind.RESET ? new Expect.Result.None() : result(e, call);
            Integer bytes = e.has("bytes") ? integer(e, "bytes", 0, Request.MAX_PAYLOAD) : null;
            String data = e.has("data") ? string(e, "data") : null;
            return new Expect(result, bytes, data, blocked, states(e), queues(e), acceptQueues(e), segments(e));
        }

        private Expect.Result result(JsonNode e, String call) {
            JsonNode r = e.get("result");
            if (r == null) throw new LocalizedException("lesson.error.missingField", "expect.result", call);
            Expect.Result result;
            if (r.isTextual() && r.asText().equals("fd")) {
                if (!call.equals("socket") && !call.equals("accept")) throw new LocalizedException("lesson.error.fdResult", call);
                result = new Expect.Result.AnyFd();
            } else if (r.isObject()) {
                if (!BYTE_COUNTS.contains(call)) throw new LocalizedException("lesson.error.rangeResult", call);
                result = new Expect.Result.Between(range(r, "expect.result"));
            } else if (r.isIntegralNumber() && r.canConvertToLong() && r.asLong() >= -1) {
                result = new Expect.Result.Exact(r.asLong(), null);
            } else {
                throw new LocalizedException("lesson.error.badResult", r.toString());
            }
            String errno = null;
            JsonNode en = e.get("errno");
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
        private Map<String, String> states(JsonNode e) {
            Map<String, String> states = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : objectField(e, "state")) {
                Named named = observed(entry.getKey());
                JsonNode v = entry.getValue();
                Set<String> allowed = named.domain() == Domain.AF_UNIX ? UNIX_STATES
                        : named.type() == SockType.SOCK_STREAM ? TCP_STATES : UDP_STATES;
                if (!v.isTextual() || !allowed.contains(v.asText()))
                    throw new LocalizedException("lesson.error.badState", v.toString(), entry.getKey(),
                            String.join(", ", allowed.stream().sorted().toList()));
                states.put(entry.getKey(), v.asText());
            }
            return states;
        }

        /** {@code "queue": {"conn": {"recv_q": 8, "send_q": 0}}}, for sockets that are not listeners. */
        private Map<String, Expect.Queues> queues(JsonNode e) {
            Map<String, Expect.Queues> queues = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : objectField(e, "queue")) {
                String name = entry.getKey();
                observed(name);
                if (listeners.contains(name)) throw new LocalizedException("lesson.error.queueOnListener", name);
                JsonNode q = entry.getValue();
                if (!q.isObject() || q.isEmpty()) throw new LocalizedException("lesson.error.badQueue", name, q.toString());
                onlyFields(q, Set.of("recv_q", "send_q"), "queue." + name);
                queues.put(name, new Expect.Queues(q.has("recv_q") ? range(q.get("recv_q"), "recv_q") : null,
                        q.has("send_q") ? range(q.get("send_q"), "send_q") : null));
            }
            return queues;
        }

        /** {@code "segments": {"from": "client", "kind": "data", "count": {"min": 1, "max": 3}, "since_step": 12}}. */
        private Expect.Segments segments(JsonNode e) {
            JsonNode v = e.get("segments");
            if (v == null) return null;
            if (!v.isObject()) throw new LocalizedException("lesson.error.badValue", "expect.segments", v.toString());
            onlyFields(v, Set.of("from", "kind", "count", "since_step"), "segments");
            String from = string(v, "from");
            if (!ENDPOINT.matcher(from).matches()) throw new LocalizedException("lesson.error.badEndpoint", from);
            String kind = string(v, "kind");
            Expect.SegmentKind k = switch (kind) {
                case "data" -> Expect.SegmentKind.DATA;
                case "bare_ack" -> Expect.SegmentKind.BARE_ACK;
                default -> throw new LocalizedException("lesson.error.badChoice", "kind", kind, "data, bare_ack");
            };
            if (v.get("count") == null) throw new LocalizedException("lesson.error.missingField", "count", "segments");
            int since = v.has("since_step") ? integer(v, "since_step", 1, currentStep) : currentStep;
            return new Expect.Segments(from, k, range(v.get("count"), "segments.count"), since);
        }

        /** {@code "accept_queue": {"listener": 2}}: connections done and waiting for accept(). */
        private Map<String, Expect.Range> acceptQueues(JsonNode e) {
            Map<String, Expect.Range> queues = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : objectField(e, "accept_queue")) {
                String name = entry.getKey();
                observed(name);
                if (!listeners.contains(name)) throw new LocalizedException("lesson.error.notListener", name);
                queues.put(name, range(entry.getValue(), "accept_queue." + name));
            }
            return queues;
        }

        private static Iterable<Map.Entry<String, JsonNode>> objectField(JsonNode e, String field) {
            JsonNode v = e.get(field);
            if (v == null) return List.of();
            if (!v.isObject() || v.isEmpty()) throw new LocalizedException("lesson.error.badValue", "expect." + field, v.toString());
            return v.properties();
        }

        /** A socket named earlier, whose kernel state the observer follows (AF_UNIX too, through unix_diag). */
        private Named observed(String name) {
            Named named = names.get(name);
            if (named == null) throw new LocalizedException("lesson.error.unknownSocket", name);
            return named;
        }

        /** A whole number >= 0, or {@code {"min": a, "max": b}} with either side optional. */
        private static Expect.Range range(JsonNode v, String field) {
            if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) return Expect.Range.exactly(v.asLong());
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

        private void onlyFields(JsonNode node, Set<String> allowed, String where) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = property.getKey();
                if (!allowed.contains(name))
                    throw new LocalizedException("lesson.error.unknownField", name, where == null ? "lesson" : where,
                            String.join(", ", allowed.stream().sorted().toList()));
            }
        }

        private Text text(JsonNode node, String field) {
            JsonNode t = node.get(field);
            if (t == null || !t.isObject()) throw new LocalizedException("lesson.error.missingText", field);
            onlyFields(t, Set.of("es", "en"), field);
            String es = t.path("es").asText("");
            String en = t.path("en").asText("");
            if (!t.path("es").isTextual() || es.isBlank()) throw new LocalizedException("lesson.error.missingLanguage", field, "es");
            if (!t.path("en").isTextual() || en.isBlank()) throw new LocalizedException("lesson.error.missingLanguage", field, "en");
            return new Text(es, en);
        }

        private static String string(JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) throw new LocalizedException("lesson.error.missingField", field, node.path("call").asText("lesson"));
            if (!v.isTextual()) throw new LocalizedException("lesson.error.badValue", field, v.toString());
            return v.asText();
        }

        private static int integer(JsonNode node, String field, int min, int max) {
            JsonNode v = node.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max)
                throw new LocalizedException("lesson.error.badNumber", field, String.valueOf(v), String.valueOf(min), String.valueOf(max));
            return v.asInt();
        }

        private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String field) {
            String text = string(node, field);
            for (E e : type.getEnumConstants()) if (e.name().equals(text)) return e;
            throw new LocalizedException("lesson.error.badChoice", field, text,
                    String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }
}
