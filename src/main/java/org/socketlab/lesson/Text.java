package org.socketlab.lesson;

import java.util.Map;
import org.socketlab.i18n.Lang;

/** A text given in both first-class languages. */
public record Text(String es, String en) {
    public String in(Lang lang) {
        return lang == Lang.ES ? es : en;
    }

    /** As a journal {@code note} payload wants it: language code to text. */
    public Map<String, String> byCode() {
        return Map.of(Lang.ES.code(), es, Lang.EN.code(), en);
    }
}
