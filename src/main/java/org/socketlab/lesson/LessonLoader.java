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
    private static final Set<String> COMMON = Set.of("endpoint", "call", "narration", "expect");

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

    private static final Set<String> EXPECT_FIELDS = Set.of("result", "errno", "bytes", "data");

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

        Lesson lesson(String json) {
            JsonNode root;
            try {
                root = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new LocalizedException("lesson.error.json", e.getOriginalMessage(),
                        String.valueOf(e.getLocation() == null ? 0 : e.getLocation().getLineNr()));
            }
            if (root == null || !root.isObject()) throw new LocalizedException("lesson.error.notObject");
            onlyFields(root, Set.of("id", "title", "summary", "steps"), null);
            String id = string(root, "id");
            if (!ID.matcher(id).matches()) throw new LocalizedException("lesson.error.badId", id);
            Text title = text(root, "title");
            Text summary = text(root, "summary");
            JsonNode steps = root.get("steps");
            if (steps == null || !steps.isArray() || steps.isEmpty()) throw new LocalizedException("lesson.error.noSteps");
            List<Step> parsed = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                JsonNode node = steps.get(i);
                String label = node.isObject() ? node.path("endpoint").asText("?") + " " + node.path("call").asText("?") : "?";
                try {
                    parsed.add(step(i + 1, node));
                } catch (LocalizedException detail) {
                    throw new StepProblem(i + 1, label, detail);
                }
            }
            return new Lesson(id, title, summary, parsed);
        }

        private Step step(int number, JsonNode node) {
            if (!node.isObject()) throw new LocalizedException("lesson.error.notObject");
            String endpoint = string(node, "endpoint");
            if (!ENDPOINT.matcher(endpoint).matches()) throw new LocalizedException("lesson.error.badEndpoint", endpoint);
            String call = string(node, "call");
            Set<String> fields = FIELDS.get(call);
            if (fields == null) throw new LocalizedException("lesson.error.unknownCall", call, String.join(", ", FIELDS.keySet().stream().sorted().toList()));
            Set<String> allowed = new LinkedHashSet<>(COMMON);
            allowed.addAll(fields);
            onlyFields(node, allowed, call);
            for (String f : fields) if (node.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, call);
            Text narration = text(node, "narration");

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
            Expect expect = expect(node, call);
            Step step = new Step(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog, data,
                    size, how, option, value, nonBlocking, narration, expect);
            step.request(0, 5000); // the records' own checks (backlog, option, sizes) speak now, not mid-run
            return step;
        }

        private String address(JsonNode node, Domain domain) {
            String address = string(node, "address");
            // Any real port shows whether the rest is well formed; a literal port is checked as written.
            SockAddr sample = SockAddr.parse(address.replace(Step.PORT_PLACEHOLDER, "5000"), domain);
            if (!sample.isLoopback()) throw new LocalizedException("input.address.notLoopback", sample.text());
            return address;
        }

        private Expect expect(JsonNode node, String call) {
            JsonNode e = node.get("expect");
            if (e == null || !e.isObject()) throw new LocalizedException("lesson.error.missingField", "expect", call);
            onlyFields(e, EXPECT_FIELDS, "expect");
            JsonNode r = e.get("result");
            Long result;
            if (r == null) throw new LocalizedException("lesson.error.missingField", "expect.result", call);
            if (r.isTextual() && r.asText().equals("fd")) {
                if (!call.equals("socket") && !call.equals("accept")) throw new LocalizedException("lesson.error.fdResult", call);
                result = null;
            } else if (r.isIntegralNumber() && r.canConvertToLong() && r.asLong() >= -1) {
                result = r.asLong();
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
            boolean fails = result != null && result == -1;
            if (fails && errno == null) throw new LocalizedException("lesson.error.errnoNeeded");
            if (!fails && errno != null) throw new LocalizedException("lesson.error.errnoWithoutFailure", errno);
            Integer bytes = e.has("bytes") ? integer(e, "bytes", 0, Request.MAX_PAYLOAD) : null;
            String data = e.has("data") ? string(e, "data") : null;
            return new Expect(result, errno, bytes, data);
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
