package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Request;
import org.socketlab.syscall.AddrInfo;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;

/**
 * A getaddrinfo step's fields: {@code "node"} (a name, or null for NULL), {@code "service"} (a port or service name;
 * {@code {port}} is the run's port; null for NULL), and the hints, each optional: {@code "family"} (AF_UNSPEC, the
 * default, AF_INET, AF_INET6), {@code "type"} (SOCK_STREAM, SOCK_DGRAM; none: 0) and {@code "ai_flags"}
 * ({@code "AI_PASSIVE|AI_NUMERICHOST"}).
 */
record GaiStep(@Nullable String node, @Nullable String service, @Nullable Domain family, @Nullable SockType type,
        int flags) {
    static GaiStep read(LessonFieldReader read, JsonNode step) {
        String node = nullable(read, step, "node"), service = nullable(read, step, "service");
        if (node == null && service == null) throw new LocalizedException("input.getaddrinfo.nothing");
        for (String text : new String[]{node, service})
            if (text != null && text.length() > Request.GetAddrInfo.MAX_NAME)
                throw new LocalizedException("input.getaddrinfo.name", text.substring(0, 40) + "…");
        Domain family = null;
        if (step.has("family") && !read.string(step, "family").equals("AF_UNSPEC")) {
            family = read.enumValue(Domain.class, step, "family");
            if (family == Domain.AF_UNIX)
                throw new LocalizedException("lesson.error.badChoice", "family", "AF_UNIX",
                        "AF_UNSPEC, AF_INET, AF_INET6");
        }
        SockType type = step.has("type") ? read.enumValue(SockType.class, step, "type") : null;
        int flags = 0;
        if (step.has("ai_flags")) {
            for (String name : read.string(step, "ai_flags").split("\\|")) {
                Integer f = AddrInfo.flag(name.trim());
                if (f == null)
                    throw new LocalizedException("lesson.error.badFlags", "ai_flags", name.trim(),
                            String.join(", ", Arrays.asList("AI_PASSIVE", "AI_CANONNAME", "AI_NUMERICHOST",
                                    "AI_V4MAPPED", "AI_ALL", "AI_ADDRCONFIG", "AI_NUMERICSERV")));
                flags |= f;
            }
        }
        read.at(step, "call");
        return new GaiStep(node, service, family, type, flags);
    }

    private static @Nullable String nullable(LessonFieldReader read, JsonNode step, String field) {
        JsonNode v = step.get(field);
        return v == null || v.isNull() ? null : read.string(step, field);
    }
}
