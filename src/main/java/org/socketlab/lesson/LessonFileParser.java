package org.socketlab.lesson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.DropRule;
import org.socketlab.lab.LabFolder;
import org.socketlab.lab.LabHosts;
import org.socketlab.lab.Request;
import org.socketlab.lab.SafeName;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.QuestionFile;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * Parses one lesson file's text into a {@link Lesson}, step by step, checking each step against the ones before it
 * (a socket is named before it is used, on its own endpoint; a waiting call is finished or reset before the endpoint
 * calls again). One parser reads one file. Its {@code "expect"} objects are read by {@link ExpectParser}.
 */
final class LessonFileParser {
    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern ENDPOINT = Pattern.compile("(server|client)(-[2-9]|-[1-9][0-9]+)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Set<String> COMMON = Set.of("endpoint", "call", "narration", "expect", "wait", "slide",
            "questions", "together", "said", "check");
    /** Calls that can block, so a step may start them without waiting ({@code "wait": false}). */
    private static final Set<String> BLOCKING = Set.of("accept", "connect", "send", "recv", "sendto", "recvfrom",
            "read", "write", "poll", "select");

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
            Map.entry("poll", Set.of("sockets", "events", "timeout")),
            Map.entry("select", Set.of("sockets", "timeout")),
            Map.entry("signal", Set.of("signal", "handler")),
            Map.entry("waitpid", Set.of("pid")),
            Map.entry("getaddrinfo", Set.of("node", "service")));

    /** Each call's allowed fields, the common and optional ones included: docs/lesson.schema.json must say the same (a test checks). */
    static Map<String, Set<String>> fieldsByCall() {
        Map<String, Set<String>> all = new TreeMap<>();
        FIELDS.forEach((call, fields) -> {
            Set<String> allowed = new TreeSet<>(COMMON);
            allowed.addAll(fields);
            allowed.addAll(OPTIONAL.getOrDefault(call, Set.of()));
            all.put(call, allowed);
        });
        return all;
    }

    /** Fields a call may leave out: socket's protocol (0), the flags of send and recv (0). */
    private static final Map<String, Set<String>> OPTIONAL = Map.of(
            "socket", Set.of("protocol"),
            "send", Set.of("flags", "rest_of"), "recv", Set.of("flags"), "sendto", Set.of("flags"), "recvfrom",
            Set.of("flags"), "select", Set.of("nfds"), "waitpid", Set.of("options"), "getaddrinfo",
            Set.of("family", "type", "ai_flags"), "signal", Set.of("sa_flags"));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** What is known of a named socket while reading: its endpoint and family. */
    record Named(String endpoint, Domain domain, SockType type) {
    }

    /** A detail tied to a step and a place; turned into the file-line-and-step message at the top. */
    static final class StepProblem extends RuntimeException {
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

    private final Map<String, Named> names = new HashMap<>();
    /** Sockets that called recvfrom(): only they may reply to {@value Step#FROM_PLACEHOLDER}. */
    private final Set<String> receivedFrom = new HashSet<>();
    /** Sockets that called listen(): only they have an accept queue. */
    private final Set<String> listeners = new HashSet<>();
    /** Per endpoint, the step whose call was left waiting ({@code "wait": false}) and not yet finished or reset. */
    private final Map<String, Step> waiting = new HashMap<>();
    final LessonFieldReader read = new LessonFieldReader();
    private final ExpectParser expects = new ExpectParser(read, names, listeners);
    private final ForkSteps forks = new ForkSteps(read, expects, names, this::newName);
    private final SignalSteps signals = new SignalSteps(read, expects);
    /**
     * A lesson written by Lessons -> Save session as lesson... ({@code "recorded": true}): its narration may be
     * empty strings, to be filled in; both languages must still be there.
     */
    private boolean recorded;
    /**
     * Whether the lessons run in the private lab network, where an abstract Unix name ({@code @name}) is the lab's own;
     * on this computer's network a lesson naming one is refused.
     */
    private final boolean privateNetwork;

    LessonFileParser(boolean privateNetwork) {
        this.privateNetwork = privateNetwork;
    }

    /** "client connect" for a step's node as far as it could be read, as mismatch lines name a step. */
    private static String label(JsonNode node) {
        if (node == null || !node.isObject()) return "?";
        if (node.has("network")) return "network";
        // Shown as it can be on one line: the step may be refused for a name holding a line break.
        return SafeName.shown(node.path("endpoint").asText("?")) + " "
                + (node.has("finish")
                        ? "finish " + SafeName.shown(node.path("finish").asText("?"))
                        : node.has("reset")
                                ? "reset"
                                : node.has("hand_over")
                                        ? "hand_over"
                                        : node.has("kill") ? "kill" : SafeName.shown(node.path("call").asText("?")));
    }

    Lesson lesson(String json) {
        LocatedJson located;
        try {
            located = LocatedJson.read(MAPPER.getFactory(), json);
        } catch (LocatedJson.Broken b) {
            read.here = b.at;
            if (b.step > 0) throw new StepProblem(b.step, label(b.partialStep), b.detail, b.at);
            throw b.detail;
        }
        read.located = located;
        JsonNode root = located.root();
        if (root == null || !root.isObject()) throw new LocalizedException("lesson.error.notObject");
        read.onlyFields(root, Set.of("$schema", "id", "title", "summary", "recorded", "steps", "any_address", "hosts",
                "link", "two_hosts_steps"),
                null);
        if (root.has("recorded")) {
            read.at(root, "recorded");
            if (!root.get("recorded").isBoolean())
                throw new LocalizedException("lesson.error.badValue", "recorded", root.get("recorded").toString());
            recorded = root.get("recorded").asBoolean();
        }
        if (root.has("$schema")) read.string(root, "$schema"); // editors' hint where the schema is; only its kind is checked
        if (root.has("any_address")) {
            read.at(root, "any_address");
            JsonNode any = root.get("any_address");
            if (!any.isBoolean())
                throw new LocalizedException("lesson.error.badValue", "any_address", any.toString());
            anyAddress = any.asBoolean();
        }
        String id = read.string(root, "id");
        SafeName.check("id", id);
        if (!ID.matcher(id).matches()) throw new LocalizedException("lesson.error.badId", id);
        Text title = read.text(root, "title", false);
        Text summary = read.text(root, "summary", false);
        LabHosts hosts = root.has("hosts") ? LessonHosts.read(root, read) : null;
        if (hosts != null) declaredHosts = hosts;
        Integer linkKbit = root.has("link") ? LessonHosts.linkRate(root, read, hosts) : null;
        read.at(root, "steps");
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty())
            throw new LocalizedException("lesson.error.noSteps");
        List<Step> parsed = new ArrayList<>();
        Map<Integer, List<Question>> questions = new HashMap<>();
        Map<Integer, Told> told = new HashMap<>();
        // Steps only for two machines (issue 40) follow the others, numbered on; they may name the link's addresses.
        JsonNode tail = root.get("two_hosts_steps");
        if (tail != null && (!tail.isArray() || hosts != null)) {
            read.at(root, "two_hosts_steps");
            throw new LocalizedException("lesson.error.badValue", "two_hosts_steps", tail.toString());
        }
        int all = steps.size() + (tail == null ? 0 : tail.size());
        for (int i = 0; i < all; i++) {
            boolean onTwo = i >= steps.size();
            JsonNode node = onTwo ? tail.get(i - steps.size()) : steps.get(i);
            read.at(node, null);
            try {
                onTwoHostsOnly = onTwo;
                Step step = step(i + 1, node);
                (onTwo ? tailParsed : parsed).add(step);
                if (node.has("questions"))
                    questions.put(step.number(),
                            QuestionFile.parse(node.get("questions"), step, names::containsKey, all));
                Told t = told(node, i + 1);
                if (t != Told.NOTHING) told.put(step.number(), t);
            } catch (LocalizedException detail) {
                throw new StepProblem(i + 1, label(node), detail, read.here);
            }
        }
        return new Lesson(id, title, summary, parsed, questions, anyAddress, told, hosts, linkKbit, tailParsed);
    }

    /** The lesson's two machines ({@code "hosts"}, issue 40), or null: everything on one machine. */
    private LabHosts declaredHosts;
    /** Whether the step being read runs only on two machines ({@code "two_hosts_steps"}): the link's addresses. */
    private boolean onTwoHostsOnly;
    private final List<Step> tailParsed = new ArrayList<>();

    /**
     * A step's {@code together}, {@code said} and {@code check}: what it tells and checks of its own run. A step run
     * together with the one before it asks no question of its own (a person answering would delay it).
     */
    private Told told(JsonNode node, int number) {
        if (!node.has("together") && !node.has("said") && !node.has("check") && !node.has("rest_of"))
            return Told.NOTHING;
        List<Integer> restOf = new ArrayList<>();
        if (node.has("rest_of")) {
            read.at(node, "rest_of");
            JsonNode r = node.get("rest_of");
            for (JsonNode n : r.isArray() ? r : List.of(r)) {
                if (!n.isIntegralNumber() || n.asInt() < 1 || n.asInt() >= number
                        || !"send".equals(node.path("call").asText()))
                    throw new LocalizedException("lesson.error.badValue", "rest_of", r.toString());
                restOf.add(n.asInt());
            }
        }
        boolean together = false;
        if (node.has("together")) {
            read.at(node, "together");
            if (!node.get("together").isBoolean())
                throw new LocalizedException("lesson.error.badValue", "together", node.get("together").toString());
            together = node.get("together").asBoolean();
            if (together && number == 1)
                throw new LocalizedException("lesson.error.badValue", "together", node.get("together").toString());
            if (together && node.has("questions"))
                throw new LocalizedException("lesson.error.togetherQuestions");
        }
        List<Told.Said> said = new ArrayList<>();
        if (node.has("said")) {
            read.at(node, "said");
            JsonNode list = node.get("said");
            if (!list.isArray() || list.isEmpty())
                throw new LocalizedException("lesson.error.badValue", "said", list.toString());
            for (JsonNode one : list) {
                read.at(one, null);
                if (!one.isObject()) throw new LocalizedException("lesson.error.notObject");
                read.onlyFields(one, Set.of("if", "text"), "said");
                RunExpr.Condition when = one.has("if") ? RunExpr.condition(read.string(one, "if")) : null;
                Text text = read.text(one, "text", false);
                RunExpr.checkPlaceholders(text.es());
                RunExpr.checkPlaceholders(text.en());
                said.add(new Told.Said(when, text));
            }
        }
        List<RunExpr.Condition> checks = new ArrayList<>();
        if (node.has("check")) {
            read.at(node, "check");
            JsonNode list = node.get("check");
            if (!list.isArray() || list.isEmpty())
                throw new LocalizedException("lesson.error.badValue", "check", list.toString());
            for (JsonNode one : list) {
                if (!one.isTextual()) throw new LocalizedException("lesson.error.badValue", "check", one.toString());
                checks.add(RunExpr.condition(one.asText()));
            }
        }
        return new Told(together, said, checks, restOf);
    }

    /** The lesson opted in to the wildcard addresses ({@code "any_address": true}). */
    private boolean anyAddress;

    private Step step(int number, JsonNode node) {
        if (!node.isObject()) throw new LocalizedException("lesson.error.notObject");
        if (node.has("network")) return network(number, node);
        String endpoint = SafeName.check("endpoint", read.string(node, "endpoint"));
        if (!ENDPOINT.matcher(endpoint).matches())
            throw new LocalizedException("lesson.error.badEndpoint", endpoint);
        if (declaredHosts != null) LessonHosts.requirePlaced(declaredHosts, endpoint);
        int kinds = (node.has("call") ? 1 : 0) + (node.has("finish") ? 1 : 0) + (node.has("reset") ? 1 : 0)
                + (node.has("hand_over") ? 1 : 0) + (node.has("kill") ? 1 : 0) + (node.has("fork") ? 1 : 0)
                + (node.has("exit") ? 1 : 0);
        read.at(node, null);
        if (kinds != 1) throw new LocalizedException("lesson.error.stepKind");
        if (node.has("finish")) return finish(number, endpoint, node);
        if (node.has("reset")) return reset(number, endpoint, node);
        if (node.has("hand_over")) return handOver(number, endpoint, node);
        if (node.has("kill")) return signals.kill(number, endpoint, node, recorded, waiting);
        if (node.has("fork")) {
            Step fork = forks.fork(number, endpoint, node, recorded, waiting.get(endpoint));
            signals.forked(endpoint, fork.handTo());
            return fork;
        }
        if (node.has("exit")) {
            waiting.remove(endpoint); // a call it waited in ends with it
            return forks.exit(number, endpoint, node, recorded);
        }
        String call = read.string(node, "call");
        Set<String> fields = FIELDS.get(call);
        if (fields == null)
            throw new LocalizedException("lesson.error.unknownCall", call,
                    String.join(", ", FIELDS.keySet().stream().sorted().toList()));
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        allowed.addAll(fields);
        allowed.addAll(OPTIONAL.getOrDefault(call, Set.of()));
        read.onlyFields(node, allowed, call);
        read.at(node, null);
        for (String f : fields)
            if (node.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, call);
        Text narration = read.text(node, "narration", recorded);
        Slide slide = read.slide(node);
        read.at(node, "call");
        Step busy = waiting.get(endpoint);
        if (busy != null)
            throw new LocalizedException("lesson.error.endpointBusy", endpoint, busy.call(),
                    String.valueOf(busy.number()));
        boolean start = false;
        if (node.has("wait")) {
            read.at(node, "wait");
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
            socket = read.string(node, "socket");
            target = names.get(socket);
            if (target == null) throw new LocalizedException("lesson.error.unknownSocket", socket);
            if (!target.endpoint().equals(endpoint))
                throw new LocalizedException("lesson.error.otherEndpoint", socket, target.endpoint(), endpoint);
        }
        Domain domain = fields.contains("domain") ? read.enumValue(Domain.class, node, "domain") : null;
        SockType type = fields.contains("type") ? read.enumValue(SockType.class, node, "type") : null;
        String as = null;
        List<String> sockets = List.of();
        if (call.equals("socketpair")) {
            // "as": ["left", "right"]: the two descriptors of sv[0] and sv[1]
            sockets = read.names(node, "as", 2, 2);
            for (String n : sockets) newName(n, new Named(endpoint, domain, type));
        } else if (fields.contains("as")) {
            as = read.string(node, "as");
            newName(as,
                    domain != null
                            ? new Named(endpoint, domain, type)
                            : new Named(endpoint, target.domain(), target.type()));
        }
        if (call.equals("poll") || call.equals("select")) {
            sockets = read.names(node, "sockets", 1, 64);
            for (String n : sockets) {
                Named watched = names.get(n);
                if (watched == null) throw new LocalizedException("lesson.error.unknownSocket", n);
                if (!watched.endpoint().equals(endpoint))
                    throw new LocalizedException("lesson.error.otherEndpoint", n, watched.endpoint(), endpoint);
            }
        }
        Protocol protocol = node.has("protocol")
                ? read.enumValue(Protocol.class, node, "protocol")
                : null;
        Set<MsgFlag> flags = node.has("flags")
                ? read.flagNames(node, "flags", MsgFlag.class)
                : null;
        Set<PollEvent> events = fields.contains("events")
                ? read.flagNames(node, "events", PollEvent.class)
                : null;
        Integer timeout = fields.contains("timeout")
                ? read.integer(node, "timeout", -1, Request.Poll.MAX_TIMEOUT_MS)
                : null;
        Domain addressDomain = target == null ? null : target.domain();
        String address = fields.contains("address") ? address(node, addressDomain) : null;
        if (Step.FROM_PLACEHOLDER.equals(address) && (!call.equals("sendto") || !receivedFrom.contains(socket)))
            throw new LocalizedException("lesson.error.fromWithoutRecvfrom", socket);
        if (call.equals("recvfrom")) receivedFrom.add(socket);
        Integer backlog = fields.contains("backlog") ? read.integer(node, "backlog", 0, 4096) : null;
        String data = fields.contains("data") ? read.string(node, "data") : null;
        SignalSteps.Disposition disposition = call.equals("signal") ? signals.signal(endpoint, node) : null;
        if (disposition != null) data = disposition.signal(); // its handler is the step's value (see below)
        if (data != null && data.getBytes(StandardCharsets.UTF_8).length > Request.MAX_PAYLOAD)
            throw new LocalizedException("input.payload.tooLarge", data.length(), Request.MAX_PAYLOAD);
        Integer size = fields.contains("size") ? read.integer(node, "size", 1, Request.MAX_PAYLOAD) : null;
        ShutdownHow how = fields.contains("how") ? read.enumValue(ShutdownHow.class, node, "how") : null;
        SocketOption option = fields.contains("option") ? read.enumValue(SocketOption.class, node, "option") : null;
        Integer value = fields.contains("value")
                ? read.integer(node, "value", Integer.MIN_VALUE, Integer.MAX_VALUE)
                : null;
        if (disposition != null) value = disposition.handler().ordinal();
        if (call.equals("select")) value = selectNfds(node);
        if (call.equals("waitpid")) { // the child's endpoint name (or -1) in data, WNOHANG as value 1
            data = forks.waitpidTarget(endpoint, node);
            value = forks.noHang(node) ? 1 : 0;
            read.at(node, "call");
        }
        if (call.equals("getaddrinfo")) { // node in data, service in address, the hints as family, type, value
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
        if (call.equals("listen")) listeners.add(socket);
        Expect expect = expects.expect(node, call, kind, sockets, number);
        Step step = new Step(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog,
                data,
                size, how, option, value, nonBlocking, narration, expect, kind, protocol, flags, sockets, events,
                timeout, slide);
        read.at(node, "call");
        step.request(0, 5000); // the records' own checks (backlog, option, sizes) speak now, not mid-run
        if (start) waiting.put(endpoint, step);
        return step;
    }

    /** {@code "finish": "connect"}: the end of the endpoint's waiting call, with the result it must give. */
    private Step finish(int number, String endpoint, JsonNode node) {
        read.onlyFields(node,
                Set.of("endpoint", "finish", "narration", "expect", "slide", "questions", "together", "said", "check"),
                "finish");
        String call = read.string(node, "finish");
        Text narration = read.text(node, "narration", recorded);
        Slide slide = read.slide(node);
        read.at(node, "finish");
        Step started = waiting.get(endpoint);
        if (started == null) throw new LocalizedException("lesson.error.nothingToFinish", endpoint);
        if (!started.call().equals(call))
            throw new LocalizedException("lesson.error.finishOther", endpoint, started.call(),
                    String.valueOf(started.number()), call);
        waiting.remove(endpoint);
        Expect expect = expects.expect(node, call, Step.Kind.FINISH, started.sockets(), number);
        return new Step(number, endpoint, call, started.socket(), started.as(), null, null, null, null, null, null,
                null, null, null, null, null, narration, expect, Step.Kind.FINISH, null, null, started.sockets(),
                null, null, slide);
    }

    /**
     * {@code "network": {"drop": "data", "direction": "client->server"}} (the next such packet), with {@code "nth": 3}
     * (the third from now on) or {@code "percent": 30, "seed": 7} (a seeded share); or {@code "network": "clear"}.
     */
    private Step network(int number, JsonNode node) {
        read.onlyFields(node, Set.of("network", "narration", "slide", "questions", "together", "said", "check"),
                "network");
        Text narration = read.text(node, "narration", recorded);
        Slide slide = read.slide(node);
        read.at(node, "network");
        JsonNode n = node.get("network");
        if (n.isTextual() && n.asText().equals("clear"))
            return Step.network(number, NetworkStep.cleared(),
                    narration, slide);
        if (!n.isObject()) throw new LocalizedException("lesson.error.badValue", "network", n.toString());
        read.onlyFields(n, Set.of("drop", "direction", "nth", "percent", "seed"), "network");
        read.at(n, null);
        for (String f : List.of("drop", "direction"))
            if (n.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, "network");
        read.at(n, "drop");
        String drop = read.string(n, "drop");
        DropRule.Kind kind = Arrays.stream(DropRule.Kind.values())
                .filter(k -> k.word().equals(drop)).findFirst().orElseThrow(() -> new LocalizedException(
                        "lesson.error.badChoice", "drop", drop, "any, syn, fin, data, ack"));
        read.at(n, "direction");
        String way = read.string(n, "direction");
        DropRule.Direction direction = Arrays
                .stream(DropRule.Direction.values()).filter(d -> d.word().equals(way))
                .findFirst().orElseThrow(() -> new LocalizedException("lesson.error.badChoice", "direction", way,
                        "client->server, server->client"));
        if (n.has("nth") && n.has("percent"))
            throw new LocalizedException("lesson.error.badValue", "network", "nth + percent");
        if (n.has("seed") && !n.has("percent"))
            throw new LocalizedException("lesson.error.missingField", "percent", "network");
        int nth = 1, percent = 0;
        long seed = 0;
        if (n.has("nth")) {
            read.at(n, "nth");
            nth = read.integer(n, "nth", 1, 1000);
        }
        if (n.has("percent")) {
            read.at(n, "percent");
            percent = read.integer(n, "percent", 1, 100);
            nth = 0;
            if (n.get("seed") == null) throw new LocalizedException("lesson.error.missingField", "seed", "network");
            read.at(n, "seed");
            seed = read.integer(n, "seed", 0, Integer.MAX_VALUE);
        }
        return Step.network(number, new NetworkStep(false, direction, kind, nth, percent, seed), narration, slide);
    }

    /**
     * {@code "hand_over": "conn", "to": "server-2"}: the endpoint passes its socket to another endpoint, a thread of the
     * same program (a threaded server's accepting thread and the thread that serves the connection). From then on only
     * {@code to} uses it. The endpoint must not be waiting in a call: a socket is handed over between calls.
     */
    private Step handOver(int number, String endpoint, JsonNode node) {
        read.onlyFields(node,
                Set.of("endpoint", "hand_over", "to", "narration", "slide", "questions", "together", "said", "check"),
                "hand_over");
        String socket = read.string(node, "hand_over");
        Named named = names.get(socket);
        if (named == null) throw new LocalizedException("lesson.error.unknownSocket", socket);
        if (!named.endpoint().equals(endpoint))
            throw new LocalizedException("lesson.error.otherEndpoint", socket, named.endpoint(), endpoint);
        String to = SafeName.check("to", read.string(node, "to"));
        if (!ENDPOINT.matcher(to).matches() || to.equals(endpoint))
            throw new LocalizedException("lesson.error.badHandOver", to, endpoint);
        if (declaredHosts != null) LessonHosts.requireSameHost(declaredHosts, endpoint, to);
        Text narration = read.text(node, "narration", recorded);
        Slide slide = read.slide(node);
        read.at(node, "hand_over");
        Step busy = waiting.get(endpoint);
        if (busy != null)
            throw new LocalizedException("lesson.error.endpointBusy", endpoint, busy.call(),
                    String.valueOf(busy.number()));
        names.put(socket, new Named(to, named.domain(), named.type()));
        return Step.handOver(number, endpoint, socket, to, narration, slide);
    }

    /** {@code "reset": true}: gives up the endpoint's waiting call and closes its sockets. */
    private Step reset(int number, String endpoint, JsonNode node) {
        read.onlyFields(node,
                Set.of("endpoint", "reset", "narration", "expect", "slide", "questions", "together", "said", "check"),
                "reset");
        read.at(node, "reset");
        JsonNode r = node.get("reset");
        if (!r.isBoolean() || !r.asBoolean())
            throw new LocalizedException("lesson.error.badValue", "reset", r.toString());
        Text narration = read.text(node, "narration", recorded);
        Slide slide = read.slide(node);
        Step started = waiting.remove(endpoint);
        Expect expect = expects.expect(node, "reset", Step.Kind.RESET, List.of(), number);
        return new Step(number, endpoint, started == null ? "reset" : started.call(),
                started == null ? null : started.socket(),
                null, null, null, null, null, null, null, null, null, null, null, null, narration, expect,
                Step.Kind.RESET, slide);
    }

    private String address(JsonNode node, Domain domain) {
        String address = read.string(node, "address");
        if (address.equals(Step.FROM_PLACEHOLDER)) return address; // checked with the call (sendto after a recvfrom)
        // A lesson on two machines names them: "h2:{port}" is h2's address on the link.
        if (declaredHosts != null) address = LessonHosts.resolve(declaredHosts, address);
        // Any real port shows whether the rest is well formed; a literal port is checked as written.
        SockAddr sample = SockAddr.parse(Step.withPort(address, 5000), domain);
        if (sample instanceof SockAddr.Unix) {
            // A name in the lab's own folder, never a path of this computer's (docker.sock, the session bus); the
            // messages quote the file's own text.
            if (!AddressPolicy.isAbstract(address)) LabFolder.name(address);
            else if (!privateNetwork) throw new LocalizedException("input.address.unixAbstractHost", address);
            return address;
        }
        // Only the wildcard, and only in a lesson that says it binds it: a lesson file never reaches another machine.
        boolean wildcard = sample instanceof SockAddr.Inet4 v4 && Arrays.equals(v4.address(), new byte[4])
                || sample instanceof SockAddr.Inet6 v6 && Arrays.equals(v6.address(), new byte[16]);
        if (wildcard && !anyAddress)
            throw new LocalizedException("lesson.error.anyAddressNotDeclared", sample.text());
        boolean ofAHost = sample instanceof SockAddr.Inet4 && LessonHosts.isHostAddress(address);
        if (ofAHost && declaredHosts == null && !onTwoHostsOnly)
            throw new LocalizedException("lesson.error.hostAddressUndeclared", sample.text());
        if (!sample.isLoopback() && !wildcard && !ofAHost)
            throw new LocalizedException("input.address.notLoopback", sample.text());
        return address;
    }

    private void newName(String name, Named named) {
        SafeName.check("as", name);
        if (!NAME.matcher(name).matches()) throw new LocalizedException("lesson.error.badName", name);
        if (names.containsKey(name)) throw new LocalizedException("lesson.error.duplicateName", name);
        names.put(name, named);
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
