package org.socketlab.journal.file;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.i18n.LocalizedException;

/**
 * What is wrong with a JSON text, said in the user's language: the parser's own words are English and name its
 * internals ("start marker at [Source: REDACTED ..."), so each kind of problem a person makes is told in a sentence of
 * ours, with the character or word it stopped at; a kind not known here is told as "malformed", never in English.
 */
public final class JsonProblem {
    private static final Pattern UNEXPECTED_CHARACTER = Pattern
            .compile("^Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*?)'");
    private static final Pattern DUPLICATE_FIELD = Pattern
            .compile("^Duplicate (?:field|Object property) \"?'?(.*?)'?\"?$");
    private static final Pattern UNEXPECTED_CLOSE = Pattern.compile("^Unexpected close marker '(.)'");
    /** A word or character quoted in a message is cut here: a file's whole line is no help in one sentence. */
    static final int MAX_QUOTED = 40;

    private JsonProblem() {
    }

    /** The problem {@code e} reports, as a localized text to put inside a message about the file. */
    public static LocalizedException of(JacksonException e) {
        if (e instanceof JsonEOFException) return new LocalizedException("json.problem.ended");
        if (e instanceof StreamConstraintsException) return new LocalizedException("json.problem.tooBig");
        String said = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        Matcher m;
        if ((m = UNEXPECTED_CHARACTER.matcher(said)).find())
            return new LocalizedException("json.problem.character", quoted(m.group(1)));
        if ((m = UNRECOGNIZED_TOKEN.matcher(said)).find())
            return new LocalizedException("json.problem.word", quoted(m.group(1)));
        if ((m = DUPLICATE_FIELD.matcher(said)).find())
            return new LocalizedException("json.problem.duplicate", quoted(m.group(1)));
        if ((m = UNEXPECTED_CLOSE.matcher(said)).find())
            return new LocalizedException("json.problem.close", quoted(m.group(1)));
        if (said.startsWith("Illegal unquoted character")) return new LocalizedException("json.problem.control");
        if (said.startsWith("Invalid UTF-8")) return new LocalizedException("json.problem.encoding");
        if (said.startsWith("Unexpected end-of-input")) return new LocalizedException("json.problem.ended");
        return new LocalizedException("json.problem.other");
    }

    private static String quoted(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }
}
