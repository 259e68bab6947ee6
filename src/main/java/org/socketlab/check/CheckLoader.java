package org.socketlab.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SafeName;
import org.socketlab.lesson.LocatedJson;
import org.socketlab.lesson.Text;

/**
 * Reads check files (the shipped {@code org/socketlab/checks/ID.json}, or a file an instructor gives) and checks all
 * of it before anything runs: a problem is one {@link LocalizedException} {@code check.error.at} naming the file, the
 * line and the column (read with {@link LocatedJson}, as lesson files are) and carrying the detail. The format is
 * published as {@code docs/check.schema.json}.
 */
public final class CheckLoader {
    public static final String RESOURCE_DIR = "/org/socketlab/checks/";
    /** The check files shipped with the program. */
    public static final List<String> IDS = List.of("tcp-echo-server", "udp-echo-server", "tcp-concurrent-server",
            "tcp-client-whole-reply", "udp-client-retry");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** The fields of each object, for messages and for docs/check.schema.json (a test compares them). */
    static final Map<String, Set<String>> FIELDS = Map.of(
            "check", Set.of("$schema", "id", "title", "program", "lab", "pattern", "child_pattern", "rules", "limits"),
            "program", Set.of("role", "protocol", "args"),
            "clients", Set.of("play", "count", "at_once", "messages", "bytes", "greeting"),
            "reset", Set.of("play"),
            "big", Set.of("play", "bytes", "delay_ms"),
            "server", Set.of("play", "reply_bytes", "pieces", "pause_ms", "drop", "reply"),
            "rule", Set.of("rule", "hint", "weight"),
            "limits", Set.of("seconds", "cpu_seconds", "open_files", "memory_mb"));

    private CheckLoader() {
    }

    /** Whether {@code socketlab check} was given a file rather than a shipped check's id. */
    public static boolean isPath(String idOrPath) {
        return idOrPath.contains("/") || idOrPath.contains(File.separator) || idOrPath.endsWith(".json");
    }

    /** A shipped check file by id, or a file by path. */
    public static CheckFile load(String idOrPath) {
        if (isPath(idOrPath)) {
            try {
                return loadFile(Path.of(idOrPath));
            } catch (InvalidPathException e) {
                throw new LocalizedException("check.error.file", idOrPath,
                        new LocalizedException("lesson.error.noFile"));
            }
        }
        if (!ID.matcher(idOrPath).matches())
            throw new LocalizedException("check.error.unknown", idOrPath, String.join(", ", IDS));
        String file = idOrPath + ".json";
        try (InputStream in = CheckLoader.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) throw new LocalizedException("check.error.unknown", idOrPath, String.join(", ", IDS));
            return parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LocalizedException("check.error.file", file,
                    new LocalizedException("lesson.error.unreadable", String.valueOf(e.getMessage())));
        }
    }

    public static CheckFile loadFile(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path))
            throw new LocalizedException("check.error.file", file,
                    new LocalizedException(Files.isDirectory(path) ? "check.error.isFolder" : "lesson.error.noFile"));
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_FILE_BYTES)
                throw new LocalizedException("check.error.file", file, new LocalizedException("check.error.tooLarge"));
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new LocalizedException("check.error.file", file,
                    new LocalizedException("lesson.error.unreadable", String.valueOf(e.getMessage())));
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new LocalizedException("check.error.file", file, new LocalizedException("lesson.error.notUtf8"));
        }
        return parse(file, json);
    }

    /** Parses and checks a check file's text; {@code file} only names it in messages. */
    public static CheckFile parse(String file, String json) {
        Reader r = new Reader();
        try {
            return r.check(json);
        } catch (LocalizedException detail) {
            throw new LocalizedException("check.error.at", file, String.valueOf(r.here.line()),
                    String.valueOf(r.here.column()), detail);
        }
    }

    private static final class Reader {
        @Nullable
        LocatedJson located;
        LocatedJson.Position here = new LocatedJson.Position(1, 1);

        void at(JsonNode node, @Nullable String field) {
            if (located != null) here = field == null ? located.of(node) : located.field(node, field);
        }

        CheckFile check(String json) {
            try {
                located = LocatedJson.read(JSON, json);
            } catch (LocatedJson.Broken b) {
                here = b.at;
                throw b.detail;
            }
            JsonNode root = located.root();
            if (root == null || !root.isObject()) throw new LocalizedException("lesson.error.notObject");
            onlyFields(root, "check");
            if (root.has("$schema")) string(root, "$schema", "check");
            String id = SafeName.check("id", string(root, "id", "check"));
            if (!ID.matcher(id).matches()) throw new LocalizedException("check.error.badId", id);
            Text title = text(root, "title");

            JsonNode program = object(root, "program", "check");
            onlyFields(program, "program");
            CheckFile.Role role = choice(program, "role", CheckFile.Role.class);
            CheckFile.Proto proto = choice(program, "protocol", CheckFile.Proto.class);
            at(program, "args");
            JsonNode argsNode = program.get("args");
            if (argsNode == null || !argsNode.isArray())
                throw new LocalizedException("lesson.error.missingField", "args", "program");
            List<String> args = new ArrayList<>();
            for (JsonNode a : argsNode) {
                if (!a.isTextual()) throw new LocalizedException("lesson.error.badValue", "args", a.toString());
                args.add(a.asText());
            }
            if (args.stream().noneMatch(a -> a.contains(CheckFile.PORT)))
                throw new LocalizedException("check.error.noPort", CheckFile.PORT);

            at(root, "lab");
            JsonNode lab = root.get("lab");
            if (lab == null || !lab.isArray() || lab.isEmpty()) throw new LocalizedException("check.error.noPlays");
            List<CheckFile.Play> plays = new ArrayList<>();
            for (JsonNode p : lab) plays.add(play(p, role, proto));
            long servers = plays.stream().filter(p -> p instanceof CheckFile.Server).count();
            at(root, "lab");
            if (role == CheckFile.Role.CLIENT && (servers != 1 || plays.size() != 1))
                throw new LocalizedException("check.error.clientNeedsServer");

            String patternText = string(root, "pattern", "check");
            CallPattern pattern = CallPattern.parse(patternText);
            CallPattern childPattern = root.has("child_pattern")
                    ? CallPattern.parse(string(root, "child_pattern", "check"))
                    : null;

            at(root, "rules");
            JsonNode rulesNode = root.get("rules");
            if (rulesNode == null || !rulesNode.isArray() || rulesNode.isEmpty())
                throw new LocalizedException("check.error.noRules");
            List<CheckFile.RuleEntry> rules = new ArrayList<>();
            EnumSet<Rule> seen = EnumSet.noneOf(Rule.class);
            for (JsonNode n : rulesNode) {
                at(n, null);
                if (!n.isObject()) throw new LocalizedException("lesson.error.notObject");
                onlyFields(n, "rule");
                String name = string(n, "rule", "rule");
                Rule rule = Rule.of(name).orElseThrow(() -> new LocalizedException("lesson.error.badChoice", "rule",
                        name, String.join(", ", Arrays.stream(Rule.values()).map(Rule::id).toList())));
                if (!seen.add(rule)) throw new LocalizedException("check.error.duplicateRule", name);
                fits(rule, role, proto, plays);
                Text hint = n.has("hint") ? text(n, "hint") : null;
                rules.add(new CheckFile.RuleEntry(rule, hint, optional(n, "weight", 0, 1000, 1)));
            }
            CheckFile.Limits limits = CheckFile.Limits.DEFAULT;
            if (root.has("limits")) {
                JsonNode l = object(root, "limits", "check");
                onlyFields(l, "limits");
                CheckFile.Limits d = CheckFile.Limits.DEFAULT;
                limits = new CheckFile.Limits(optional(l, "seconds", 1, 600, d.seconds()),
                        optional(l, "cpu_seconds", 1, 600, d.cpuSeconds()),
                        optional(l, "open_files", 8, 4096, d.openFiles()),
                        optional(l, "memory_mb", 16, 16384, d.memoryMb()));
            }
            if (rules.stream().anyMatch(r -> r.rule() == Rule.CHILD_PATTERN) && childPattern == null)
                throw new LocalizedException("check.error.ruleNeeds.childPattern");
            return new CheckFile(id, title, role, proto, args, plays, pattern, rules, limits, childPattern);
        }

        /** A rule only makes sense with the role, protocol and plays that give its evidence. */
        private void fits(Rule rule, CheckFile.Role role, CheckFile.Proto proto, List<CheckFile.Play> plays) {
            boolean server = role == CheckFile.Role.SERVER, tcp = proto == CheckFile.Proto.TCP;
            boolean ok = switch (rule) {
                case PATTERN -> true;
                case ACCEPTED_CLOSED, LISTENER_OPEN -> server && tcp;
                case NO_FD_AT_EXIT, EXIT_ZERO -> !server;
                case ECHO -> server
                        && plays.stream().anyMatch(p -> p instanceof CheckFile.Clients || p instanceof CheckFile.Big);
                case SHORT_SEND -> server && plays.stream().anyMatch(p -> p instanceof CheckFile.Big);
                case SURVIVES_RESET -> server && tcp && resetThenClients(plays);
                case CONCURRENT -> server
                        && plays.stream()
                                .anyMatch(p -> p instanceof CheckFile.Clients c && c.atOnce() && c.count() > 1);
                case WHOLE_REPLY -> !server && tcp;
                case CHILDREN_EXIT, CHILD_PATTERN -> server;
                case TIMEOUT_RETRY -> !server && !tcp
                        && plays.stream().anyMatch(p -> p instanceof CheckFile.Server s && s.drop() > 0);
            };
            if (!ok) throw new LocalizedException("check.error.ruleNeeds." + camel(rule.id()));
        }

        /** {@code accepted-closed} as a message key's last part: {@code acceptedClosed}. */
        private static String camel(String id) {
            StringBuilder b = new StringBuilder();
            for (String part : id.split("-"))
                b.append(b.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
            return b.toString();
        }

        private static boolean resetThenClients(List<CheckFile.Play> plays) {
            int reset = -1;
            for (int i = 0; i < plays.size(); i++) {
                if (plays.get(i) instanceof CheckFile.Reset) reset = i;
                else if (reset >= 0 && plays.get(i) instanceof CheckFile.Clients) return true;
            }
            return false;
        }

        private CheckFile.Play play(JsonNode p, CheckFile.Role role, CheckFile.Proto proto) {
            at(p, null);
            if (!p.isObject()) throw new LocalizedException("lesson.error.notObject");
            String kind = string(p, "play", "lab");
            List<String> kinds = List.of("clients", "reset", "big", "server");
            if (!kinds.contains(kind))
                throw new LocalizedException("lesson.error.badChoice", "play", kind, String.join(", ", kinds));
            onlyFields(p, kind);
            at(p, "play");
            boolean server = role == CheckFile.Role.SERVER;
            if (kind.equals("server") == server)
                throw new LocalizedException("check.error.playForRole", kind,
                        role.name().toLowerCase(Locale.ROOT));
            if ((kind.equals("reset") || kind.equals("big")) && proto != CheckFile.Proto.TCP)
                throw new LocalizedException("check.error.tcpOnly", kind);
            return switch (kind) {
                case "clients" -> new CheckFile.Clients(optional(p, "count", 1, 32, 1), bool(p, "at_once"),
                        optional(p, "messages", 1, 100, 1), optional(p, "bytes", 1, 65_000, 64), greeting(p, proto));
                case "reset" -> new CheckFile.Reset();
                case "big" -> new CheckFile.Big(optional(p, "bytes", 1, 64 << 20, 6 << 20),
                        optional(p, "delay_ms", 0, 10_000, 500));
                default -> {
                    String reply = p.has("reply") ? string(p, "reply", "server") : "ACK";
                    if (reply.isEmpty() || reply.getBytes(StandardCharsets.UTF_8).length > 1024)
                        throw new LocalizedException("lesson.error.badValue", "reply", reply);
                    yield new CheckFile.Server(optional(p, "reply_bytes", 1, 16 << 20, 100_000),
                            optional(p, "pieces", 1, 1000, 4), optional(p, "pause_ms", 0, 2000, 100),
                            optional(p, "drop", 0, 10, 0), reply);
                }
            };
        }

        private void onlyFields(JsonNode node, String where) {
            Set<String> allowed = Objects.requireNonNull(FIELDS.get(where), where);
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (!allowed.contains(property.getKey())) {
                    at(node, property.getKey());
                    throw new LocalizedException("lesson.error.unknownField", property.getKey(), where,
                            String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        private JsonNode object(JsonNode node, String field, String where) {
            at(node, field);
            JsonNode v = node.get(field);
            if (v == null) throw new LocalizedException("lesson.error.missingField", field, where);
            if (!v.isObject()) throw new LocalizedException("lesson.error.notObject");
            return v;
        }

        /** A clients play's greeting: the text each client expects before the connection ends (TCP only), or null. */
        private @Nullable String greeting(JsonNode p, CheckFile.Proto proto) {
            if (!p.has("greeting")) return null;
            String text = string(p, "greeting", "clients");
            if (text.isEmpty() || text.length() > 65_000)
                throw new LocalizedException("lesson.error.badValue", "greeting", text);
            if (proto != CheckFile.Proto.TCP) throw new LocalizedException("check.error.tcpOnly", "greeting");
            return text;
        }

        private String string(JsonNode node, String field, String where) {
            at(node, field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) throw new LocalizedException("lesson.error.missingField", field, where);
            if (!v.isTextual()) throw new LocalizedException("lesson.error.badValue", field, v.toString());
            return v.asText();
        }

        private <E extends Enum<E>> E choice(JsonNode node, String field, Class<E> type) {
            String text = string(node, field, "program");
            for (E e : type.getEnumConstants())
                if (e.name().toLowerCase(Locale.ROOT).equals(text)) return e;
            throw new LocalizedException("lesson.error.badChoice", field, text, String.join(", ",
                    Arrays.stream(type.getEnumConstants())
                            .map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
        }

        private int optional(JsonNode node, String field, int min, int max, int otherwise) {
            if (!node.has(field)) return otherwise;
            at(node, field);
            JsonNode v = node.get(field);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max)
                throw new LocalizedException("lesson.error.badNumber", field, String.valueOf(v), String.valueOf(min),
                        String.valueOf(max));
            return v.asInt();
        }

        private boolean bool(JsonNode node, String field) {
            if (!node.has(field)) return false;
            at(node, field);
            if (!node.get(field).isBoolean())
                throw new LocalizedException("lesson.error.badValue", field, node.get(field).toString());
            return node.get(field).asBoolean();
        }

        private Text text(JsonNode node, String field) {
            at(node, field);
            JsonNode t = node.get(field);
            if (t == null || !t.isObject()) throw new LocalizedException("lesson.error.missingText", field);
            for (Map.Entry<String, JsonNode> property : t.properties())
                if (!Set.of("es", "en").contains(property.getKey())) {
                    at(t, property.getKey());
                    throw new LocalizedException("lesson.error.unknownField", property.getKey(), field,
                            String.join(", ", "en", "es"));
                }
            for (String lang : List.of("es", "en")) {
                at(t, lang);
                JsonNode v = t.get(lang);
                if (v == null || !v.isTextual() || v.asText().isBlank())
                    throw new LocalizedException("lesson.error.missingLanguage", field, lang);
            }
            return new Text(t.get("es").asText(), t.get("en").asText());
        }
    }
}
