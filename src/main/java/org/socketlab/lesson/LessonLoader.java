package org.socketlab.lesson;

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
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.LocalizedException;

/**
 * Reads lesson files (the shipped {@code org/socketlab/lessons/ID.json}, or any file a user gives) and checks
 * everything before any call is made: a problem fails with one {@link LocalizedException} ({@code lesson.error.at}
 * or {@code lesson.error.step}) that names the file, the line and column, and the step, and carries the detail.
 * The format is published as {@code docs/lesson.schema.json}.
 */
public final class LessonLoader {
    public static final String RESOURCE_DIR = "/org/socketlab/lessons/";

    /** Each call's allowed fields, the common and optional ones included: docs/lesson.schema.json must say the same (a test checks). */
    static Map<String, Set<String>> fieldsByCall() {
        return CallFields.byCall();
    }

    private LessonLoader() {
    }

    /** The lesson shipped with the program under this id. */
    public static Lesson load(String id) {
        if (id == null || !LessonFileParser.ID.matcher(id).matches())
            throw new LocalizedException("lesson.error.unknown", String.valueOf(id));
        String file = id + ".json";
        try (InputStream in = LessonLoader.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) throw new LocalizedException("lesson.error.unknown", id);
            Lesson lesson = parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!lesson.id().equals(id))
                throw new LocalizedException("lesson.error.file", file,
                        new LocalizedException("lesson.error.idMismatch", lesson.id(), id));
            return lesson;
        } catch (IOException e) {
            throw new LocalizedException("lesson.error.file", file,
                    new LocalizedException("lesson.error.unreadable", e.getMessage()));
        }
    }

    /** Whether {@code socketlab run} was given a file rather than a shipped lesson's id: it has a '/' or ends in .json. */
    public static boolean isPath(String idOrPath) {
        return idOrPath.contains("/") || idOrPath.contains(File.separator) || idOrPath.endsWith(".json");
    }

    /** {@link #loadFile(Path)} for a path typed by a user (which may not even be a valid path). */
    public static Lesson loadFile(String path) {
        try {
            return loadFile(Path.of(path));
        } catch (InvalidPathException e) {
            throw new LocalizedException("lesson.error.file", path, new LocalizedException("lesson.error.noFile"));
        }
    }

    /**
     * A lesson file a user gives ({@code socketlab run path/to/lesson.json}, Lessons -> Open lesson file...), checked
     * as the shipped ones are; its messages name it as given.
     */
    public static Lesson loadFile(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path))
            throw new LocalizedException("lesson.error.file", file, new LocalizedException(Files.isDirectory(path)
                    ? "lesson.error.isFolder"
                    : Files.exists(path) ? "lesson.error.notAFile" : "lesson.error.noFile"));
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_FILE_BYTES)
                throw new LocalizedException("lesson.error.file", file, new LocalizedException("lesson.error.tooLarge",
                        String.valueOf(MAX_FILE_BYTES / (1024 * 1024))));
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new LocalizedException("lesson.error.file", file,
                    new LocalizedException("lesson.error.unreadable", String.valueOf(e.getMessage())));
        }
        String json = strictUtf8(bytes);
        if (json == null)
            throw new LocalizedException("lesson.error.file", file, new LocalizedException("lesson.error.notUtf8"));
        return parse(file, json);
    }

    /** The bytes as UTF-8 text, or null when they are not UTF-8 (never replaced by U+FFFD: a lesson says exactly what it sends). */
    static @Nullable String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A lesson file is a few KiB of text; anything far bigger is not one (and is not read whole into memory). */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    /**
     * Parses and checks one lesson file's text; {@code file} only names it in messages. An abstract Unix name is
     * accepted only when this process runs in the private lab network.
     */
    public static Lesson parse(String file, String json) {
        return parse(file, json, LabNetwork.current().isPrivate());
    }

    /** As {@link #parse(String, String)}, for lessons that run in the private lab network or not. */
    static Lesson parse(String file, String json, boolean privateNetwork) {
        LessonFileParser parser = new LessonFileParser(privateNetwork);
        try {
            return parser.lesson(json);
        } catch (StepProblem p) {
            throw new LocalizedException("lesson.error.step", file, String.valueOf(p.at.line()),
                    String.valueOf(p.at.column()),
                    String.valueOf(p.step), p.label, p.detail);
        } catch (LocalizedException detail) {
            LocatedJson.Position at = parser.read.here;
            throw new LocalizedException("lesson.error.at", file, String.valueOf(at.line()),
                    String.valueOf(at.column()), detail);
        }
    }
}
