package org.socketlab.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * The Spanish Markdown transcript of EVERY lesson, run on real sockets, has no English in it but names of calls,
 * constants and RFCs. "English" is every word of the program's own English texts (messages_en and the lessons'
 * English narration): whatever leaks into a Spanish transcript comes from there or from code, and code's words are
 * caught too because the capture reasons, endpoints and states are English words of messages_en. Words that are
 * Spanish as well ("no", "real", "local") or names ("socket", "Linux") are in an explicit allow-list.
 */
class SpanishTranscriptTest {
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}_'’-]*");
    private static final Pattern CODE_SPAN = Pattern.compile("``.*?``|`[^`]*`");
    /**
     * Bytes written out in hex ({@code 02 00 be 82}, addrlen's sentence of what accept() wrote): data, not words; a port
     * whose byte was 0xbe made "be" an English word in a lane-1 run.
     */
    private static final Pattern HEX_BYTES = Pattern.compile("\\b[0-9a-fA-F]{2}(?: [0-9a-fA-F]{2}){1,}\\b");

    /** Names of calls (and of the functions the lessons mention beside them). */
    private static final Set<String> CALLS = Set.of("socket", "bind", "listen", "accept", "accept4", "connect", "send",
            "recv",
            "sendto", "recvfrom", "recvmsg", "shutdown", "close", "setsockopt", "getsockopt", "fcntl", "getsockname",
            "getpeername", "unlink", "poll", "select", "epoll", "read", "write", "ioctl", "perror", "signal",
            "socketpair", "fork", "sigaction", "sigprocmask", "alarm", "getaddrinfo", "freeaddrinfo", "gai_strerror",
            "inet_pton");

    /** Words that are Spanish too, names of things, units and the lessons' own data, checked one by one. */
    private static final Set<String> ALLOWED = Set.of(
            // Spanish words that are also English words
            "a", "e", "el", "en", "es", "o", "no", "fin", "dos", "tres", "uno", "segundo", "real", "normal", "local",
            "original", "control", "error", "portable", "descriptor", "use", "soy", "hola", "mundo", "total", "final",
            "central", "general", "similar", "simple", "ignore",
            // «u», «o» before a word that begins with o (reuseport: «una cola u otra»)
            "u",
            // names: of tools, systems, languages, structures, files
            "socket", "sockets", "backlog", "loopback", "tcpdump", "errno", "linux", "docker", "bsd", "macos", "java",
            "python", "rust", "struct", "ipv4", "ipv6", "pcap", "wireshark", "somaxconn", "net", "core", "tmp", "ls",
            "man", "root", "ss", "x11", "fd", "len", "seq", "ack", "bytes", "byte", "bits", "recv-q", "send-q",
            "socketlab",
            "content-length",
            // the file names the Unix-domain lessons give their sockets in the lab's folder (unix-domain.sock)
            "sock",
            // the argument and fields the calls name (send's flags, struct pollfd's events and revents, socketpair's sv), the
            // course notes' name of SOCK_RAW, tools (ping, strace), and the lessons' data
            "flag", "flags", "events", "revents", "sv", "raw", "ping", "strace", "panel", "adios", "unodos",
            // units and single letters
            "b", "c", "l", "s", "x", "ms",
            // The option, address and scenario lessons: their data ("antes", "y", "xyz"...), words Spanish too
            // (interfaces, cable, hash, IPs), names (Nagle, Windows, ssh), the byte-order functions and hex, and the
            // notes' own loop, while (1) { nv = accept(sv); ... }.
            "antes", "despues", "y", "z", "q", "r", "abc", "bc", "xyz", "ok", "hora", "las", "interfaces", "cable",
            "hash",
            // udp-jitter's datagrams ("1:dato"), quoted in its English narration too
            "dato",
            "ips", "nagle", "windows", "ssh", "htons", "htonl", "ntohs", "ffff", "addr", "while", "nv",
            // systems and libraries named by the notes on Rust, raw sockets and strace, and socketlab's own trace command
            "unix", "debian", "glibc", "trace",
            // byte-order: the terms Spanish courses keep (little-endian, big-endian), the C it quotes (buf, sizeof), the
            // hex bytes of 127.0.0.1 (7f) and the tool nc
            "little-endian", "big-endian", "buf", "sizeof", "f", "nc",
            // timeouts: the C struct SO_RCVTIMEO takes, and «decide», Spanish as much as English
            "timeval", "decide",
            // select: its argument nfds and the fd_set variable of the C it quotes (FD_SET(4, &set))
            "nfds", "set",
            // backlog-across-systems: the author it cites for BSD's backlog
            "stevens",
            // the English term given once beside «saludo en tres pasos», as the notes do
            "three-way", "handshake",
            // nagle, when its run had one: the English term given beside «sonda de pérdida de cola» (tail loss probe)
            "tail", "loss", "probe",
            // rust-std-net: the Rust types its title names, the crates and the datagram it answers with
            "tcplistener", "tcpstream", "udpsocket", "std", "libc", "pong",
            // processes (issue 38, 39): a process's pid, the kill command, the sockets process-killed names (conn, connB)
            // and the Rust names sigpipe quotes (main, Err(BrokenPipe))
            "pid", "kill", "conn", "connb", "main", "err", "brokenpipe",
            // fork-server: the process calls exit and waitpid, the command ps, /proc and the C status variable &st
            "exit", "waitpid", "ps", "proc", "st",
            // getaddrinfo: glibc's files and sources, and a name that never exists (RFC 6761)
            "etc", "hosts", "nsswitch", "conf", "resolv", "dns", "files", "localhost", "invalid", "hints", "sockaddr",
            // line-framing: the C it quotes (char buf[1024], printf), its data's user (USER ana) and the escape \n
            // written against the next command («LIST\nRETR 1», «2\nQUIT\n»)
            "char", "printf", "ana", "n", "nretr", "nquit",
            // sigchld-loop and nonblocking: the C they quote (void reap_all(int s), int fl = ...), and «bit», Spanish too
            "int", "void", "bit",
            // addrlen: the C it quotes, as the code panel writes it (accept(listener, (struct sockaddr *) &from, &len))
            "from", "listener");

    /** English words written in capitals that are no constant: the datagram states have Spanish names. */
    private static final Set<String> ENGLISH_IN_CAPITALS = Set.of("UNBOUND", "BOUND", "CONNECTED");

    @Test
    void theSpanishTranscriptOfEveryLessonHasNoEnglishButNamesOfCallsConstantsAndRfcs() throws IOException {
        Set<String> english = englishVocabulary();
        Set<String> lessonIds = Set.copyOf(LessonCatalog.IDS);
        Map<String, Set<String>> found = new TreeMap<>();
        for (String id : LessonCatalog.HOST_IDS) { // the loss lessons run only in the lab network
            Lesson lesson = LessonLoader.load(id);
            List<Event> journal;
            try (Lab lab = Lab.onThisMachine()) {
                LessonReport report = new LessonRunner().run(lesson, lab);
                assertTrue(report.passed(), () -> id + ": " + report.mismatch().describe(Messages.of(Lang.EN)));
                journal = lab.journal().snapshot();
            }
            assertTrue(journal.stream().anyMatch(e -> e.payload() instanceof Payload.Capture),
                    id + " journals its capture status");
            String md = MarkdownTranscript.render(journal, Lang.ES, lesson.title().es());
            Set<String> leaks = englishWords(md, english, lessonIds);
            if (!leaks.isEmpty()) found.put(id, leaks);
        }
        assertEquals(Map.of(), found, "English words in Spanish transcripts (lesson -> words)");
    }

    @Test
    void theCheckFindsTheEnglishThatUsedToLeak() throws IOException {
        // How a Spanish transcript read before endpoints, capture reasons and UDP states were translated.
        String before = """
                - #1 **lab** captura de la red iniciada: tcpdump on loopback
                - #15 **client** client → server TCP [SYN] len=0 — deducido, no capturado
                - #9 **server** fd 3: UNBOUND -> BOUND — según proc
                - #41 **lab** captura de la red detenida: lab closed
                """;
        Set<String> leaks = englishWords(before, englishVocabulary(), Set.of());
        assertTrue(leaks.containsAll(Set.of("lab", "on", "client", "server", "closed", "UNBOUND", "BOUND")),
                leaks.toString());
        String code = "- #3 **Servidor** `socket(AF_INET, SOCK_STREAM, 0) = 3` — ECONNREFUSED: the kernel said `no one is here`";
        assertEquals(Set.of("the", "kernel", "said"), englishWords(code, englishVocabulary(), Set.of()),
                "code spans are names of calls, their arguments and results; the words around them are checked");
        assertEquals(Set.of("to"),
                englishWords("> accept() escribió 4 bytes, 02 00 be 82: sin_port; to", englishVocabulary(),
                        Set.of()),
                "bytes in hex are data; a word beside them is still checked");
    }

    /** The words of a Spanish text that are English: neither allowed, nor calls, constants, RFCs nor lesson ids. */
    static Set<String> englishWords(String markdown, Set<String> english, Set<String> lessonIds) {
        String text = HEX_BYTES.matcher(CODE_SPAN.matcher(markdown).replaceAll(" ")).replaceAll(" ");
        Set<String> leaks = new TreeSet<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group();
            if (ENGLISH_IN_CAPITALS.contains(w)) {
                leaks.add(w);
                continue;
            }
            if (isConstant(w) || lessonIds.contains(w)) continue;
            String lower = w.toLowerCase(Locale.ROOT);
            if (CALLS.contains(lower) || ALLOWED.contains(lower)) continue;
            if (english.contains(lower)) leaks.add(w);
        }
        return leaks;
    }

    /** SYN, ECONNREFUSED, SO_LINGER, TIME_WAIT, RFC, tcp_info, AF_INET6: capitals, or a name with _ or a digit. */
    private static boolean isConstant(String w) {
        if (w.contains("_") || w.chars().anyMatch(Character::isDigit)) return true;
        return w.length() > 1 && w.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
    }

    /** Every word of the program's English texts: messages_en and the English of every lesson, lower-cased. */
    static Set<String> englishVocabulary() throws IOException {
        Set<String> words = new TreeSet<>();
        Properties en = new Properties();
        try (InputStream in = SpanishTranscriptTest.class
                .getResourceAsStream("/org/socketlab/i18n/messages_en.properties")) {
            en.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        List<String> texts = new ArrayList<>();
        en.values().forEach(v -> texts.add((String) v));
        ObjectMapper json = new ObjectMapper();
        for (String id : LessonCatalog.IDS) {
            try (InputStream in = SpanishTranscriptTest.class
                    .getResourceAsStream(LessonLoader.RESOURCE_DIR + id + ".json")) {
                JsonNode root = json.readTree(in);
                texts.add(root.path("title").path("en").asText());
                texts.add(root.path("summary").path("en").asText());
                for (JsonNode step : root.path("steps")) texts.add(step.path("narration").path("en").asText());
            }
        }
        for (String t : texts) {
            Matcher m = WORD.matcher(t);
            while (m.find()) words.add(m.group().toLowerCase(Locale.ROOT));
        }
        assertTrue(words.containsAll(Set.of("the", "server", "client", "closed", "kernel")),
                "the English vocabulary was read");
        return words;
    }
}
