package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;

/** strace's lines as strace 6.1 wrote them here, decoded and raw ({@code -X raw}), whole and in halves, and fuzzed. */
class StraceParserTest {
    static final List<String> REAL = List.of(
            "15963 1795366317.501640 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<TCP:[1330396]> <0.000080>",
            "15875 1795366315.425243 socket(0x2, 0x1|0x80000, 0) = 3<TCP:[1329399]> <0.000032>",
            "15875 1795366315.428575 bind(3<TCP:[1329399]>, {sa_family=0x2, sin_port=\"\\x00\\x00\", sin_addr=\"\\x7f\\x00\\x00\\x01\"}, 16) = 0 <0.000042>",
            "15963 1795366317.528522 connect(4<TCP:[1330397]>, {sa_family=AF_INET, sin_port=htons(48425), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0 <0.003593>",
            "15963 1795366317.536596 accept4(3<TCP:[127.0.0.1:48425]>, {sa_family=AF_INET, sin_port=htons(37508), sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC) = 5<TCP:[127.0.0.1:48425->127.0.0.1:37508]> <0.000077>",
            "15875 1795366315.431448 sendto(4<TCP:[127.0.0.1:45166->127.0.0.1:57787]>, \"hi\\n\\\"\\0\\377\", 6, 0, NULL, 0) = 6 <0.004815>",
            "15875 1795366315.437284 connect(6<TCP:[1329410]>, {sa_family=0x2, sin_port=\"\\x00\\x01\", sin_addr=\"\\x7f\\x00\\x00\\x01\"}, 16) = -1 ECONNREFUSED (Connection refused) <0.000061>",
            "28198 1795366396.084597 poll([{fd=5<UNIX-STREAM:[1347810->1347811]>, events=0x1}], 1, 0) = 0 (Timeout) <0.000010>",
            "28198 1795366396.086808 getsockname(3<TCPv6:[[::1]:46575]>, {sa_family=0xa, sin6_port=\"\\xb5\\xef\", sin6_flowinfo=\"\\x00\\x00\\x00\\x00\", sin6_addr=\"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01\", sin6_scope_id=0}, [28]) = 0 <0.000013>",
            "15963 1795366317.541446 setsockopt(4<TCP:[127.0.0.1:37508->127.0.0.1:48425]>, 0x1 /* SOL_SOCKET */, 0x2 /* SO_REUSEADDR */, [1], 4) = 0 <0.000049>",
            "100 1795366317.000001 accept4(3<TCP:[127.0.0.1:5000]>,  <unfinished ...>",
            "101 1795366317.000002 write(1</dev/pts/0>, \"x\", 1) = 1 <0.000010>",
            "100 1795366317.500000 <... accept4 resumed>{sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC) = 4<TCP:[127.0.0.1:5000->127.0.0.1:40000]> <0.499998>",
            "100 1795366318.000000 +++ exited with 0 +++",
            "101 1795366318.000000 +++ killed by SIGSEGV (core dumped) +++",
            "101 1795366318.000000 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3, si_uid=0, si_status=0} ---",
            "102 1795366318.000000 exit_group(0) = ?");

    /**
     * Issue 42 item 1: select's and poll's fd sets are read whole (an annotation holding {@code ->} ends at its own
     * {@code >}), no fd is made up as their first argument, and which fds were ready is kept, as strace wrote it.
     */
    @Test
    void selectAndPollSayTheirSetsAndWhichWereReady() {
        CallTranslator translator = new CallTranslator();
        var select = (StraceLine.Syscall) StraceParser
                .parse("4242 1700000000.000001 select(5, [3<TCP:[127.0.0.1:5000]> "
                        + "4<TCP:[127.0.0.1:5000->127.0.0.1:42440]>], NULL, NULL, NULL) = 1 (in [4<TCP:[127.0.0.1:5000->"
                        + "127.0.0.1:42440]>]) <0.000020>");
        Payload.Call c = translator.translate(select, 0).orElseThrow();
        assertNull(c.fd(), "select names many sockets: none is made up as its first argument");
        assertEquals("[3 4]", c.args().get("readfds"));
        assertEquals("5", c.args().get("nfds"));
        assertEquals("in [4]", c.args().get("revents"));
        assertEquals("select(5, [3 4], NULL, NULL, NULL) = 1 (in [4])", CallFormat.line(c));
        var poll = (StraceLine.Syscall) StraceParser.parse("4242 1700000000.000002 poll([{fd=3<TCP:[127.0.0.1:5000]>, "
                + "events=POLLIN}, {fd=4<TCP:[127.0.0.1:5000->127.0.0.1:42440]>, events=POLLIN}], 2, -1) = 1 ([{fd=4, "
                + "revents=POLLIN}]) <0.000010>");
        var pair = (StraceLine.Syscall) StraceParser.parse("4242 1700000000.000003 socketpair(AF_UNIX, SOCK_STREAM, 0, "
                + "[4<UNIX:[42355403->42355404]>, 5<UNIX:[42355404->42355403]>]) = 0 <0.000010>");
        assertEquals(List.of(4, 5), translator.translate(pair, 0).orElseThrow().madeFds(),
                "a pair's fds, not its inodes");
        Payload.Call p = translator.translate(poll, 0).orElseThrow();
        assertNull(p.fd());
        assertEquals("poll([{fd=3, events=POLLIN}, {fd=4, events=POLLIN}], 2, -1) = 1 ([{fd=4, revents=POLLIN}])",
                CallFormat.line(p));
    }

    /**
     * Issue 74: in a room strace runs outside its PID namespace (--pidns-translation): the pid a clone, fork or wait
     * returns is read as strace's own, the one its lines name processes by, never the room's ("one kind of pid").
     */
    @Test
    void aPidFromTheRoomIsReadAsStracesOwn() {
        var clone = (StraceLine.Syscall) StraceParser.parse("10920 1700000000.000001 clone(child_stack=NULL, "
                + "flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, child_tidptr=0x7f6d78902a10) = 2 "
                + "/* 10921 in strace's PID NS */ <0.000072>");
        assertEquals(10921L, clone.result());
        assertEquals(72, clone.durationUs());
        var wait = (StraceLine.Syscall) StraceParser.parse("10920 1700000000.000002 wait4(-1, [{WIFEXITED(s) && "
                + "WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 2 /* 10921 in strace's PID NS */ <0.000010>");
        assertEquals(10921L, wait.result());
        var plain = (StraceLine.Syscall) StraceParser.parse("10920 1700000000.000003 clone(child_stack=NULL, "
                + "flags=SIGCHLD) = 10922 <0.000050>");
        assertEquals(10922L, plain.result(), "outside a room, the pid as it is");
    }

    @Test
    void aDecodedConnectIsReadWhole() {
        var s = assertInstanceOf(StraceLine.Syscall.class, StraceParser.parse(REAL.get(3)));
        assertEquals(15963, s.pid());
        assertEquals(1795366317528522L, s.enteredUs());
        assertEquals("connect", s.name());
        assertEquals(0L, s.result());
        assertEquals(3593, s.durationUs());
        assertEquals(4, StraceValues.fd(s.args().get(0)).number());
        assertTrue(StraceValues.fd(s.args().get(0)).socket());
        assertEquals("127.0.0.1:48425", StraceValues.sockaddr(s.args().get(1)));
    }

    @Test
    void rawAndDecodedFormsSayTheSame() {
        var raw = (StraceLine.Syscall) StraceParser.parse(REAL.get(1));
        var decoded = (StraceLine.Syscall) StraceParser.parse(REAL.get(0));
        assertEquals(StraceValues.domain(decoded.args().get(0)), StraceValues.domain(raw.args().get(0)));
        assertEquals(StraceValues.type(decoded.args().get(1)), StraceValues.type(raw.args().get(1)));
        assertEquals("SOCK_STREAM|SOCK_CLOEXEC", StraceValues.type(raw.args().get(1)));
        var bind = (StraceLine.Syscall) StraceParser.parse(REAL.get(2));
        assertEquals("127.0.0.1:0", StraceValues.sockaddr(bind.args().get(1)));
        var v6 = (StraceLine.Syscall) StraceParser.parse(REAL.get(8));
        assertEquals("[::1]:46575", StraceValues.sockaddr(v6.args().get(1)));
        assertEquals("[::1]:46575", StraceValues.fd(v6.args().get(0)).local());
    }

    @Test
    void stringsWithEscapesAreTheirBytes() {
        var send = (StraceLine.Syscall) StraceParser.parse(REAL.get(5));
        assertArrayEquals(new byte[]{'h', 'i', '\n', '"', 0, (byte) 0xff},
                StraceValues.bytes(send.args().get(1)).orElseThrow());
        assertArrayEquals("a\tb\\".getBytes(StandardCharsets.UTF_8), StraceValues.bytes("\"a\\tb\\\\\"").orElseThrow());
        assertArrayEquals(new byte[]{1, 2, 0x7f}, StraceValues.bytes("\"\\1\\x02\\177\"...").orElseThrow());
        assertEquals(Optional.empty(), StraceValues.bytes("0x7ffe12"));
    }

    @Test
    void aFailedCallHasItsErrno() {
        var s = (StraceLine.Syscall) StraceParser.parse(REAL.get(6));
        assertEquals(-1L, s.result());
        assertEquals("ECONNREFUSED", s.errnoName());
        assertEquals("127.0.0.1:1", StraceValues.sockaddr(s.args().get(1)));
    }

    @Test
    void annotationsNameTheSocketAndItsAddresses() {
        var accept = (StraceLine.Syscall) StraceParser.parse(REAL.get(4));
        StraceValues.Fd fd = accept.resultFd();
        assertNotNull(fd);
        assertEquals(5, fd.number());
        assertEquals("127.0.0.1:48425", fd.local());
        assertEquals("127.0.0.1:37508", fd.peer());
        assertTrue(fd.tcp());
        assertEquals(1330396, StraceValues.fd("3<TCP:[1330396]>").inode());
        assertFalse(StraceValues.fd("3</usr/lib/libc.so.6>").socket());
        assertFalse(StraceValues.fd("3<anon_inode:[eventpoll]>").socket());
        assertFalse(StraceValues.fd("3<pipe:[1234]>").socket());
        assertTrue(StraceValues.fd("3<socket:[1234]>").socket());
        assertTrue(StraceValues.fd("5<UNIX-STREAM:[1347810->1347811]>").unix());
    }

    @Test
    void halvesAreJoinedAtTheResumption() {
        StraceJoiner joiner = new StraceJoiner();
        assertEquals(List.of(), joiner.accept(StraceParser.parse(REAL.get(10))));
        assertEquals(1, joiner.waiting().size());
        assertInstanceOf(StraceLine.Syscall.class, joiner.accept(StraceParser.parse(REAL.get(11))).getFirst());
        var whole = (StraceLine.Syscall) joiner.accept(StraceParser.parse(REAL.get(12))).getFirst();
        assertEquals("accept4", whole.name());
        assertEquals(1795366317000001L, whole.enteredUs());
        assertEquals(4L, whole.result());
        assertEquals("127.0.0.1:40000", StraceValues.sockaddr(whole.args().get(1)));
        assertTrue(joiner.waiting().isEmpty());
    }

    @Test
    void exitsKillsSignalsAndUnfinishedExits() {
        assertEquals(new StraceLine.Exited(100, 0), StraceParser.parse(REAL.get(13)));
        assertEquals(new StraceLine.Killed(101, "SIGSEGV"), StraceParser.parse(REAL.get(14)));
        assertInstanceOf(StraceLine.Signal.class, StraceParser.parse(REAL.get(15)));
        var exit = (StraceLine.Syscall) StraceParser.parse(REAL.get(16));
        assertNull(exit.result());
        var poll = (StraceLine.Syscall) StraceParser.parse(REAL.get(7));
        assertEquals(0L, poll.result());
    }

    @Test
    void fileCallsAreToldApartFromTheirFirstCharacters() {
        assertTrue(StraceParser.onNoSocket("5 1.000001 read(3</usr/lib/x.so>, \"\\177ELF\", 832) = 832 <0.000010>"));
        assertTrue(StraceParser.onNoSocket("5 1.000001 close(3<anon_inode:[eventpoll]>) = 0 <0.000010>"));
        assertFalse(
                StraceParser.onNoSocket("5 1.000001 read(3<TCP:[127.0.0.1:1->127.0.0.1:2]>, \"x\", 1) = 1 <0.000010>"));
        assertFalse(StraceParser.onNoSocket("5 1.000001 close(3<UNIX-STREAM:[1->2]>) = 0 <0.000010>"));
        assertFalse(StraceParser.onNoSocket("5 1.000001 close(3<socket:[12]>) = 0 <0.000010>"));
        assertFalse(StraceParser.onNoSocket("5 1.000001 close(3) = 0 <0.000010>"));
    }

    @Test
    void brokenLinesSayWhy() {
        for (String bad : List.of("", "garbage", "12 1.000001 connect(3<TCP:[1]>, {sa_family=AF_INET",
                "12 1.000001 socket(AF_INET) = x",
                "12 1.000001 <... recvfrom resumed>) = 3 <0.1>")) {
            StraceLine l = StraceParser.parse(bad);
            if (l instanceof StraceLine.Unparsed u) assertFalse(u.reason().isBlank(), bad);
            else if (!(l instanceof StraceLine.Resumed)) throw new AssertionError("read as " + l + ": " + bad);
        }
        assertInstanceOf(StraceLine.Unparsed.class, new StraceJoiner()
                .accept(StraceParser.parse("12 1.000001 <... recvfrom resumed>) = 3 <0.1>")).getFirst());
    }

    // ---- fuzz: never an exception, never a hang, always a clear reason ----

    @Property(tries = 3000)
    void randomTextIsReadOrRefusedWithAReason(@ForAll("straceish") String line) {
        StraceLine l = parseInTime(line);
        if (l instanceof StraceLine.Unparsed u) assertFalse(u.reason().isBlank());
        if (l instanceof StraceLine.Syscall s) new CallTranslator().translate(s, 0); // must not throw either
        new StraceJoiner().accept(l);
    }

    @Property(tries = 2000)
    void truncatedRealLinesAreReadOrRefusedWithAReason(@ForAll("cuts") int[] cut) {
        String line = REAL.get(cut[0] % REAL.size());
        String part = line.substring(0, cut[1] % (line.length() + 1));
        StraceLine l = parseInTime(part);
        if (l instanceof StraceLine.Unparsed u) assertFalse(u.reason().isBlank());
        if (l instanceof StraceLine.Syscall s) new CallTranslator().translate(s, 0);
        StraceValues.split(part);
        StraceValues.bytes(part);
        StraceValues.sockaddr(part);
        StraceParser.onNoSocket(part);
    }

    @Provide
    Arbitrary<int[]> cuts() {
        return Arbitraries.integers().between(0, 10_000).array(int[].class).ofSize(2);
    }

    @Provide
    Arbitrary<String> straceish() {
        Arbitrary<String> pieces = Arbitraries.of("12 ", "1795366317.501640 ", "socket(", "connect(", "3<TCP:[",
                "127.0.0.1:5000", "->",
                "]>", ", ", "{sa_family=AF_INET, ", "sin_port=htons(5000)", "}", ")", " = ", "-1 ",
                "ECONNREFUSED (Connection refused)",
                " <0.000010>", "\"", "\\", "\\x", "\\377", "<unfinished ...>", "<... ", " resumed>",
                "+++ exited with 0 +++", "[", "]",
                "/*", "*/", "(", "<", ">", "=", "?", "0x", "--- SIGINT {} ---", " ", "\n");
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l)).injectDuplicates(0.0)
                .injectNull(0.0).edgeCases(e -> e.add(""));
    }

    /** The parser on one line, failing when it takes more than a second (a hang or a runaway regex). */
    private static StraceLine parseInTime(String line) {
        long start = System.nanoTime();
        StraceLine l = StraceParser.parse(line);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 1000, "parsing took " + ms + " ms: " + line);
        return l;
    }

    @Test
    void aLongLineOfNoiseIsReadInTime() {
        String noise = "1 1.000001 x(" + "(\"\\".repeat(100_000);
        parseInTime(noise);
        parseInTime("1 1.000001 read(3<TCP:[1]>, \"" + "a".repeat(2_000_000) + "\", 5) = 5" + " (".repeat(10_000));
    }
}
