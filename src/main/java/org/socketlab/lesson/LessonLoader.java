package org.socketlab.lesson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Request;
import org.socketlab.lesson.predict.Question;
import org.socketlab.lesson.predict.QuestionFile;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.ErrnoTable;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * Reads lesson files (the shipped {@code org/socketlab/lessons/ID.json}, or any file a user gives) and checks
 * everything before any call is made: a problem fails with one {@link LocalizedException} ({@code lesson.error.at}
 * or {@code lesson.error.step}) that names the file, the line and column, and the step, and carries the detail.
 * The format is published as {@code docs/lesson.schema.json}.
 */
public final class LessonLoader {
    public static final String RESOURCE_DIR = "/org/socketlab/lessons/";
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ENDPOINT = Pattern.compile("(server|client)(-[2-9]|-[1-9][0-9]+)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Set<String> COMMON = Set.of("endpoint", "call", "narration", "expect", "wait", "slide",
            "questions");
    /** Calls that can block, so a step may start them without waiting ({@code "wait": false}). */
    private static final Set<String> BLOCKING = Set.of("accept", "connect", "send", "recv", "sendto", "recvfrom",
            "read", "write", "poll");
    /** Calls whose result is a byte count, the only ones a range of results makes sense for. */
    private static final Set<String> BYTE_COUNTS = Set.of("send", "recv", "sendto", "recvfrom", "read", "write");
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
            Map.entry("getpeername", Set.of("socket")),
            Map.entry("socketpair", Set.of("domain", "type", "as")),
            Map.entry("read", Set.of("socket", "size")),
            Map.entry("write", Set.of("socket", "data")),
            Map.entry("poll", Set.of("sockets", "events", "timeout")));

    /** Each call's allowed fields, the common and optional ones included: docs/lesson.schema.json must say the same (a test checks). */
    static Map<String, Set<String>> fieldsByCall() {
        Map<String, Set<String>> all = new java.util.TreeMap<>();
        FIELDS.forEach((call, fields) -> {
            Set<String> allowed = new java.util.TreeSet<>(COMMON);
            allowed.addAll(fields);
            allowed.addAll(OPTIONAL.getOrDefault(call, Set.of()));
            all.put(call, allowed);
        });
        return all;
    }

    /** Fields a call may leave out: socket's protocol (0), the flags of send and recv (0). */
    private static final Map<String, Set<String>> OPTIONAL = Map.of(
            "socket", Set.of("protocol"),
            "send", Set.of("flags"), "recv", Set.of("flags"), "sendto", Set.of("flags"), "recvfrom", Set.of("flags"));

    private static final Set<String> EXPECT_FIELDS = Set.of("result", "errno", "bytes", "data", "blocked", "state",
            "queue", "accept_queue",
            "revents", "one_of", "segments");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private LessonLoader() {
    }

    /** The lesson shipped with the program under this id. */
    public static Lesson load(String id) {
        if (id == null || !ID.matcher(id).matches())
            throw new LocalizedException("lesson.error.unknown", String.valueOf(id));
        String file = id + ".json";
        try (InputStream in = LessonLoader.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) throw new LocalizedException("lesson.error.unknown", id);
            Lesson lesson = parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!lesson.id().equals(id))
                throw new LocalizedException("lesson.error.file", file,
                        new LocalizedException("lesson.error.idMismatch", lesson.id(), id));
            return lesson;
        } catch (IOException e) {
            throw new LocalizedException("lesson.error.file", file,
                    new LocalizedException("lesson.error.unreadable", e.getMessage()));
        }
    }

    /** Whether {@code socketlab run} was given a file rather than a shipped lesson's id: it has a '/' or ends in .json. */
    public static boolean isPath(String idOrPath) {
        return idOrPath.contains("/") || idOrPath.contains(java.io.File.separator) || idOrPath.endsWith(".json");
    }

    /** {@link #loadFile(Path)} for a path typed by a user (which may not even be a valid path). */
    public static Lesson loadFile(String path) {
        try {
            return loadFile(Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            throw new LocalizedException("lesson.error.file", path, new LocalizedException("lesson.error.noFile"));
        }
    }

    /**
     * A lesson file a user gives ({@code socketlab run path/to/lesson.json}, Lessons -> Open lesson file...), checked
     * as the shipped ones are; its messages name it as given.
     */
    public static Lesson loadFile(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path))
            throw new LocalizedException("lesson.error.file", file, new LocalizedException(Files.isDirectory(path)
                    ? "lesson.error.isFolder"
                    : "lesson.error.noFile"));
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_FILE_BYTES)
                throw new LocalizedException("lesson.error.file", file, new LocalizedException("lesson.error.tooLarge",
                        String.valueOf(MAX_FILE_BYTES / (1024 * 1024))));
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new LocalizedException("lesson.error.file", file,
                    new LocalizedException("lesson.error.unreadable", String.valueOf(e.getMessage())));
        }
        String json = strictUtf8(bytes);
        if (json == null)
            throw new LocalizedException("lesson.error.file", file, new LocalizedException("lesson.error.notUtf8"));
        return parse(file, json);
    }

    /** The bytes as UTF-8 text, or null when they are not UTF-8 (never replaced by U+FFFD: a lesson says exactly what it sends). */
    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A lesson file is a few KiB of text; anything far bigger is not one (and is not read whole into memory). */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    /** Parses and checks one lesson file's text; {@code file} only names it in messages. */
    public static Lesson parse(String file, String json) {
        FileParser parser = new FileParser();
        try {
            return parser.lesson(json);
        } catch (StepProblem p) {
            throw new LocalizedException("lesson.error.step", file, String.valueOf(p.at.line()),
                    String.valueOf(p.at.column()),
                    String.valueOf(p.step), p.label, p.detail);
        } catch (LocalizedException detail) {
            LocatedJson.Position at = parser.here;
            throw new LocalizedException("lesson.error.at", file, String.valueOf(at.line()),
                    String.valueOf(at.column()), detail);
        }
    }

    /** A detail tied to a step and a place; turned into the file-line-and-step message at the top. */
    private static final class StepProblem extends RuntimeException {
        final int step;
        final String label;
        final LocalizedException detail;
        final LocatedJson.Position at;

        StepProblem(int step, String label, LocalizedException detail, LocatedJson.Position at) {
            super(detail.getMessage(), null, false, false);
            this.step = step;
            this.label = label;
            this.detail = detail;
            this.at = at;
        }
    }

    /** "client connect" for a step's node as far as it could be read, as mismatch lines name a step. */
    private static String label(JsonNode node) {
        if (node == null || !node.isObject()) return "?";
        if (node.has("network")) return "network";
        return node.path("endpoint").asText("?") + " "
                + (node.has("finish")
                        ? "finish " + node.path("finish").asText("?")
                        : node.has("reset") ? "reset" : node.path("call").asText("?"));
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
        /** Where each node of the file is; and the place of what is being checked now, which a problem names. */
        private LocatedJson located;
        private LocatedJson.Position here = new LocatedJson.Position(1, 1);
        /**
         * A lesson written by Lessons -> Save session as lesson... ({@code "recorded": true}): its narration may be
         * empty strings, to be filled in; both languages must still be there.
         */
        private boolean recorded;

        /** From now on problems are said to be at this field of {@code node} (its name), or at the node itself. */
        private void at(JsonNode node, String field) {
            if (located != null) here = field == null ? located.of(node) : located.field(node, field);
        }

        Lesson lesson(String json) {
            try {
                located = LocatedJson.read(MAPPER.getFactory(), json);
            } catch (LocatedJson.Broken b) {
                here = b.at;
                if (b.step > 0) throw new StepProblem(b.step, label(b.partialStep), b.detail, b.at);
                throw b.detail;
            }
            JsonNode root = located.root();
            if (root == null || !root.isObject()) throw new LocalizedException("lesson.error.notObject");
            onlyFields(root, Set.of("$schema", "id", "title", "summary", "recorded", "steps", "any_address"), null);
            if (root.has("recorded")) {
                at(root, "recorded");
                if (!root.get("recorded").isBoolean())
                    throw new LocalizedException("lesson.error.badValue", "recorded", root.get("recorded").toString());
                recorded = root.get("recorded").asBoolean();
            }
            if (root.has("$schema")) string(root, "$schema"); // editors' hint where the schema is; only its kind is checked
            if (root.has("any_address")) {
                at(root, "any_address");
                JsonNode any = root.get("any_address");
                if (!any.isBoolean())
                    throw new LocalizedException("lesson.error.badValue", "any_address", any.toString());
                anyAddress = any.asBoolean();
            }
            String id = string(root, "id");
            if (!ID.matcher(id).matches()) throw new LocalizedException("lesson.error.badId", id);
            Text title = text(root, "title", false);
            Text summary = text(root, "summary", false);
            at(root, "steps");
            JsonNode steps = root.get("steps");
            if (steps == null || !steps.isArray() || steps.isEmpty())
                throw new LocalizedException("lesson.error.noSteps");
            List<Step> parsed = new ArrayList<>();
            Map<Integer, List<Question>> questions = new HashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                JsonNode node = steps.get(i);
                at(node, null);
                try {
                    Step step = step(i + 1, node);
                    parsed.add(step);
                    if (node.has("questions"))
                        questions.put(step.number(),
                                QuestionFile.parse(node.get("questions"), step, names::containsKey));
                } catch (LocalizedException detail) {
                    throw new StepProblem(i + 1, label(node), detail, here);
                }
            }
            return new Lesson(id, title, summary, parsed, questions, anyAddress);
        }

        /** The lesson opted in to the wildcard addresses ({@code "any_address": true}). */
        private boolean anyAddress;
        /** The number of the step being read (a segment count may start at it or at an earlier one). */
        private int currentStep;

        private Step step(int number, JsonNode node) {
            currentStep = number;
            if (!node.isObject()) throw new LocalizedException("lesson.error.notObject");
            if (node.has("network")) return network(number, node);
            String endpoint = string(node, "endpoint");
            if (!ENDPOINT.matcher(endpoint).matches())
                throw new LocalizedException("lesson.error.badEndpoint", endpoint);
            int kinds = (node.has("call") ? 1 : 0) + (node.has("finish") ? 1 : 0) + (node.has("reset") ? 1 : 0);
            at(node, null);
            if (kinds != 1) throw new LocalizedException("lesson.error.stepKind");
            if (node.has("finish")) return finish(number, endpoint, node);
            if (node.has("reset")) return reset(number, endpoint, node);
            String call = string(node, "call");
            Set<String> fields = FIELDS.get(call);
            if (fields == null)
                throw new LocalizedException("lesson.error.unknownCall", call,
                        String.join(", ", FIELDS.keySet().stream().sorted().toList()));
            Set<String> allowed = new LinkedHashSet<>(COMMON);
            allowed.addAll(fields);
            allowed.addAll(OPTIONAL.getOrDefault(call, Set.of()));
            onlyFields(node, allowed, call);
            at(node, null);
            for (String f : fields)
                if (node.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, call);
            Text narration = text(node, "narration", recorded);
            Slide slide = slide(node);
            at(node, "call");
            Step busy = waiting.get(endpoint);
            if (busy != null)
                throw new LocalizedException("lesson.error.endpointBusy", endpoint, busy.call(),
                        String.valueOf(busy.number()));
            boolean start = false;
            if (node.has("wait")) {
                at(node, "wait");
                JsonNode w = node.get("wait");
                if (!w.isBoolean()) throw new LocalizedException("lesson.error.badValue", "wait", w.toString());
                start = !w.asBoolean();
                if (start && !BLOCKING.contains(call))
                    throw new LocalizedException("lesson.error.waitNotBlocking", call,
                            String.join(", ", BLOCKING.stream().sorted().toList()));
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
            List<String> sockets = List.of();
            if (call.equals("socketpair")) {
                // "as": ["left", "right"]: the two descriptors of sv[0] and sv[1]
                sockets = names(node, "as", 2, 2);
                for (String n : sockets) newName(n, new Named(endpoint, domain, type));
            } else if (fields.contains("as")) {
                as = string(node, "as");
                newName(as,
                        domain != null
                                ? new Named(endpoint, domain, type)
                                : new Named(endpoint, target.domain(), target.type()));
            }
            if (call.equals("poll")) {
                sockets = names(node, "sockets", 1, 64);
                for (String n : sockets) {
                    Named watched = names.get(n);
                    if (watched == null) throw new LocalizedException("lesson.error.unknownSocket", n);
                    if (!watched.endpoint().equals(endpoint))
                        throw new LocalizedException("lesson.error.otherEndpoint", n, watched.endpoint(), endpoint);
                }
            }
            org.socketlab.syscall.Protocol protocol = node.has("protocol")
                    ? enumValue(org.socketlab.syscall.Protocol.class, node, "protocol")
                    : null;
            Set<org.socketlab.syscall.MsgFlag> flags = node.has("flags")
                    ? flagNames(node, "flags", org.socketlab.syscall.MsgFlag.class)
                    : null;
            Set<org.socketlab.syscall.PollEvent> events = fields.contains("events")
                    ? flagNames(node, "events", org.socketlab.syscall.PollEvent.class)
                    : null;
            Integer timeout = fields.contains("timeout")
                    ? integer(node, "timeout", -1, Request.Poll.MAX_TIMEOUT_MS)
                    : null;
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
            Integer value = fields.contains("value")
                    ? integer(node, "value", Integer.MIN_VALUE, Integer.MAX_VALUE)
                    : null;
            Boolean nonBlocking = null;
            if (fields.contains("nonblocking")) {
                at(node, "nonblocking");
                JsonNode v = node.get("nonblocking");
                if (!v.isBoolean()) throw new LocalizedException("lesson.error.badValue", "nonblocking", v.toString());
                nonBlocking = v.asBoolean();
            }
            if (call.equals("listen")) listeners.add(socket);
            Expect expect = expect(node, call, kind, sockets);
            Step step = new Step(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog,
                    data,
                    size, how, option, value, nonBlocking, narration, expect, kind, protocol, flags, sockets, events,
                    timeout, slide);
            at(node, "call");
            step.request(0, 5000); // the records' own checks (backlog, option, sizes) speak now, not mid-run
            if (start) waiting.put(endpoint, step);
            return step;
        }

        /** {@code "finish": "connect"}: the end of the endpoint's waiting call, with the result it must give. */
        private Step finish(int number, String endpoint, JsonNode node) {
            onlyFields(node, Set.of("endpoint", "finish", "narration", "expect", "slide", "questions"), "finish");
            String call = string(node, "finish");
            Text narration = text(node, "narration", recorded);
            Slide slide = slide(node);
            at(node, "finish");
            Step started = waiting.get(endpoint);
            if (started == null) throw new LocalizedException("lesson.error.nothingToFinish", endpoint);
            if (!started.call().equals(call))
                throw new LocalizedException("lesson.error.finishOther", endpoint, started.call(),
                        String.valueOf(started.number()), call);
            waiting.remove(endpoint);
            Expect expect = expect(node, call, Step.Kind.FINISH, started.sockets());
            return new Step(number, endpoint, call, started.socket(), started.as(), null, null, null, null, null, null,
                    null, null, null, null, null, narration, expect, Step.Kind.FINISH, null, null, started.sockets(),
                    null, null, slide);
        }

        /**
         * {@code "network": {"drop": "data", "direction": "client->server"}} (the next such packet), with {@code "nth": 3}
         * (the third from now on) or {@code "percent": 30, "seed": 7} (a seeded share); or {@code "network": "clear"}.
         */
        private Step network(int number, JsonNode node) {
            onlyFields(node, Set.of("network", "narration", "slide", "questions"), "network");
            Text narration = text(node, "narration", recorded);
            Slide slide = slide(node);
            at(node, "network");
            JsonNode n = node.get("network");
            if (n.isTextual() && n.asText().equals("clear"))
                return Step.network(number, NetworkStep.cleared(),
                        narration, slide);
            if (!n.isObject()) throw new LocalizedException("lesson.error.badValue", "network", n.toString());
            onlyFields(n, Set.of("drop", "direction", "nth", "percent", "seed"), "network");
            at(n, null);
            for (String f : List.of("drop", "direction"))
                if (n.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, "network");
            at(n, "drop");
            String drop = string(n, "drop");
            org.socketlab.lab.DropRule.Kind kind = java.util.Arrays.stream(org.socketlab.lab.DropRule.Kind.values())
                    .filter(k -> k.word().equals(drop)).findFirst().orElseThrow(() -> new LocalizedException(
                            "lesson.error.badChoice", "drop", drop, "any, syn, fin, data, ack"));
            at(n, "direction");
            String way = string(n, "direction");
            org.socketlab.lab.DropRule.Direction direction = java.util.Arrays
                    .stream(org.socketlab.lab.DropRule.Direction.values()).filter(d -> d.word().equals(way))
                    .findFirst().orElseThrow(() -> new LocalizedException("lesson.error.badChoice", "direction", way,
                            "client->server, server->client"));
            if (n.has("nth") && n.has("percent"))
                throw new LocalizedException("lesson.error.badValue", "network", "nth + percent");
            if (n.has("seed") && !n.has("percent"))
                throw new LocalizedException("lesson.error.missingField", "percent", "network");
            int nth = 1, percent = 0;
            long seed = 0;
            if (n.has("nth")) {
                at(n, "nth");
                nth = integer(n, "nth", 1, 1000);
            }
            if (n.has("percent")) {
                at(n, "percent");
                percent = integer(n, "percent", 1, 100);
                nth = 0;
                if (n.get("seed") == null) throw new LocalizedException("lesson.error.missingField", "seed", "network");
                at(n, "seed");
                seed = integer(n, "seed", 0, Integer.MAX_VALUE);
            }
            return Step.network(number, new NetworkStep(false, direction, kind, nth, percent, seed), narration, slide);
        }

        /** {@code "reset": true}: gives up the endpoint's waiting call and closes its sockets. */
        private Step reset(int number, String endpoint, JsonNode node) {
            onlyFields(node, Set.of("endpoint", "reset", "narration", "expect", "slide", "questions"), "reset");
            at(node, "reset");
            JsonNode r = node.get("reset");
            if (!r.isBoolean() || !r.asBoolean())
                throw new LocalizedException("lesson.error.badValue", "reset", r.toString());
            Text narration = text(node, "narration", recorded);
            Slide slide = slide(node);
            Step started = waiting.remove(endpoint);
            Expect expect = expect(node, "reset", Step.Kind.RESET, List.of());
            return new Step(number, endpoint, started == null ? "reset" : started.call(),
                    started == null ? null : started.socket(),
                    null, null, null, null, null, null, null, null, null, null, null, null, narration, expect,
                    Step.Kind.RESET, slide);
        }

        private String address(JsonNode node, Domain domain) {
            String address = string(node, "address");
            if (address.equals(Step.FROM_PLACEHOLDER)) return address; // checked with the call (sendto after a recvfrom)
            // Any real port shows whether the rest is well formed; a literal port is checked as written.
            SockAddr sample = SockAddr.parse(address.replace(Step.PORT_PLACEHOLDER, "5000"), domain);
            // Only the wildcard, and only in a lesson that says it binds it: a lesson file never reaches another machine.
            boolean wildcard = sample instanceof SockAddr.Inet4 v4 && java.util.Arrays.equals(v4.address(), new byte[4])
                    || sample instanceof SockAddr.Inet6 v6 && java.util.Arrays.equals(v6.address(), new byte[16]);
            if (wildcard && !anyAddress)
                throw new LocalizedException("lesson.error.anyAddressNotDeclared", sample.text());
            if (!sample.isLoopback() && !wildcard)
                throw new LocalizedException("input.address.notLoopback", sample.text());
            return address;
        }

        private Expect expect(JsonNode node, String call, Step.Kind kind, List<String> polled) {
            at(node, "expect");
            JsonNode e = node.get("expect");
            if (e == null || !e.isObject()) throw new LocalizedException("lesson.error.missingField", "expect", call);
            onlyFields(e, EXPECT_FIELDS, "expect");
            at(e, null);
            boolean outcome = e.has("result") || e.has("errno") || e.has("bytes") || e.has("data") || e.has("one_of")
                    || e.has("revents");
            if (kind == Step.Kind.START && outcome) throw new LocalizedException("lesson.error.resultLater");
            if (kind == Step.Kind.RESET && outcome) throw new LocalizedException("lesson.error.resetNoResult");
            boolean blocked = false;
            if (e.has("blocked")) {
                at(e, "blocked");
                JsonNode b = e.get("blocked");
                if (!b.isBoolean())
                    throw new LocalizedException("lesson.error.badValue", "expect.blocked", b.toString());
                blocked = b.asBoolean();
            }
            if (blocked != (kind == Step.Kind.START)) throw new LocalizedException("lesson.error.blockedNeedsNoWait");
            List<Expect.Outcome> oneOf = e.has("one_of") ? oneOf(e, call) : List.of();
            Expect.Result result = kind == Step.Kind.START || kind == Step.Kind.RESET || !oneOf.isEmpty()
                    ? new Expect.Result.None()
                    : result(e, call);
            Integer bytes = e.has("bytes") ? integer(e, "bytes", 0, Request.MAX_PAYLOAD) : null;
            String data = e.has("data") ? string(e, "data") : null;
            return new Expect(result, bytes, data, blocked, states(e), queues(e), acceptQueues(e),
                    revents(e, call, polled), oneOf, segments(e));
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
                onlyFields(o, Set.of("result", "errno", "saw"), "one_of");
                outcomes.add(new Expect.Outcome(result(o, call), text(o, "saw", false)));
            }
            return outcomes;
        }

        /** {@code "revents": {"listener": "POLLIN", "conn": "0"}}: poll only, for the sockets it watched. */
        private Map<String, Set<org.socketlab.syscall.PollEvent>> revents(JsonNode e, String call,
                List<String> polled) {
            Map<String, Set<org.socketlab.syscall.PollEvent>> revents = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : objectField(e, "revents")) {
                if (!call.equals("poll")) throw new LocalizedException("lesson.error.reventsNotPoll", call);
                if (!polled.contains(entry.getKey()))
                    throw new LocalizedException("lesson.error.reventsNotPolled", entry.getKey());
                JsonNode v = entry.getValue();
                if (!v.isTextual())
                    throw new LocalizedException("lesson.error.badValue", "revents." + entry.getKey(), v.toString());
                try {
                    revents.put(entry.getKey(), org.socketlab.syscall.PollEvent.parse(v.asText()));
                } catch (IllegalArgumentException bad) {
                    throw new LocalizedException("lesson.error.badFlags", "revents." + entry.getKey(), v.asText(),
                            String.join(", ", java.util.Arrays.stream(org.socketlab.syscall.PollEvent.values())
                                    .map(Enum::name).toList()));
                }
            }
            return revents;
        }

        private Expect.Result result(JsonNode e, String call) {
            at(e, "result");
            JsonNode r = e.get("result");
            if (r == null) throw new LocalizedException("lesson.error.missingField", "expect.result", call);
            Expect.Result result;
            if (r.isTextual() && r.asText().equals("fd")) {
                if (!call.equals("socket") && !call.equals("accept"))
                    throw new LocalizedException("lesson.error.fdResult", call);
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
            if (en != null) at(e, "errno");
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
                at(e.get("state"), entry.getKey());
                Named named = observed(entry.getKey());
                JsonNode v = entry.getValue();
                Set<String> allowed = named.domain() == Domain.AF_UNIX
                        ? UNIX_STATES
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
                at(e.get("queue"), name);
                observed(name);
                if (listeners.contains(name)) throw new LocalizedException("lesson.error.queueOnListener", name);
                JsonNode q = entry.getValue();
                if (!q.isObject() || q.isEmpty())
                    throw new LocalizedException("lesson.error.badQueue", name, q.toString());
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
                case "lost" -> Expect.SegmentKind.LOST;
                case "syn" -> Expect.SegmentKind.SYN;
                case "fin" -> Expect.SegmentKind.FIN;
                default -> throw new LocalizedException("lesson.error.badChoice", "kind", kind,
                        "data, bare_ack, lost, syn, fin");
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
                at(e.get("accept_queue"), name);
                observed(name);
                if (!listeners.contains(name)) throw new LocalizedException("lesson.error.notListener", name);
                queues.put(name, range(entry.getValue(), "accept_queue." + name));
            }
            return queues;
        }

        private Iterable<Map.Entry<String, JsonNode>> objectField(JsonNode e, String field) {
            JsonNode v = e.get(field);
            if (v == null) return List.of();
            at(e, field);
            if (!v.isObject() || v.isEmpty())
                throw new LocalizedException("lesson.error.badValue", "expect." + field, v.toString());
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

        private void onlyFields(JsonNode node, Set<String> allowed, String where) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = property.getKey();
                if (!allowed.contains(name)) {
                    at(node, name);
                    throw new LocalizedException("lesson.error.unknownField", name, where == null ? "lesson" : where,
                            String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        /**
         * A text in both languages; {@code mayBeEmpty} lets a recorded lesson's narration wait to be written (both
         * keys are still needed, so a translator sees what is missing).
         */
        private Text text(JsonNode node, String field, boolean mayBeEmpty) {
            at(node, field);
            JsonNode t = node.get(field);
            if (t == null || !t.isObject()) throw new LocalizedException("lesson.error.missingText", field);
            onlyFields(t, Set.of("es", "en"), field);
            for (String lang : List.of("es", "en")) {
                at(t, lang);
                JsonNode v = t.get(lang);
                if (v == null || !v.isTextual() || (!mayBeEmpty && v.asText().isBlank()))
                    throw new LocalizedException("lesson.error.missingLanguage", field, lang);
            }
            return new Text(t.get("es").asText(), t.get("en").asText());
        }

        /** The step's optional slide for presenter mode: a short title and one sentence, both in es and en. */
        private Slide slide(JsonNode node) {
            if (!node.has("slide")) return null;
            at(node, "slide");
            JsonNode s = node.get("slide");
            if (!s.isObject()) throw new LocalizedException("lesson.error.badValue", "slide", s.toString());
            onlyFields(s, Set.of("title", "text"), "slide");
            return new Slide(text(s, "title", false), text(s, "text", false));
        }

        private void newName(String name, Named named) {
            if (!NAME.matcher(name).matches()) throw new LocalizedException("lesson.error.badName", name);
            if (names.containsKey(name)) throw new LocalizedException("lesson.error.duplicateName", name);
            names.put(name, named);
        }

        /** A list of socket names, {@code min} to {@code max} of them, each at most once. */
        private List<String> names(JsonNode node, String field, int min, int max) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray() || v.size() < min || v.size() > max)
                throw new LocalizedException("lesson.error.badNames", field, String.valueOf(v), String.valueOf(min),
                        String.valueOf(max));
            List<String> out = new ArrayList<>();
            for (JsonNode n : v) {
                if (!n.isTextual() || out.contains(n.asText()))
                    throw new LocalizedException("lesson.error.badNames", field, v.toString(), String.valueOf(min),
                            String.valueOf(max));
                out.add(n.asText());
            }
            return out;
        }

        /** {@code "MSG_PEEK|MSG_WAITALL"}, {@code "POLLIN"}: names of one kind joined with |, at least one. */
        private <E extends Enum<E>> Set<E> flagNames(JsonNode node, String field, Class<E> type) {
            String text = string(node, field);
            java.util.EnumSet<E> set = java.util.EnumSet.noneOf(type);
            try {
                for (String part : text.split("\\|")) set.add(Enum.valueOf(type, part.strip()));
            } catch (IllegalArgumentException bad) {
                throw new LocalizedException("lesson.error.badFlags", field, text,
                        String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
            }
            return set;
        }

        private String string(JsonNode node, String field) {
            at(node, field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull())
                throw new LocalizedException("lesson.error.missingField", field, node.path("call").asText("lesson"));
            if (!v.isTextual()) throw new LocalizedException("lesson.error.badValue", field, v.toString());
            return v.asText();
        }

        private int integer(JsonNode node, String field, int min, int max) {
            at(node, field);
            JsonNode v = node.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max)
                throw new LocalizedException("lesson.error.badNumber", field, String.valueOf(v), String.valueOf(min),
                        String.valueOf(max));
            return v.asInt();
        }

        private <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String field) {
            String text = string(node, field);
            for (E e : type.getEnumConstants()) if (e.name().equals(text)) return e;
            throw new LocalizedException("lesson.error.badChoice", field, text,
                    String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }
}
