package org.socketlab.lesson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * Lessons -> Save session as lesson...: turns the calls a session made by hand into a lesson file that makes them again,
 * with what the kernel answered as the expectations, and empty narration to be written ({@code "recorded": true}).
 * <ul>
 * <li>Sockets are named by what they became: {@code listener} (listen was called on it), {@code conn} (from accept),
 *     {@code dgram}, {@code sock}; a repeat gets a number ({@code sock2}).</li>
 * <li>The session's port (the first one bound, connected or sent to) becomes {@code {port}}, so the lesson runs on any
 *     free port.</li>
 * <li>A call that blocked until another endpoint acted becomes a {@code "wait": false} step expecting
 *     {@code "blocked": true}; its return becomes a {@code "finish"} step, placed just before that endpoint's next step
 *     (never before what woke it). A call that waited while nobody else acted (a slow machine) stays a plain step.</li>
 * <li>Each call expects its result (or -1 and errno; "fd" for a new descriptor) and, for recv, the text received;
 *     then the states and receive/accept queues the kernel showed within {@link #SETTLE_NS} of it, before the next
 *     press (what a student waited for longer, such as TIME_WAIT ending, is not a promise the next run can keep).</li>
 * </ul>
 * Calls the format cannot say (a send whose bytes are not UTF-8 text, a partial send, sendto without an address, a call
 * on a descriptor from outside the session) make the whole recording refused with a message naming the call: a lesson
 * that silently left one out would not reproduce the session. Calls on no socket that failed with EBADF are left out
 * (they change nothing); so are the lab's own housekeeping calls (unlink, the shutdown a reset makes).
 */
public final class LessonRecorder {
    /**
     * Kernel changes seen this long after a call are still that call's. The kernel makes them at once (a close's FIN
     * is acknowledged on loopback within the call), but they are seen at the next reading of the sockets, which on a
     * loaded machine came over 500 ms later (CI, 2026-11-26: a close's FIN_WAIT_2 was left out); what the kernel does
     * by its timers (TIME_WAIT or FIN_WAIT_2 ending after 60 s) is not a promise the next run keeps.
     */
    static final long SETTLE_NS = TimeUnit.MILLISECONDS.toNanos(2_000);
    private static final Set<String> CALLS = LessonLoader.fieldsByCall().keySet();
    private static final Pattern HOST_PORT = Pattern.compile("(.*):(\\d{1,5})");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LessonRecorder() {
    }

    /** The lesson file's text for {@code session} (one session's events, in journal order), recorded at {@code when}. */
    public static String record(List<Event> session, LocalDateTime when) {
        return record(session, when, null);
    }

    /**
     * As {@link #record(List, LocalDateTime)}; {@code labFolder} is the lab's folder of Unix sockets (null: none), whose
     * paths become names in it again ({@code lab.sock}), as a lesson file must write them.
     */
    public static String record(List<Event> session, LocalDateTime when, @Nullable Path labFolder) {
        ObjectNode lesson = new Session(session, labFolder).lesson(when);
        try {
            return WRITER.writeValueAsString(lesson) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }

    private static final class Session {
        private final List<Event> events;
        private final @Nullable String port;
        /** Which socket each event is about: a closed socket's later states are still its own, a number reused another's. */
        private final SocketIdentities sockets;
        /** The lesson's name of each socket its step made, once that call returned in the walk, and its endpoint. */
        private final Map<SocketIdentities.Socket, Name> names = new HashMap<>();
        private final Set<String> used = new HashSet<>();
        private final Set<String> listeners = new HashSet<>();
        /** Per endpoint: the call event that ends its blocked call (and the name it gives), and the finish step once it returned. */
        private final Map<String, Waiting> waitingFor = new HashMap<>();
        private final Map<String, ObjectNode> finishes = new LinkedHashMap<>();
        private final List<ObjectNode> steps = new ArrayList<>();
        private int calls;

        /** The lab's folder of Unix sockets, or null. */
        private final @Nullable Path labFolder;

        Session(List<Event> events, @Nullable Path labFolder) {
            this.events = List.copyOf(events);
            this.labFolder = labFolder;
            this.port = sessionPort(events);
            this.sockets = SocketIdentities.of(this.events);
        }

        private record Waiting(long seq, String as) {
        }

        /**
         * A socket's name in the lesson and the endpoint whose step made it: only that endpoint's steps name it (the
         * lesson does not make a forked child, whose calls on the socket it inherited are refused).
         */
        private record Name(String endpoint, String name) {
        }

        ObjectNode lesson(LocalDateTime when) {
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                switch (e.payload()) {
                    case Payload.Blocked b -> blocked(i, e, b);
                    case Payload.Call c -> call(i, e, c);
                    case Payload.Cancelled c -> cancelled(e);
                    default -> {
                    }
                }
            }
            for (String endpoint : List.copyOf(finishes.keySet())) flushFinish(endpoint);
            if (steps.isEmpty()) throw new LocalizedException("lesson.record.empty");
            Messages es = Messages.of(Lang.ES), en = Messages.of(Lang.EN);
            String date = when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
            ObjectNode root = NODES.objectNode();
            root.put("id", "recorded-" + when.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")));
            root.set("title", text(es.get("lesson.record.title", date), en.get("lesson.record.title", date)));
            root.set("summary", text(es.get("lesson.record.summary", String.valueOf(calls)),
                    en.get("lesson.record.summary", String.valueOf(calls))));
            root.put("recorded", true);
            root.putArray("steps").addAll(steps);
            return root;
        }

        private void blocked(int index, Event e, Payload.Blocked b) {
            // The blocked call's arguments come with its return: find it (a call still waiting at the end is left out).
            boolean wokenByAnother = false;
            for (int j = index + 1; j < events.size(); j++) {
                Event later = events.get(j);
                if (!later.endpoint().equals(e.endpoint())) {
                    wokenByAnother |= later.payload() instanceof Payload.Call c && CALLS.contains(c.call());
                    continue;
                }
                if (later.payload() instanceof Payload.Cancelled) return;
                if (later.payload() instanceof Payload.Call c && c.call().equals(b.call())) {
                    // Waiting with nobody else acting meanwhile was the machine being slow, not something to teach:
                    // a plain step, which the next run makes whether or not it waits.
                    if (!wokenByAnother) return;
                    flushFinish(e.endpoint());
                    ObjectNode step = callStep(e, c);
                    if (step == null) return;
                    step.put("wait", false);
                    step.set("narration", text("", ""));
                    step.putObject("expect").put("blocked", true);
                    steps.add(step);
                    waitingFor.put(e.endpoint(), new Waiting(later.seq(), step.path("as").asText(null)));
                    return;
                }
            }
        }

        private void call(int index, Event e, Payload.Call c) {
            if (!CALLS.contains(c.call()) || c.has(CallArg.REASON)) return; // the lab's own housekeeping
            Waiting waited = waitingFor.get(e.endpoint());
            if (waited != null && waited.seq() == e.seq()) {
                waitingFor.remove(e.endpoint());
                ObjectNode finish = NODES.objectNode();
                finish.put("endpoint", e.endpoint());
                finish.put("finish", c.call());
                finish.set("narration", text("", ""));
                finish.set("expect", outcome(c));
                named(e, c, waited.as());
                finishes.put(e.endpoint(), finish); // written before this endpoint's next step: never before what woke it
                calls++;
                return;
            }
            flushFinish(e.endpoint());
            ObjectNode step = callStep(e, c);
            if (step == null) return;
            step.set("narration", text("", ""));
            ObjectNode expect = outcome(c);
            named(e, c, step.path("as").asText(null));
            kernel(index, e, c, expect);
            step.set("expect", expect);
            steps.add(step);
            calls++;
        }

        private void cancelled(Event e) {
            waitingFor.remove(e.endpoint());
            ObjectNode reset = NODES.objectNode();
            reset.put("endpoint", e.endpoint());
            reset.put("reset", true);
            reset.set("narration", text("", ""));
            reset.putObject("expect");
            steps.add(reset); // its closes, journaled, end the endpoint's sockets
        }

        private void flushFinish(String endpoint) {
            ObjectNode finish = finishes.remove(endpoint);
            if (finish != null) steps.add(finish);
        }

        /** The step's call and arguments; null for a call on no socket that failed with EBADF (it changes nothing). */
        private @Nullable ObjectNode callStep(Event e, Payload.Call c) {
            ObjectNode step = NODES.objectNode();
            step.put("endpoint", e.endpoint());
            step.put("call", c.call());
            if (!c.is(SysCall.SOCKET)) {
                String name = c.fd() == null ? null : nameAt(e.endpoint(), c.fd(), e.seq());
                if (name == null) {
                    if (c.failed() && c.failedWith(Errno.EBADF)) return null;
                    throw cannot(e, c, "lesson.record.unknownSocket", String.valueOf(c.fd()));
                }
                step.put("socket", name);
            }
            switch (c.sysCall()) {
                case SOCKET -> {
                    step.put("domain", c.arg(CallArg.DOMAIN));
                    step.put("type", c.arg(CallArg.TYPE));
                    step.put("as", newName(
                            willListen(e, c)
                                    ? "listener"
                                    : "SOCK_DGRAM".equals(c.arg(CallArg.TYPE)) ? "dgram" : "sock"));
                }
                case BIND, CONNECT -> {
                    String addr = c.arg(CallArg.ADDR);
                    if (addr == null) throw cannot(e, c, "lesson.error.missingField", CallArg.ADDR.key, c.call());
                    step.put("address", address(addr));
                }
                case LISTEN -> step.put("backlog", Integer.parseInt(c.arg(CallArg.BACKLOG)));
                case ACCEPT -> step.put("as", newName("conn"));
                case SEND, SENDTO -> {
                    step.put("data", sentText(e, c));
                    if (c.is(SysCall.SENDTO)) {
                        String to = c.arg(CallArg.ADDR);
                        if (to == null || to.equals("NULL")) throw cannot(e, c, "lesson.record.noAddress");
                        step.put("address", address(to));
                    }
                }
                case RECV, RECVFROM -> step.put("size", Integer.parseInt(c.arg(CallArg.LEN)));
                case SHUTDOWN -> step.put("how", c.arg(CallArg.HOW));
                case SETSOCKOPT -> {
                    step.put("option", c.arg(CallArg.OPTION));
                    String v = c.arg(CallArg.VALUE);
                    Matcher linger = Pattern.compile("\\{l_onoff=(\\d+), l_linger=(\\d+)}").matcher(v);
                    Matcher timeval = Pattern.compile("\\{tv_sec=(\\d+), tv_usec=(\\d+)}").matcher(v);
                    step.put("value",
                            linger.matches()
                                    ? (linger.group(1).equals("0") ? -1 : Integer.parseInt(linger.group(2)))
                                    : timeval.matches() // SO_RCVTIMEO, SO_SNDTIMEO: a lesson gives milliseconds
                                            ? Integer.parseInt(timeval.group(1)) * 1000
                                                    + Integer.parseInt(timeval.group(2)) / 1000
                                            : Integer.parseInt(v));
                }
                case GETSOCKOPT -> step.put("option", c.arg(CallArg.OPTION));
                case FCNTL -> step.put("nonblocking", "O_NONBLOCK".equals(c.arg(CallArg.ARG)));
                case null, default -> {
                } // close, getsockname, getpeername: the socket is all they take
            }
            return step;
        }

        /** Whether the socket this socket() call made is later given to listen() (before it is closed). */
        private boolean willListen(Event e, Payload.Call socket) {
            SocketIdentities.Socket made = socket.failed() ? null : sockets.made(e, (int) socket.result());
            if (made == null) return false;
            for (Event later : events) {
                if (later.seq() <= e.seq() || !(later.payload() instanceof Payload.Call c) || c.fd() == null
                        || sockets.socketOf(later) != made)
                    continue;
                if (c.is(SysCall.LISTEN)) return true;
                if (c.is(SysCall.CLOSE)) return false;
            }
            return false;
        }

        private String newName(String base) {
            String name = base;
            for (int n = 2; used.contains(name); n++) name = base + n;
            used.add(name);
            return name;
        }

        /** Registers the socket a call made under the name its step gave it, and a listener as such. */
        private void named(Event e, Payload.Call c, String name) {
            switch (c.sysCall()) {
                case SOCKET, ACCEPT -> {
                    SocketIdentities.Socket made = c.result() >= 0 ? sockets.made(e, (int) c.result()) : null;
                    if (made != null) names.put(made, new Name(e.endpoint(), name));
                }
                case LISTEN -> {
                    String listener = c.fd() == null ? null : nameAt(e.endpoint(), c.fd(), e.seq());
                    if (listener != null) listeners.add(listener);
                }
                case null, default -> {
                }
            }
        }

        /** The lesson's name of the socket {@code endpoint}'s {@code fd} names at {@code seq}; null if none has one. */
        private @Nullable String nameAt(String endpoint, int fd, long seq) {
            SocketIdentities.Socket socket = sockets.socketAt(endpoint, fd, seq);
            Name named = socket == null ? null : names.get(socket);
            return named != null && named.endpoint().equals(endpoint) ? named.name() : null;
        }

        private ObjectNode outcome(Payload.Call c) {
            ObjectNode expect = NODES.objectNode();
            if (c.failed()) {
                expect.put("result", -1);
                expect.put("errno", c.errnoName());
            } else if (c.is(SysCall.SOCKET) || c.is(SysCall.ACCEPT)) {
                expect.put("result", "fd");
            } else {
                expect.put("result", c.result());
            }
            if ((c.is(SysCall.RECV) || c.is(SysCall.RECVFROM)) && !c.failed() && c.elided() == null) {
                String text = utf8(c.data() == null ? new byte[0] : c.data());
                if (text != null) expect.put("data", text);
                else expect.put("bytes", c.heldBytes());
            }
            return expect;
        }

        /**
         * The states and queues the kernel showed for named sockets after this call, before the next press and
         * within {@link #SETTLE_NS}; the last of each. Queues of an endpoint whose call is waiting are left out (its
         * call may drain them any moment).
         */
        private void kernel(int index, Event e, Payload.Call c, ObjectNode expect) {
            Map<String, String> states = new LinkedHashMap<>();
            Map<String, Long> recvQ = new LinkedHashMap<>();
            Map<String, Long> acceptQ = new LinkedHashMap<>();
            for (int j = index + 1; j < events.size(); j++) {
                Event k = events.get(j);
                if (k.payload() instanceof Payload.Call || k.payload() instanceof Payload.Blocked
                        || k.payload() instanceof Payload.Cancelled)
                    break;
                if (k.atNs() - e.atNs() > SETTLE_NS) break;
                switch (k.payload()) {
                    case Payload.State s -> {
                        String name = socketName(k);
                        if (name != null) states.put(name, s.to());
                    }
                    case Payload.Queue q -> {
                        String name = socketName(k);
                        if (name == null || waitingFor.containsKey(k.endpoint()) || finishes.containsKey(k.endpoint()))
                            continue;
                        if (listeners.contains(name)) acceptQ.put(name, q.recvQ());
                        else recvQ.put(name, q.recvQ());
                    }
                    default -> {
                    }
                }
            }
            if (!states.isEmpty()) {
                ObjectNode s = expect.putObject("state");
                states.forEach(s::put);
            }
            if (!recvQ.isEmpty()) {
                ObjectNode q = expect.putObject("queue");
                recvQ.forEach((name, n) -> q.putObject(name).put("recv_q", n));
            }
            if (!acceptQ.isEmpty()) {
                ObjectNode q = expect.putObject("accept_queue");
                acceptQ.forEach(q::put);
            }
        }

        /** The lesson's name of the socket a kernel event is about, if the runner knows it at this point; else null. */
        private @Nullable String socketName(Event kernel) {
            SocketIdentities.Socket socket = sockets.socketOf(kernel);
            Name named = socket == null ? null : names.get(socket);
            return named == null ? null : named.name();
        }

        /** An address with the session's port written {@code {port}}; a path in the lab's folder as a name in it. */
        private String address(String text) {
            if (labFolder != null && text.startsWith("/")) {
                Path p = Path.of(text);
                if (p.startsWith(labFolder) && !p.equals(labFolder))
                    return labFolder.relativize(p).toString();
            }
            Matcher m = HOST_PORT.matcher(text);
            if (port != null && m.matches() && !text.startsWith("/") && m.group(2).equals(port))
                return m.group(1) + ":" + Step.PORT_PLACEHOLDER;
            return text;
        }

        /** The whole text a send asked to send: all of it was taken, and it is UTF-8. */
        private String sentText(Event e, Payload.Call c) {
            int asked = Integer.parseInt(c.arg(CallArg.LEN));
            if (c.failed()) return "x".repeat(asked); // a failed send moved nothing and its bytes were not kept: only their number matters
            if (c.result() != asked || c.elided() != null)
                throw cannot(e, c, "lesson.record.partialSend", String.valueOf(c.result()), String.valueOf(asked));
            String text = utf8(c.data());
            if (text == null) throw cannot(e, c, "lesson.record.notText");
            return text;
        }

        private static LocalizedException cannot(Event e, Payload.Call c, String key, Object... args) {
            return new LocalizedException("lesson.record.cannot", e.endpoint(), c.call(), String.valueOf(e.seq()),
                    new LocalizedException(key, args));
        }
    }

    /** The first port the session bound, connected or sent to; null when it used none (Unix sockets only). */
    private static @Nullable String sessionPort(List<Event> events) {
        for (Event e : events) {
            if (!(e.payload() instanceof Payload.Call c) || c.failed() && !c.is(SysCall.CONNECT)) continue;
            if (!c.is(SysCall::takesAddress)) continue;
            String addr = c.arg(CallArg.ADDR);
            if (addr == null || addr.startsWith("/")) continue;
            Matcher m = HOST_PORT.matcher(addr);
            if (m.matches() && !m.group(2).equals("0")) return m.group(2);
        }
        return null;
    }

    private static ObjectNode text(String es, String en) {
        ObjectNode t = NODES.objectNode();
        t.put("es", es);
        t.put("en", en);
        return t;
    }

    private static @Nullable String utf8(byte @Nullable [] bytes) {
        return bytes == null ? null : LessonLoader.strictUtf8(bytes);
    }
}
