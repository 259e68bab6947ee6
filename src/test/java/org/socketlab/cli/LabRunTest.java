package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.CiRules;
import org.socketlab.export.DiagramPicture;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.UnsupportedPlatformException;

/**
 * Every command that opens a lab does it through {@link LabRun}: where this system makes no real calls, it says so in
 * one line (the user's language), exits {@link Cli#UNSUPPORTED} and leaves no empty {@code --journal} file behind.
 */
class LabRunTest {
    @ParameterizedTest
    @ValueSource(strings = {"run", "quiz", "serve", "trace", "code"})
    void withoutRealCallsACommandSaysSoExits4AndLeavesNoFile(String command, @TempDir Path dir) {
        Path journal = dir.resolve("j.jsonl");
        List<String> args = new ArrayList<>(switch (command) {
            case "run", "quiz" -> List.of(command, "tcp-basics", "--journal", journal.toString());
            case "serve" -> List.of(command, "tcp", "--port", "5999", "--journal", journal.toString());
            case "trace" -> List.of(command, "--journal", journal.toString(), "--", "/bin/true");
            default -> List.of(command, "udp-basics", "--lang", "c");
        });
        if (!command.equals("code")) args.addAll(List.of("--lang", "es"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                DiagramPicture.NONE, () -> {
                    throw new UnsupportedPlatformException(Os.WINDOWS);
                }, new LessonCatalog());
        String said = err.toString(StandardCharsets.UTF_8);
        CiRules.requireOrSkip(!(command.equals("trace") && exit == TraceCommand.NO_TRACER), "strace (" + said + ")");
        assertEquals(Cli.UNSUPPORTED, exit, said);
        Lang lang = command.equals("code") ? Lang.fromSystem() : Lang.ES;
        assertTrue(said.contains(Messages.of(lang).get("app.unsupportedOs", String.valueOf(Os.WINDOWS))), said);
        assertFalse(Files.exists(journal), "the journal file the check created is removed again");
    }
}
