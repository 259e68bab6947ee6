package org.socketlab.i18n;

import java.text.MessageFormat;
import java.util.Map;

/** The user-visible texts of one language, by dotted key ({@code server.listen.button}). */
public final class Messages {
    public static final String BUNDLE = "org.socketlab.i18n.messages";
    private final Lang lang;
    private final Map<String, String> texts;

    private Messages(Lang lang) {
        this.lang = lang;
        // One file per language, no fallback: the system locale never leaks in.
        this.texts = MessageFile.read("messages_" + lang.code() + ".properties");
    }

    /** Each language read when first asked for: a window in one language never reads the other. */
    private static final class Spanish {
        static final Messages MESSAGES = new Messages(Lang.ES);
    }

    private static final class English {
        static final Messages MESSAGES = new Messages(Lang.EN);
    }

    public static Messages of(Lang lang) {
        return lang == Lang.ES ? Spanish.MESSAGES : English.MESSAGES;
    }

    public Lang lang() {
        return lang;
    }

    public boolean has(String key) {
        return texts.containsKey(key);
    }

    /** The text for a key, formatted with {@link MessageFormat}; a missing key shows as itself so it is noticed. */
    public String get(String key, Object... args) {
        String pattern = texts.get(key);
        if (pattern == null) return "!" + key + "!";
        if (args.length == 0) return pattern;
        // A nested LocalizedException (a lesson file's detail inside "file X, step N: ...") is shown in this language too.
        Object[] resolved = args.clone();
        for (int i = 0; i < resolved.length; i++)
            if (resolved[i] instanceof LocalizedException inner) resolved[i] = text(inner);
        return new MessageFormat(pattern, lang.locale()).format(resolved);
    }

    public String text(LocalizedException e) {
        return get(e.key(), e.args());
    }
}
