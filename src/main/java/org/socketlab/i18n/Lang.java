package org.socketlab.i18n;

import java.util.Locale;

/** The two first-class languages. */
public enum Lang {
    ES(Locale.forLanguageTag("es")), EN(Locale.ENGLISH);

    private final Locale locale;

    Lang(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    public String code() {
        return locale.getLanguage();
    }

    /** Spanish when the system speaks Spanish, English otherwise. */
    public static Lang fromSystem() {
        return of(Locale.getDefault().getLanguage());
    }

    public static Lang of(String code) {
        return "es".equalsIgnoreCase(code) ? ES : EN;
    }

    /** Strict parse for the command line: only {@code es} or {@code en}. */
    public static Lang parse(String code) {
        for (Lang lang : values()) if (lang.code().equalsIgnoreCase(code)) return lang;
        throw new LocalizedException("input.lang.invalid", code);
    }
}
