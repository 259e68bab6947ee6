package org.socketlab.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketlab.codegen.CodeScript.Place;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;

/**
 * The ports and Unix paths a session named, numbered in order of first use as the addresses that name them are read:
 * the programs' arguments ({@code port}, {@code path}, {@code port2}...).
 */
final class ScriptPlaces {
    private final Map<String, Integer> placeIndex = new LinkedHashMap<>();
    private final List<Named> placeValues = new ArrayList<>();

    /** A place as the session named it: a port, or a path ({@code path} true). */
    private record Named(boolean path, int port, String pathText) {
    }

    /** The address {@code text} of {@code domain}, its port or path numbered as a place; empty when unreadable. */
    Optional<Op.Addr> addr(Domain domain, String text) {
        if (text == null) return Optional.empty();
        SockAddr parsed;
        try {
            parsed = SockAddr.parse(text, domain);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(switch (parsed) {
            case SockAddr.Inet4 v4 -> new Op.Addr(domain, text.substring(0, text.lastIndexOf(':')), v4.port(), null,
                    v4.port() == 0 ? -1 : place(false, v4.port(), null));
            case SockAddr.Inet6 v6 -> new Op.Addr(domain, text.substring(1, text.indexOf("]:")), v6.port(), null,
                    v6.port() == 0 ? -1 : place(false, v6.port(), null));
            case SockAddr.Unix u -> new Op.Addr(domain, null, 0, u.path(), place(true, 0, u.path()));
        });
    }

    int place(boolean path, int port, String pathText) {
        String key = path ? "path:" + pathText : "port:" + port;
        return placeIndex.computeIfAbsent(key, k -> {
            placeValues.add(new Named(path, port, pathText));
            return placeValues.size() - 1;
        });
    }

    /** The places in order of first use, each with the variable that holds it in a program. */
    List<Place> places() {
        long ports = placeValues.stream().filter(v -> !v.path()).count(), paths = placeValues.size() - ports;
        int portN = 0, pathN = 0;
        List<Place> out = new ArrayList<>();
        for (int i = 0; i < placeValues.size(); i++) {
            Named v = placeValues.get(i);
            boolean path = v.path();
            String var = path ? (paths == 1 ? "path" : "path" + ++pathN) : (ports == 1 ? "port" : "port" + ++portN);
            out.add(new Place(i, var, path, v.port(), v.pathText()));
        }
        return out;
    }
}
