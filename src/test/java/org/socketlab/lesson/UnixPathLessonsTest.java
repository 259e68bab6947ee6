package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lesson.LessonMismatchTest.lesson;
import static org.socketlab.lesson.LessonMismatchTest.step;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Domain;

/**
 * A lesson's Unix-domain paths are names in the lab's own folder: a lesson file naming any other path (the user's own
 * services) is refused when it is read, naming the step; a relative name runs, its socket file made inside the lab's
 * folder and removed on reset; an abstract name is refused on this computer's network.
 */
class UnixPathLessonsTest {
    private static final Messages EN = Messages.of(Lang.EN), ES = Messages.of(Lang.ES);
    private static final String SOCKET = step(
            "\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_UNIX\", \"type\": \"SOCK_STREAM\", \"as\": \"s\"",
            "{\"result\": \"fd\"}");

    private static String connect(String path) {
        return step("\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"" + path + "\"",
                "{\"result\": 0}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/run/user/1000/bus", "/var/run/docker.sock", "/tmp/x.sock", "../x", "a/../../x.sock",
            "/tmp/socketlab-{port}.sock"})
    void aPathOutsideTheLabIsRefusedNamingTheStep(String path) {
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("bad.json", lesson(SOCKET, connect(path))));
        String en = EN.text(e).replaceFirst(", line \\d+, column \\d+", "");
        assertTrue(en.startsWith("Lesson file bad.json, step 2 (client connect): Unix socket path \"" + path
                + "\" is outside the lab's folder"), en);
        String es = ES.text(e);
        assertTrue(es.contains("paso 2 (client connect): La ruta del socket Unix \"" + path
                + "\" está fuera de la carpeta del laboratorio"), es);
    }

    @Test
    void anAbstractNameIsRefusedOnThisComputersNetworkAndReadInTheLabs() {
        String json = lesson(SOCKET, connect("@socketlab"));
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("bad.json", json, false));
        String en = EN.text(e).replaceFirst(", line \\d+, column \\d+", "");
        assertTrue(en.startsWith("Lesson file bad.json, step 2 (client connect): Abstract Unix socket name"), en);
        assertTrue(ES.text(e).contains("nombre abstracto de socket Unix \"@socketlab\""), ES.text(e));
        Lesson inLab = LessonLoader.parse("lab.json", json, true);
        assertEquals("@socketlab", inLab.steps().get(1).address());

        // Read for the private lab network but run on this computer's: the lab refuses it, naming the step.
        try (Lab lab = Lab.withoutCapture()) {
            assertFalse(lab.network().isPrivate(),
                    "a test JVM is on this computer's network: labnet never hands it a broker");
            LessonReport report = new LessonRunner().run(inLab, lab);
            assertFalse(report.passed());
            assertInstanceOf(Mismatch.NotMade.class, report.mismatch());
            assertEquals(2, report.mismatch().step().number());
            assertTrue(report.mismatch().describe(EN).contains("Abstract Unix socket name \"@socketlab\""),
                    report.mismatch().describe(EN));
            assertFalse(lab.journal().snapshot().stream()
                    .anyMatch(ev -> ev.payload() instanceof Payload.Call c && c.call().equals("connect")),
                    "no connect was made");
        }
    }

    @Test
    void aRelativeNameRunsInTheLabsFolderAndResetRemovesIt() throws Exception {
        Lesson own = LessonLoader.parse("own.json", lesson(
                step("\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_UNIX\", \"type\": \"SOCK_STREAM\", \"as\": \"l\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"l\", \"address\": \"own.sock\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"listen\", \"socket\": \"l\", \"backlog\": 1",
                        "{\"result\": 0}"),
                SOCKET, connect("own.sock")));
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(own, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(EN));
            Path folder = lab.unixFolder().orElseThrow();
            Path file = folder.resolve("own.sock");
            assertTrue(Files.exists(file), "the socket file is in the lab's folder");
            assertTrue(lab.journal().snapshot().stream().anyMatch(ev -> ev.payload() instanceof Payload.Call c
                    && c.call().equals("bind") && file.toString().equals(c.args().get("addr"))));
            lab.resetAll().get(10, TimeUnit.SECONDS);
            assertFalse(Files.exists(file), "reset removes it");
            lab.close();
            assertFalse(Files.exists(folder), "the folder goes with its lab");
        }
    }

    @Test
    void noShippedLessonNamesAPathOutsideTheLab() {
        for (Lesson l : new LessonCatalog().all())
            for (Step s : l.steps())
                if (s.address() != null && s.addressDomain() == Domain.AF_UNIX)
                    assertFalse(s.address().startsWith("/") || s.address().startsWith("@"),
                            l.id() + ": " + s.address());
    }
}
