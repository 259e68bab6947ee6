package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lesson.LessonMismatchTest.lesson;
import static org.socketlab.lesson.LessonMismatchTest.step;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/** The wildcard addresses need the lesson's own declared opt-in, which is said, and lasts only for its run. */
class AddressLessonsTest {
    private static final String SOCKET = step(
            "\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"s\"",
            "{\"result\": \"fd\"}");

    @Test
    void aWildcardBindNeedsTheLessonsDeclarationAndNothingElseBeyondLoopbackIsAllowed() {
        String bindAny = step(
                "\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"s\", \"address\": \"0.0.0.0:{port}\"",
                "{\"result\": 0}");
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("any.json", lesson(SOCKET, bindAny)));
        assertTrue(Messages.of(Lang.EN).text(e).contains("any_address"), Messages.of(Lang.EN).text(e));
        String declared = lesson(SOCKET, bindAny).replaceFirst("\"id\": \"t\",",
                "\"id\": \"t\", \"any_address\": true,");
        assertTrue(LessonLoader.parse("any.json", declared).anyAddress());
        // The declaration is for the wildcard only: another machine's address stays refused.
        String connectOut = step(
                "\"endpoint\": \"server\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"192.0.2.1:80\"",
                "{\"result\": 0}");
        assertThrows(LocalizedException.class, () -> LessonLoader.parse("out.json",
                lesson(SOCKET, connectOut).replaceFirst("\"id\": \"t\",", "\"id\": \"t\", \"any_address\": true,")));
    }

    @Test
    void inaddrAnySaysItOptsInAndGivesLoopbackOnlyBackAfterItsRun() {
        try (Lab lab = Lab.withoutCapture()) {
            assertFalse(lab.addressPolicy().nonLoopbackAllowed());
            LessonReport report = new LessonRunner().run(LessonLoader.load("inaddr-any"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            assertFalse(lab.addressPolicy().nonLoopbackAllowed(), "loopback only again after the lesson");
            Event first = lab.journal().snapshot().stream().filter(ev -> ev.payload() instanceof Payload.Note)
                    .findFirst().orElseThrow();
            assertEquals("lab", first.endpoint());
            assertEquals(Messages.of(Lang.ES).get(LessonRunner.anyAddressKey(), "inaddr-any"),
                    ((Payload.Note) first.payload()).text().get("es"));
        }
    }

    @Test
    void anIpv4ClientOfADualStackListenerIsSeenAsAMappedAddress() {
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("ipv6-v6only"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            List<Payload.Call> calls = lab.journal().snapshot().stream().map(Event::payload)
                    .filter(p -> p instanceof Payload.Call).map(p -> (Payload.Call) p).toList();
            Payload.Call accept = calls.stream().filter(c -> c.call().equals("accept")).findFirst().orElseThrow();
            assertTrue(accept.args().get("peer").startsWith("[::ffff:127.0.0.1]:"), accept.args().toString());
            Payload.Call peer = calls.stream().filter(c -> c.call().equals("getpeername")).findFirst().orElseThrow();
            assertEquals(accept.args().get("peer"), peer.args().get("addr"));
            Payload.Call second = calls.stream().filter(c -> c.call().equals("accept")).skip(1).findFirst()
                    .orElseThrow();
            assertTrue(second.args().get("peer").startsWith("[::1]:"), second.args().toString());
        }
    }
}
