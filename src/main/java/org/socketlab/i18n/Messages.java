package org.socketlab.i18n;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The user-visible texts of one language, by dotted key ({@code server.listen.button}). */
public final class Messages {
    public static final String BUNDLE = "org.socketlab.i18n.messages";
    private final Lang lang;
    private final ResourceBundle bundle;

    private Messages(Lang lang) {
        this.lang = lang;
        // messages_en and messages_es both exist, so the system locale never leaks in as a fallback.
        this.bundle = ResourceBundle.getBundle(BUNDLE, lang.locale());
    }

    private static final Messages ES = new Messages(Lang.ES);
    private static final Messages EN = new Messages(Lang.EN);

    public static Messages of(Lang lang) {
        return lang == Lang.ES ? ES : EN;
    }

    public Lang lang() {
        return lang;
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The text for a key, formatted with {@link MessageFormat}; a missing key shows as itself so it is noticed. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
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
