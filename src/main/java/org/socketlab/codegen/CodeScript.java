package org.socketlab.codegen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;
import org.socketlab.story.LibraryCalls;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * A journal read as programs: every call each endpoint made, with its real arguments and what the kernel answered,
 * in journal order. Each endpoint's steps are one program; where the session turned from another endpoint to this
 * one, the step says so ({@link Step#after()}), so a program can wait there and a pair of programs can be run in
 * the lesson's order. Calls that were never made (a cancelled wait) are not in the journal as calls, so not here.
 *
 * @param places    the distinct ports and Unix paths the session named, in order of first use: the programs'
 *                  arguments, the same position in every program of the session
 * @param endpoints the endpoints in order of their first call
 */
public record CodeScript(List<Place> places, List<String> endpoints, List<Step> steps) {

    public CodeScript {
        places = List.copyOf(places);
        endpoints = List.copyOf(endpoints);
        steps = List.copyOf(steps);
    }

    /**
     * A program argument: a port (for AF_INET and AF_INET6 addresses) or a Unix-domain path.
     *
     * @param var the variable that holds it in a program ({@code port}, {@code path}, {@code port2}...)
     */
    public record Place(int index, String var, boolean path, int port, String pathText) {
        /** The value the session used, as given on a command line. */
        public String value() {
            return path ? pathText : String.valueOf(port);
        }
    }

    /**
     * One call of one endpoint.
     *
     * @param nonBlocking the socket had O_NONBLOCK when the call was made
     * @param after       the endpoint whose call came just before this one, when it was another; else null
     * @param made        the journaled call itself
     */
    public record Step(long seq, String endpoint, Op op, long result, Integer errno, String errnoName,
            boolean nonBlocking,
            String after, Payload.Call made) {
        public boolean failed() {
            return result == -1;
        }
        public String call() {
            return Op.call(op);
        }
        /** The call as the journal writes it, strace-like (written when asked: a long session has thousands). */
        public String line() {
            return CallFormat.line(made);
        }
    }

    /** The steps of one endpoint: its program. */
    public List<Step> of(String endpoint) {
        return steps.stream().filter(s -> s.endpoint().equals(endpoint)).toList();
    }

    /** Every call of the journal. */
    public static CodeScript of(List<Event> events) {
        return upTo(events, Long.MAX_VALUE);
    }

    /** The calls journaled up to and including {@code seq}: the session as it was at that moment. */
    public static CodeScript upTo(List<Event> events, long seq) {
        return new Reader().read(events, seq);
    }

    /** A socket from the call that made it to its close, named once its whole life is known. */
    private static final class Life {
        final String endpoint;
        final Domain domain;
        final SockType type;
        final boolean accepted;
        boolean listens, nonBlocking;
        int backlog;
        Op.Sock sock;
        /** Who sent the datagram its last successful recvfrom() got: a later sendto() there is a reply. */
        String lastFrom;

        Life(String endpoint, Domain domain, SockType type, boolean accepted) {
            this.endpoint = endpoint;
            this.domain = domain;
            this.type = type;
            this.accepted = accepted;
        }

        String role() {
            return listens ? "listener" : accepted ? "conn" : "sock";
        }
    }

    /** A call read in the first pass, before the sockets have names. */
    private record Raw(Event event, Payload.Call call, Life life, Life made, boolean nonBlocking, String after,
            Life pairOther, List<Life> polled, boolean reply) {
        Raw(Event event, Payload.Call call, Life life, Life made, boolean nonBlocking, String after, Life pairOther,
                List<Life> polled) {
            this(event, call, life, made, nonBlocking, after, pairOther, polled, false);
        }
    }

    private static final class Reader {
        private final Map<String, Map<Integer, Life>> open = new HashMap<>();
        private final List<Life> lives = new ArrayList<>();
        private final Map<String, Integer> placeIndex = new LinkedHashMap<>();
        private final List<Object[]> placeValues = new ArrayList<>();

        CodeScript read(List<Event> events, long upTo) {
            List<Raw> raws = new ArrayList<>();
            LinkedHashSet<String> endpoints = new LinkedHashSet<>();
            String previous = null;
            // Every call is read, so a socket is named and typed by its whole life (the listener is "listener" while
            // the cursor is still on its bind); only the calls up to the cursor become steps.
            // The calls a traced program's C library made on its own inside getaddrinfo() are no line of the program.
            Set<Long> library = LibraryCalls.of(events);
            for (Event e : events) {
                if (!(e.payload() instanceof Payload.Call c) || library.contains(e.seq())) continue;
                Raw raw = first(e, c, previous);
                if (raw == null || e.seq() > upTo) continue;
                raws.add(raw);
                endpoints.add(e.endpoint());
                previous = e.endpoint();
            }
            name();
            List<Step> steps = new ArrayList<>();
            for (Raw r : raws) {
                Op op = op(r);
                if (op == null) continue;
                Payload.Call c = r.call();
                steps.add(new Step(r.event().seq(), r.event().endpoint(), op, c.result(), c.errno(), c.errnoName(),
                        r.nonBlocking(),
                        r.after(), c));
            }
            return new CodeScript(places(), List.copyOf(endpoints), steps);
        }

        private Raw first(Event e, Payload.Call c, String previous) {
            Map<Integer, Life> mine = open.computeIfAbsent(e.endpoint(), k -> new HashMap<>());
            String after = previous != null && !previous.equals(e.endpoint()) ? previous : null;
            if (c.call().equals("socket")) {
                Optional<Domain> domain = enumOf(Domain.class, c.args().get("domain"));
                Optional<SockType> type = sockType(c.args().get("type"));
                if (domain.isEmpty() || type.isEmpty()) return null;
                Life made = new Life(e.endpoint(), domain.get(), type.get(), false);
                made.nonBlocking = typeFlags(c.args().get("type")).contains("SOCK_NONBLOCK");
                lives.add(made);
                if (!c.failed()) mine.put((int) c.result(), made);
                return new Raw(e, c, made, made, false, after, null, List.of());
            }
            if (c.call().equals("socketpair")) {
                Optional<Domain> domain = enumOf(Domain.class, c.args().get("domain"));
                Optional<SockType> type = sockType(c.args().get("type"));
                if (domain.isEmpty() || type.isEmpty()) return null;
                Life one = new Life(e.endpoint(), domain.get(), type.get(), false), two = null;
                lives.add(one);
                List<Integer> fds = c.madeFds();
                if (fds.size() == 2) {
                    two = new Life(e.endpoint(), domain.get(), type.get(), false);
                    lives.add(two);
                    mine.put(fds.get(0), one);
                    mine.put(fds.get(1), two);
                }
                return new Raw(e, c, one, one, false, after, two, List.of());
            }
            if (c.call().equals("poll") || c.call().equals("select")) {
                List<Life> watched = new ArrayList<>();
                // poll's fds=[{fd=3, ...}], select's readfds=[3 4]
                Matcher fd = c.call().equals("poll")
                        ? Pattern.compile("fd=(\\d+)").matcher(c.args().getOrDefault("fds", ""))
                        : Pattern.compile("(\\d+)").matcher(c.args().getOrDefault("readfds", ""));
                while (fd.find()) {
                    Life l = mine.get(Integer.parseInt(fd.group(1)));
                    if (l == null) return null; // a socket this journal does not show being made
                    watched.add(l);
                }
                if (watched.isEmpty()) return null;
                return new Raw(e, c, watched.getFirst(), null, watched.getFirst().nonBlocking, after, null, watched);
            }
            // No socket: a signal's disposition, a lookup (its numeric service a program argument), a process call.
            Op.GetAddrInfo.port(c.call(), c.args()).ifPresent(port -> place(false, port, null));
            if (Set.of("signal", "getaddrinfo", "fork", "waitpid").contains(c.call()))
                return new Raw(e, c, null, null, false, after, null, List.of());
            if (c.call().equals("unlink")) {
                String path = c.args().get("path");
                if (path == null) return null;
                place(true, 0, path);
                return new Raw(e, c, null, null, false, after, null, List.of());
            }
            Life life = c.fd() == null ? null : mine.get(c.fd());
            if (life == null) return null; // a socket this journal does not show being made
            boolean nonBlocking = life.nonBlocking;
            Life made = null;
            switch (c.call()) {
                case "listen" -> {
                    if (!c.failed()) {
                        life.listens = true;
                        life.backlog = intOf(c.args().get("backlog"), 128);
                    }
                }
                case "accept", "accept4" -> {
                    if (!c.failed()) {
                        made = new Life(e.endpoint(), life.domain, life.type, true);
                        made.nonBlocking = typeFlags(c.args().get("flags")).contains("SOCK_NONBLOCK");
                        lives.add(made);
                        mine.put((int) c.result(), made);
                    }
                }
                case "fcntl" -> {
                    if (!c.failed()) life.nonBlocking = "O_NONBLOCK".equals(c.args().get("arg"));
                }
                case "close" -> mine.remove(c.fd());
                case "recvfrom" -> {
                    if (!c.failed() && c.args().get("from") != null) life.lastFrom = c.args().get("from");
                }
                case "sendto" -> {
                    // To whoever the last recvfrom() heard from: a reply. That address (often a port the sender's
                    // kernel chose) is no argument of the program: it keeps what recvfrom() gave and answers there.
                    String to = c.args().get("addr");
                    if (to != null && to.equals(life.lastFrom))
                        return new Raw(e, c, life, null, nonBlocking, after, null, List.of(), true);
                    addr(life.domain, to);
                }
                case "bind", "connect" -> addr(life.domain, c.args().get("addr"));
                default -> {
                }
            }
            return new Raw(e, c, life, made, nonBlocking, after, null, List.of());
        }

        /** Names every socket by its role, numbering the second and later ones of a role in each program. */
        private void name() {
            Map<String, Integer> seen = new HashMap<>();
            for (Life l : lives) {
                int n = seen.merge(l.endpoint + "/" + l.role(), 1, Integer::sum);
                l.sock = new Op.Sock(n == 1 ? l.role() : l.role() + n, l.domain, l.type, l.listens, l.backlog,
                        l.accepted);
            }
        }

        private Op op(Raw r) {
            Payload.Call c = r.call();
            Map<String, String> a = c.args();
            Op.Sock s = r.life() == null ? null : r.life().sock;
            return switch (c.call()) {
                case "socket" -> new Op.Socket(s, r.life().domain, r.life().type,
                        enumOf(Protocol.class, a.get("protocol"))
                                .orElse(Protocol.DEFAULT),
                        typeFlags(a.get("type")));
                case "socketpair" -> new Op.SocketPair(s, r.pairOther() == null ? null : r.pairOther().sock,
                        r.life().domain, r.life().type);
                case "read" -> new Op.Read(s, intOf(a.get("len"), 1024));
                case "write" -> new Op.Write(s, bytes(c));
                case "poll" -> new Op.Poll(s, r.polled().stream().map(l -> l.sock).toList(), pollEvents(a.get("fds")),
                        intOf(a.get("timeout"), 0));
                case "select" -> {
                    int highest = 0;
                    Matcher fd = Pattern.compile("(\\d+)").matcher(a.getOrDefault("readfds", ""));
                    while (fd.find()) highest = Math.max(highest, Integer.parseInt(fd.group(1)));
                    String timeout = a.getOrDefault("timeout", "NULL");
                    yield new Op.Select(s, r.polled().stream().map(l -> l.sock).toList(),
                            intOf(a.get("nfds"), highest + 1) - highest,
                            timeout.equals("NULL")
                                    ? -1
                                    : (int) (field(timeout, "tv_sec=") * 1000 + field(timeout, "tv_usec=") / 1000));
                }
                case "bind" -> addr(r.life().domain, a.get("addr")).map(ad -> (Op) new Op.Bind(s, ad)).orElse(null);
                case "listen" -> new Op.Listen(s, intOf(a.get("backlog"), 128));
                case "accept", "accept4" -> new Op.Accept(s, r.made() == null ? null : r.made().sock,
                        c.call().equals("accept4") ? typeFlags(a.get("flags")) : List.of());
                case "connect" ->
                    addr(r.life().domain, a.get("addr")).map(ad -> (Op) new Op.Connect(s, ad)).orElse(null);
                case "send" -> new Op.Send(s, bytes(c), flags(a));
                case "recv" -> new Op.Recv(s, intOf(a.get("len"), 1024), flags(a));
                case "sendto" -> {
                    if (r.reply()) yield new Op.ReplyTo(s, bytes(c), flags(a));
                    String to = a.get("addr");
                    if (to == null || to.equals("NULL")) yield new Op.SendTo(s, bytes(c), null, flags(a));
                    yield addr(r.life().domain, to).map(ad -> (Op) new Op.SendTo(s, bytes(c), ad, flags(a)))
                            .orElse(null);
                }
                case "recvfrom" -> new Op.RecvFrom(s, intOf(a.get("len"), 1024), flags(a));
                case "shutdown" ->
                    enumOf(ShutdownHow.class, a.get("how")).map(h -> (Op) new Op.Shutdown(s, h)).orElse(null);
                case "close" -> new Op.Close(s);
                case "setsockopt" -> enumOf(SocketOption.class, a.get("option"))
                        .map(o -> (Op) new Op.SetOption(s, o, optionValue(o, a.get("value")))).orElse(null);
                case "getsockopt" ->
                    enumOf(SocketOption.class, a.get("option")).map(o -> (Op) new Op.GetOption(s, o)).orElse(null);
                case "fcntl" -> new Op.SetNonBlocking(s, "O_NONBLOCK".equals(a.get("arg")));
                case "getsockname" -> new Op.GetSockName(s);
                case "getpeername" -> new Op.GetPeerName(s);
                case "getaddrinfo" -> Op.GetAddrInfo.of(a);
                case "fork", "waitpid" -> new Op.ProcessCall(c.call());
                case "unlink" -> new Op.Unlink(addr(Domain.AF_UNIX, a.get("path")).orElseThrow());
                case "signal" -> a.get("signum") == null || a.get("handler") == null
                        ? null
                        : new Op.Signal(a.get("signum"), a.get("handler"), "SA_RESTART".equals(a.get("sa_flags")));
                default -> null;
            };
        }

        /**
         * The socket type of a traced program's {@code socket()}: glibc and the runtimes of Python and Rust ask for
         * {@code SOCK_STREAM|SOCK_CLOEXEC} (the descriptor is closed across exec, which the socket's life never sees).
         */
        private static Optional<SockType> sockType(String text) {
            if (text == null) return Optional.empty();
            for (String part : text.split("\\|")) {
                Optional<SockType> t = enumOf(SockType.class, part.strip());
                if (t.isPresent()) return t;
            }
            return Optional.empty();
        }

        /**
         * The flags or-ed into a socket type or given to accept4() ({@code SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK}):
         * {@code SOCK_NONBLOCK} and {@code SOCK_CLOEXEC}, in that order, as the program asked for them.
         */
        static List<String> typeFlags(String text) {
            if (text == null) return List.of();
            List<String> parts = List.of(text.split("\\|")).stream().map(String::strip).toList();
            return List.of("SOCK_NONBLOCK", "SOCK_CLOEXEC").stream().filter(parts::contains).toList();
        }

        private Optional<Op.Addr> addr(Domain domain, String text) {
            if (text == null) return Optional.empty();
            SockAddr parsed;
            try {
                parsed = SockAddr.parse(text, domain);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            return Optional.of(switch (parsed) {
                case SockAddr.Inet4 v4 -> new Op.Addr(domain, text.substring(0, text.lastIndexOf(':')), v4.port(), null,
                        v4.port() == 0 ? -1 : place(false, v4.port(), null));
                case SockAddr.Inet6 v6 -> new Op.Addr(domain, text.substring(1, text.indexOf("]:")), v6.port(), null,
                        v6.port() == 0 ? -1 : place(false, v6.port(), null));
                case SockAddr.Unix u -> new Op.Addr(domain, null, 0, u.path(), place(true, 0, u.path()));
            });
        }

        private int place(boolean path, int port, String pathText) {
            String key = path ? "path:" + pathText : "port:" + port;
            return placeIndex.computeIfAbsent(key, k -> {
                placeValues.add(new Object[]{path, port, pathText});
                return placeValues.size() - 1;
            });
        }

        private List<Place> places() {
            long ports = placeValues.stream().filter(v -> !(boolean) v[0]).count(), paths = placeValues.size() - ports;
            int portN = 0, pathN = 0;
            List<Place> out = new ArrayList<>();
            for (int i = 0; i < placeValues.size(); i++) {
                Object[] v = placeValues.get(i);
                boolean path = (boolean) v[0];
                String var = path ? (paths == 1 ? "path" : "path" + ++pathN) : (ports == 1 ? "port" : "port" + ++portN);
                out.add(new Place(i, var, path, (int) v[1], (String) v[2]));
            }
            return out;
        }
    }

    private static Set<MsgFlag> flags(Map<String, String> args) {
        try {
            return MsgFlag.parse(args.get("flags"));
        } catch (IllegalArgumentException unknown) {
            return Set.of();
        }
    }

    /** poll's events, the same for every fd: read from the first {@code events=} of its {@code fds}. */
    private static Set<PollEvent> pollEvents(String fds) {
        Matcher m = Pattern.compile("events=([A-Z|0]+)")
                .matcher(fds == null ? "" : fds);
        try {
            return m.find() ? PollEvent.parse(m.group(1)) : Set.of();
        } catch (IllegalArgumentException unknown) {
            return Set.of();
        }
    }

    private static Op.Bytes bytes(Payload.Call c) {
        byte[] held = c.data() == null ? new byte[0] : c.data();
        int asked = intOf(c.args().get("len"), (int) c.dataLength());
        if (asked <= held.length) return new Op.Bytes(held);
        // The journal holds the bytes the kernel took (a long session's only their start); the rest is unknown: filled.
        byte[] all = Arrays.copyOf(held, asked);
        Arrays.fill(all, held.length, asked, held.length > 0 ? held[held.length - 1] : (byte) '.');
        return new Op.Bytes(all, held.length);
    }

    /**
     * SO_LINGER is journaled as {@code {l_onoff=1, l_linger=0}}, SO_RCVTIMEO/SO_SNDTIMEO as
     * {@code {tv_sec=0, tv_usec=300000}} (given back in milliseconds); other options as their int.
     */
    private static int optionValue(SocketOption option, String value) {
        if (value == null) return 0;
        if (option.isTimeout()) return (int) (field(value, "tv_sec=") * 1000 + field(value, "tv_usec=") / 1000);
        if (option == SocketOption.SO_LINGER) {
            if (value.contains("l_onoff=0")) return -1;
            int at = value.indexOf("l_linger=");
            return at < 0 ? 0 : intOf(value.substring(at + 9).replace("}", "").strip(), 0);
        }
        return intOf(value, 0);
    }

    /** The number after {@code name} in a journaled struct ({@code tv_usec=300000}), 0 where it is not there. */
    private static long field(String struct, String name) {
        int at = struct.indexOf(name);
        if (at < 0) return 0;
        int end = at + name.length();
        while (end < struct.length() && Character.isDigit(struct.charAt(end))) end++;
        return intOf(struct.substring(at + name.length(), end), 0);
    }

    private static int intOf(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static <E extends Enum<E>> Optional<E> enumOf(Class<E> type, String name) {
        if (name == null) return Optional.empty();
        try {
            return Optional.of(Enum.valueOf(type, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
