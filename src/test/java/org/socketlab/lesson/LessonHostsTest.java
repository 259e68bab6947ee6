package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.cli.Cli;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lesson.predict.LessonPlayer;
import org.socketlab.syscall.Libc;

/**
 * A lesson file's {@code "hosts"} (issue 40): two machines, each endpoint on one, addresses naming a host; every
 * malformed kind refused with its own message in both languages, and a lesson on two machines refused by a lab of one.
 */
class LessonHostsTest {
    /** Server and a second client on h2, the client on h1; the clients connect to h2 by name, the server binds it. */
    static final String TWO = """
            {
              "id": "on-two",
              "title": {"es": "Dos", "en": "Two"},
              "summary": {"es": "Dos máquinas.", "en": "Two machines."},
              "hosts": [
                {"name": "h1", "endpoints": ["client"]},
                {"name": "h2", "endpoints": ["server", "client-2"]}
              ],
              "steps": [
                {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "l",
                 "narration": {"es": "crea", "en": "makes"}, "expect": {"result": "fd"}},
                {"endpoint": "server", "call": "bind", "socket": "l", "address": "h2:{port}",
                 "narration": {"es": "bind", "en": "bind"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "listen", "socket": "l", "backlog": 5,
                 "narration": {"es": "escucha", "en": "listens"}, "expect": {"result": 0}},
                {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "c",
                 "narration": {"es": "crea", "en": "makes"}, "expect": {"result": "fd"}},
                {"endpoint": "client", "call": "connect", "socket": "c", "address": "h2:{port}",
                 "narration": {"es": "conecta", "en": "connects"}, "expect": {"result": 0}},
                {"endpoint": "client-2", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "d",
                 "narration": {"es": "crea", "en": "makes"}, "expect": {"result": "fd"}},
                {"endpoint": "client-2", "call": "connect", "socket": "d", "address": "10.77.0.2:{port}",
                 "narration": {"es": "conecta", "en": "connects"}, "expect": {"result": 0}}
              ]
            }
            """;

    private static Lesson parse(String json) {
        return LessonLoader.parse("two.json", json, true);
    }

    /** The refusal's English text, after checking the Spanish one is a translation (not the key, not the English). */
    private static String refused(String json, String key) {
        LocalizedException e = assertThrows(LocalizedException.class, () -> parse(json));
        String en = Messages.of(Lang.EN).text(e), es = Messages.of(Lang.ES).text(e);
        assertTrue(en.contains(Messages.of(Lang.EN).get(key).replaceAll("\\{\\d\\}.*", "").strip()), en);
        assertFalse(en.contains(key) || es.contains(key), en + " / " + es);
        assertFalse(en.equals(es), es);
        return en;
    }

    @Test
    void aLessonDeclaresItsTwoMachinesAndItsAddressesNameThem() {
        Lesson lesson = parse(TWO);
        assertTrue(lesson.onTwoHosts());
        LabHosts hosts = lesson.hosts();
        assertEquals("h1", hosts.first());
        assertEquals("h2", hosts.second());
        assertEquals(Set.of("server", "client-2"), hosts.onSecond());
        assertEquals("h1", hosts.hostOf("client"));
        assertEquals(SecondHost.SERVER_ADDRESS, hosts.addressOf("client-2"));
        List<String> addresses = lesson.steps().stream().map(Step::address).filter(a -> a != null).toList();
        assertEquals(List.of("10.77.0.2:{port}", "10.77.0.2:{port}", "10.77.0.2:{port}"), addresses);
        // Already on its hosts: --two-hosts leaves it as it is.
        assertSame(lesson, TwoHosts.rewrite(lesson));
        // `socketlab lessons` marks it as always on two machines, not as taking the option it does not need.
        assertEquals(TwoHosts.Fit.ALWAYS_TWO, TwoHosts.fit(lesson));
        assertEquals("  [two machines]", Cli.hostsMark(lesson, Messages.of(Lang.EN)));
        assertEquals("  [dos máquinas]", Cli.hostsMark(lesson, Messages.of(Lang.ES)));
    }

    @Test
    void aLessonWithoutHostsIsOnOneMachineAndTwoHostsPlacesTheServerApart() {
        Lesson one = parse(TWO.replaceAll("(?s)\"hosts\": \\[.*?\\],\\s*\"steps\"", "\"steps\"")
                .replace("h2:{port}", "127.0.0.1:{port}").replace("10.77.0.2:{port}", "127.0.0.1:{port}")
                .replaceAll("(?s),\\s*\\{\"endpoint\": \"client-2\".*?\\}\\}", ""));
        assertFalse(one.onTwoHosts());
        assertNull(one.hosts());
        Lesson moved = TwoHosts.rewrite(one);
        assertEquals(LabHosts.SERVER_APART, moved.hosts());
        assertEquals(TwoHosts.Fit.MOVES, TwoHosts.fit(one));
        assertEquals("  [--two-hosts]", Cli.hostsMark(one, Messages.of(Lang.ES)));
        assertEquals("h2", moved.hosts().hostOf("server"));
        assertEquals("h1", moved.hosts().hostOf("client"));
    }

    @Test
    void malformedHostsAreRefusedEachWithItsOwnMessage() {
        refused(TWO.replace("{\"name\": \"h1\", \"endpoints\": [\"client\"]},", ""), "lesson.error.hostsCount");
        refused(TWO.replace("\"name\": \"h2\"", "\"name\": \"h1\""), "lesson.error.duplicateHost");
        refused(TWO.replace("\"name\": \"h2\"", "\"name\": \"2nd\""), "lesson.error.badHost");
        refused(TWO.replace("[\"client\"]", "[\"client\", \"server\"]"), "lesson.error.endpointTwoHosts");
        refused(TWO.replace("[\"client\"]", "[]"), "lesson.error.hostEmpty");
        refused(TWO.replace("[\"client\"]", "[\"client\", \"router\"]"), "lesson.error.badEndpoint");
        refused(TWO.replace("\"server\", \"client-2\"", "\"server\""), "lesson.error.endpointNoHost");
        refused(TWO.replace("{\"name\": \"h1\", \"endpoints\": [\"client\"]}",
                "{\"name\": \"h1\", \"endpoints\": [\"client\"], \"address\": \"10.0.0.1\"}"),
                "lesson.error.unknownField");
        // The hosts' addresses exist only in a lesson that declares them; another address is never reached.
        String undeclared = refused(TWO.replaceAll("(?s)\"hosts\": \\[.*?\\],\\s*\"steps\"", "\"steps\"")
                .replace("h2:{port}", "127.0.0.1:{port}"), "lesson.error.hostAddressUndeclared");
        assertTrue(undeclared.contains("10.77.0.2"), undeclared);
        refused(TWO.replace("10.77.0.2:{port}", "10.77.0.9:{port}"), "input.address.notLoopback");
        // A name that is no declared host is no address.
        assertThrows(LocalizedException.class, () -> parse(TWO.replace("\"h2:{port}\"", "\"h3:{port}\"")));
    }

    @Test
    void aSocketIsHandedOverOnlyOnItsOwnMachine() {
        // The listener handed to a thread declared on h1: the socket would change machines.
        String handOver = TWO.replace("[\"client\"]", "[\"client\", \"server-2\"]").replace(
                "\"expect\": {\"result\": 0}},\n    {\"endpoint\": \"client\", \"call\": \"socket\"",
                "\"expect\": {\"result\": 0}},\n    {\"endpoint\": \"server\", \"hand_over\": \"l\", \"to\": \"server-2\","
                        + " \"narration\": {\"es\": \"pasa\", \"en\": \"hands\"}},\n"
                        + "    {\"endpoint\": \"client\", \"call\": \"socket\"");
        String en = refused(handOver, "lesson.error.handOverHost");
        assertTrue(en.contains("server-2 (on h1)"), en);
    }

    @Test
    void aLessonOnTwoMachinesIsRefusedByALabOfOne() {
        Lesson lesson = parse(TWO);
        try (Lab lab = new Lab(Libc.forThisMachine(), new Journal(), false)) {
            LocalizedException e = assertThrows(LocalizedException.class, () -> new LessonRunner().run(lesson, lab));
            assertEquals("lesson.hosts.oneMachine", e.key());
            assertTrue(lab.journal().snapshot().stream().noneMatch(ev -> "call".equals(ev.payload().type())),
                    "no call was made");
            // The window plays it so: its note says why, in each language.
            assertNull(LessonPlayer.play(lesson, lab, null, null));
            Payload.Note note = (Payload.Note) lab.journal().snapshot().getLast().payload();
            assertTrue(note.text().get("es").contains("se ejecuta en dos máquinas (\"hosts\" h1 y h2)"), note.text()
                    .toString());
            assertTrue(note.text().get("en").contains("runs on two machines (\"hosts\" h1 and h2)"), note.text()
                    .toString());
        }
    }

    @Test
    void aLessonSetsItsLinksRateOnlyWithItsHostsAndRunRateIsRefusedForIt() {
        String withLink = TWO.replace("\"steps\": [", "\"link\": {\"rate_kbit\": 2000},\n  \"steps\": [");
        assertEquals(2000, parse(withLink).linkKbit());
        assertNull(parse(TWO).linkKbit());
        String noHosts = withLink.replaceAll("(?s)\"hosts\": \\[.*?\\],\\s*", "").replace("h2:{port}",
                "127.0.0.1:{port}").replace("10.77.0.2:{port}", "127.0.0.1:{port}");
        refused(noHosts, "lesson.error.linkWithoutHosts");
        refused(withLink.replace("2000", "0"), "lesson.error.badNumber");
        refused(withLink.replace("\"rate_kbit\": 2000", "\"rate_kbit\": 2000, \"latency_ms\": 5"),
                "lesson.error.unknownField");
        assertEquals(2000, LessonLoader.load("bottleneck").linkKbit());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[]{"run", "bottleneck", "--rate", "500", "--lang", "en"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Cli.USAGE, status);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("--rate: lesson bottleneck sets the rate of its own link"
                        + " (2000 kbit/s)."),
                err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Issue 60: a lesson pins SocketLab's wire for itself (delay, fates and seed, a number for both ways or two), which
     * the runner sets before its first step; a bad value names the field, and run's link options are refused for it.
     */
    @Test
    void aLessonPinsItsOwnWireAndRunsLinkOptionsAreRefusedForIt() {
        String wired = TWO.replace("\"steps\": [", "\"link\": {\"delay_ms\": [20, 5.5], \"reorder_percent\": 25,"
                + " \"loss_percent\": 1.5, \"loss_burst\": 3, \"seed\": 42},\n  \"steps\": [");
        Lesson lesson = parse(wired);
        assertNull(lesson.linkKbit());
        LinkConditions wire = lesson.wire();
        assertEquals(new LinkConditions(new LinkConditions.Way(20_000, 0, 15_000, 3, 0, 250_000),
                new LinkConditions.Way(5_500, 0, 15_000, 3, 0, 250_000), 0, 42), wire);
        assertEquals(1, parse(wired.replace(", \"seed\": 42", "")).wire().seed()); // the default seed
        assertEquals(700, parse(wired.replace("\"seed\": 42", "\"seed\": 42, \"rate_kbit\": 700")).wire()
                .rateKbit()); // beside the wire's conditions, the wire's rate
        refused(wired.replace("[20, 5.5]", "-1"), "lesson.error.badLinkValue");
        refused(wired.replace("[20, 5.5]", "\"20\""), "lesson.error.badLinkValue");
        refused(wired.replace("\"loss_percent\": 1.5", "\"loss_percent\": 101"), "lesson.error.badLinkValue");
        refused(wired.replace("[20, 5.5]", "[20, 0]"), "cli.link.reorderNeedsDelay");
        refused(TWO.replace("\"steps\": [", "\"link\": {},\n  \"steps\": ["), "lesson.error.linkEmpty");
        assertEquals(50_000, LessonLoader.load("round-trip").wire().toServer().delayUs());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[]{"run", "round-trip", "--delay", "10", "--lang", "en"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Cli.USAGE, status);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("--delay: lesson round-trip sets its own link (link: 50"
                        + " ms each way)."),
                err.toString(StandardCharsets.UTF_8));
    }
}
