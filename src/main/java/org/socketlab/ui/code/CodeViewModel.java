package org.socketlab.ui.code;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;
import org.socketlab.ui.common.Texts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code panel: for the current step (the selected call, else the newest) the same lifecycle as a small
 * program in C, Java, Python and Rust, with the line of that call marked and notes where a language fuses or
 * hides calls. The programs are resource files whose lines end in {@code @@call} markers (several calls on one
 * line when the language fuses them). Plain beans: testable without the toolkit.
 */
public final class CodeViewModel {
    public enum Language {
        C("C", "c"), JAVA("Java", "java"), PYTHON("Python", "python"), RUST("Rust", "rust");

        private final String title, id;

        Language(String title, String id) {
            this.title = title;
            this.id = id;
        }

        public String title() { return title; }
        public String id() { return id; }
    }

    public enum Role { SERVER, CLIENT }

    /** Every call the engine journals, in the order of a lifecycle. */
    public static final List<String> CALLS = List.of("socket", "setsockopt", "getsockopt", "fcntl", "bind", "listen", "getsockname",
            "accept", "connect", "getpeername", "send", "recv", "sendto", "recvfrom", "shutdown", "close");

    /**
     * One call as the code panel needs it: what kind of socket, which side, the values to put in the program.
     *
     * @param onListener the call acted on a listening socket (its close is the listener's)
     * @param values     ${HOST}, ${PORT}, ${HOST_PORT}, ${BACKLOG}, ${BUF}, ${DOMAIN} for the programs
     */
    public record Step(String call, String domain, String type, Role role, boolean onListener, String errnoName,
                       Map<String, String> values, String line) {
        public Step {
            values = Map.copyOf(values);
        }

        public boolean stream() { return !"SOCK_DGRAM".equals(type); }
        public boolean failed() { return errnoName != null; }
    }

    /** One language's program with the step's line marked ({@code highlighted} -1 when it has none) and the notes. */
    public record Snippet(Language language, List<String> lines, int highlighted, List<String> notes) {
        public Snippet {
            lines = List.copyOf(lines);
            notes = List.copyOf(notes);
        }

        public String text() { return String.join("\n", lines) + "\n"; }
    }

    private record Line(String text, Set<String> steps) {}

    private static final Pattern MARKER = Pattern.compile("\\s*@@([a-z.,]+)\\s*$");
    private static final Map<String, List<Line>> PROGRAMS = new HashMap<>();

    private final Texts texts;
    /** Per endpoint, what each open fd is: domain, type, listening. */
    private final Map<String, Map<Integer, String[]>> fds = new HashMap<>();
    /** Per endpoint, the values its programs use. */
    private final Map<String, Map<String, String>> values = new HashMap<>();
    /** The step of every call seen, by seq, as it was when the call was made. */
    private final Map<Long, Step> steps = new HashMap<>();
    private final ReadOnlyObjectWrapper<Step> current = new ReadOnlyObjectWrapper<>(this, "current");
    private Long selectedSeq;
    private final ObjectBinding<Map<Language, Snippet>> snippets;

    public CodeViewModel(Texts texts) {
        this.texts = texts;
        snippets = Bindings.createObjectBinding(() -> {
            Map<Language, Snippet> all = new EnumMap<>(Language.class);
            Step s = current.get();
            if (s != null) for (Language l : Language.values()) all.put(l, snippet(l, s, texts.messages()));
            return all;
        }, current, texts.messagesProperty());
    }

    public Texts texts() { return texts; }

    /** The step shown: the selected call, or the newest one while nothing is selected; null before any call. */
    public ReadOnlyObjectProperty<Step> currentProperty() { return current.getReadOnlyProperty(); }

    /** The program of each language for the current step, in the current language's notes. */
    public ObjectBinding<Map<Language, Snippet>> snippets() { return snippets; }

    /** New events, in journal order. */
    public void onEvents(List<Event> batch) {
        Step newest = null;
        for (Event e : batch) {
            if (!(e.payload() instanceof Payload.Call c) || !CALLS.contains(c.call())) continue;
            Step s = stepOf(e.endpoint(), c);
            steps.put(e.seq(), s);
            newest = s;
        }
        if (newest != null && selectedSeq == null) current.set(newest);
    }

    /** Shows the code of this event (a call seen before); any other event returns to following the newest. */
    public void select(Event event) {
        Step s = event == null ? null : steps.get(event.seq());
        if (s == null) {
            followLatest();
            return;
        }
        selectedSeq = event.seq();
        current.set(s);
    }

    /** Back to showing the newest call. */
    public void followLatest() {
        selectedSeq = null;
        steps.entrySet().stream().max(Map.Entry.comparingByKey()).ifPresent(e -> current.set(e.getValue()));
    }

    private Step stepOf(String endpoint, Payload.Call c) {
        Map<Integer, String[]> mine = fds.computeIfAbsent(endpoint, k -> new HashMap<>());
        Map<String, String> v = values.computeIfAbsent(endpoint, k -> defaults());
        String[] info = c.fd() == null ? null : mine.get(c.fd());
        String domain = info != null ? info[0] : "AF_INET", type = info != null ? info[1] : "SOCK_STREAM";
        boolean listener = info != null && info[2] != null;
        Map<String, String> args = c.args();
        switch (c.call()) {
            case "socket" -> {
                domain = args.getOrDefault("domain", domain);
                type = args.getOrDefault("type", type);
                if (!c.failed()) mine.put((int) c.result(), new String[] {domain, type, null});
            }
            case "listen" -> {
                if (!c.failed() && info != null) info[2] = "listening";
                v.put("BACKLOG", args.getOrDefault("backlog", v.get("BACKLOG")));
            }
            case "accept" -> {
                if (!c.failed()) mine.put((int) c.result(), new String[] {domain, type, null});
            }
            case "bind", "connect" -> address(v, args.get("addr"));
            // A server's reply goes back to the client: its program keeps its own bound address.
            case "sendto" -> {
                if (!endpoint.equals("server")) address(v, args.get("addr"));
            }
            case "recv", "recvfrom" -> v.put("BUF", args.getOrDefault("len", v.get("BUF")));
            case "close" -> mine.remove(c.fd());
            default -> { }
        }
        v.put("DOMAIN", domain);
        boolean serverCall = c.call().equals("listen") || c.call().equals("accept") || listener;
        Role role = serverCall || endpoint.equals("server") ? Role.SERVER : Role.CLIENT;
        return new Step(c.call(), domain, type, role, listener, c.failed() ? c.errnoName() : null, v, CallFormat.line(c));
    }

    private static Map<String, String> defaults() {
        Map<String, String> v = new HashMap<>();
        v.put("HOST", "127.0.0.1");
        v.put("PORT", "5000");
        v.put("HOST_PORT", "127.0.0.1:5000");
        v.put("BACKLOG", "5");
        v.put("BUF", "1024");
        v.put("DOMAIN", "AF_INET");
        return v;
    }

    /** Takes {@code 127.0.0.1:5000} or {@code [::1]:5000} apart; a Unix path stays whole. */
    private static void address(Map<String, String> v, String addr) {
        if (addr == null || addr.equals("NULL")) return;
        int colon = addr.lastIndexOf(':');
        if (addr.startsWith("/") || addr.startsWith("@") || colon <= 0) {
            v.put("HOST", addr);
            v.put("HOST_PORT", addr);
            return;
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        v.put("HOST", host);
        v.put("PORT", addr.substring(colon + 1));
        v.put("HOST_PORT", addr);
    }

    /** The program of one language for a step, its marked line and notes, in the given language. Pure. */
    public static Snippet snippet(Language language, Step step, Messages m) {
        String name = language.id() + "-" + (step.stream() ? "tcp" : "udp") + "-" + (step.role() == Role.SERVER ? "server" : "client");
        List<Line> program = program(name);
        String key = step.call().equals("close") && step.onListener() ? "close.listener" : step.call();
        int at = indexOf(program, key);
        if (at < 0 && key.equals("close.listener")) at = indexOf(program, "close");
        List<String> lines = new ArrayList<>();
        for (Line l : program) lines.add(fill(l.text(), step.values()));

        List<String> notes = new ArrayList<>();
        if (at < 0) notes.add(m.get("ui.code.note.notInProgram", step.call(), step.stream() ? "TCP" : "UDP",
                m.get(step.role() == Role.SERVER ? "ui.code.role.server" : "ui.code.role.client")));
        String own = "ui.code.note." + language.id() + "." + step.call();
        if (m.has(own)) notes.add(m.get(own));
        if (step.failed()) notes.add(m.get("ui.code.fail." + language.id(), step.errnoName(), step.call()));
        if (step.domain().equals("AF_INET6")) notes.add(m.get("ui.code.note.inet6"));
        if (step.domain().equals("AF_UNIX")) notes.add(m.get("ui.code.note.unix"));
        return new Snippet(language, lines, at, notes);
    }

    private static int indexOf(List<Line> program, String step) {
        for (int i = 0; i < program.size(); i++) if (program.get(i).steps().contains(step)) return i;
        return -1;
    }

    private static String fill(String text, Map<String, String> values) {
        String out = text;
        for (var e : values.entrySet()) out = out.replace("${" + e.getKey() + "}", e.getValue());
        return out;
    }

    private static synchronized List<Line> program(String name) {
        return PROGRAMS.computeIfAbsent(name, n -> {
            String path = "/org/socketlab/ui/code/programs/" + n + ".txt";
            try (InputStream in = Objects.requireNonNull(CodeViewModel.class.getResourceAsStream(path), path)) {
                List<Line> lines = new ArrayList<>();
                for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                    Matcher mk = MARKER.matcher(raw);
                    if (mk.find()) lines.add(new Line(raw.substring(0, mk.start()).stripTrailing(), Set.of(mk.group(1).split(","))));
                    else lines.add(new Line(raw.stripTrailing(), Set.of()));
                }
                while (!lines.isEmpty() && lines.getLast().text().isEmpty()) lines.removeLast();
                return List.copyOf(lines);
            } catch (IOException e) {
                throw new IllegalStateException(path, e);
            }
        });
    }
}
