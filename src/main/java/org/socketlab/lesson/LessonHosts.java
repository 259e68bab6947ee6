package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SafeName;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lab.LinkSummary;

/**
 * A lesson file's {@code "hosts"} (issue 40) and its {@code "link"} (a rate, or the wire's conditions, issue 60): the two machines of the lab network it runs on, each with its name and
 * the endpoints that live on it. The first is the lab network's own host ({@value SecondHost#CLIENT_ADDRESS} on the
 * link), the second the one the broker makes ({@value SecondHost#SERVER_ADDRESS}). A step's address may name a host
 * ({@code "h2:{port}"}), which is that host's address; every endpoint of the lesson lives on exactly one host.
 *
 * <pre>
 * "hosts": [
 *   { "name": "h1", "endpoints": ["client"] },
 *   { "name": "h2", "endpoints": ["server", "client-2"] }
 * ]
 * </pre>
 */
final class LessonHosts {
    private LessonHosts() {
    }

    /** A lesson's {@code "link"}: a rate alone (tbf), or the wire's pinned conditions (with their own rate). */
    record LessonLink(@Nullable Integer kbit, @Nullable LinkConditions wire) {
    }

    /** The hosts the file declares, checked: exactly two, distinct names, each endpoint on one of them. */
    static LabHosts read(JsonNode root, LessonFieldReader read) {
        read.at(root, "hosts");
        JsonNode list = root.get("hosts");
        if (!list.isArray() || list.size() != 2) throw new LocalizedException("lesson.error.hostsCount");
        List<String> names = new ArrayList<>();
        List<Set<String>> placed = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>();
        for (JsonNode host : list) {
            read.at(host, null);
            if (!host.isObject()) throw new LocalizedException("lesson.error.notObject");
            read.onlyFields(host, Set.of("name", "endpoints"), "hosts");
            String name = SafeName.check("name", read.string(host, "name"));
            if (!LabHosts.NAME.matcher(name).matches()) throw new LocalizedException("lesson.error.badHost", name);
            if (names.contains(name)) throw new LocalizedException("lesson.error.duplicateHost", name);
            names.add(name);
            read.at(host, "endpoints");
            JsonNode endpoints = host.get("endpoints");
            if (endpoints == null || !endpoints.isArray() || endpoints.isEmpty())
                throw new LocalizedException("lesson.error.hostEmpty", name);
            Set<String> here = new LinkedHashSet<>();
            for (JsonNode e : endpoints) {
                String endpoint = e.isTextual() ? SafeName.check("endpoints", e.asText()) : e.toString();
                if (!e.isTextual() || !StepsSoFar.ENDPOINT.matcher(endpoint).matches())
                    throw new LocalizedException("lesson.error.badEndpoint", endpoint);
                if (!all.add(endpoint)) throw new LocalizedException("lesson.error.endpointTwoHosts", endpoint);
                here.add(endpoint);
            }
            placed.add(here);
        }
        return new LabHosts(names.get(0), names.get(1), placed.get(0), placed.get(1));
    }

    /**
     * The link between the lesson's two machines ({@code "link"}): its rate alone ({@code "rate_kbit"}, a token bucket,
     * tbf), or SocketLab's own wire pinned with the lesson's conditions and seed ({@code "delay_ms"}, {@code "jitter_ms"},
     * {@code "loss_percent"}, {@code "loss_burst"}, {@code "duplicate_percent"}, {@code "reorder_percent"},
     * {@code "seed"}; each a number for both ways or {@code [to the server, to the client]}; a rate given beside them is
     * the wire's): the fates a lesson teaches happen in every run.
     */
    static LessonLink link(JsonNode root, LessonFieldReader read, @Nullable LabHosts hosts) {
        read.at(root, "link");
        if (hosts == null) throw new LocalizedException("lesson.error.linkWithoutHosts");
        JsonNode link = root.get("link");
        if (!link.isObject()) throw new LocalizedException("lesson.error.notObject");
        read.onlyFields(link, Set.of("rate_kbit", "delay_ms", "jitter_ms", "loss_percent", "loss_burst",
                "duplicate_percent", "reorder_percent", "seed"), "link");
        Integer kbit = link.has("rate_kbit") ? read.integer(link, "rate_kbit", 1, SecondHost.MAX_KBIT) : null;
        if (link.size() == (kbit == null ? 0 : 1)) {
            if (kbit == null) throw new LocalizedException("lesson.error.linkEmpty");
            return new LessonLink(kbit, null);
        }
        long[] delay = pair(link, read, "delay_ms", 1000, LinkConditions.MAX_DELAY_US, 0);
        long[] jitter = pair(link, read, "jitter_ms", 1000, LinkConditions.MAX_DELAY_US, 0);
        long[] loss = pair(link, read, "loss_percent", 10_000, LinkConditions.ALL_PPM, 0);
        long[] burst = pair(link, read, "loss_burst", 1, LinkConditions.MAX_BURST, 1);
        long[] duplicate = pair(link, read, "duplicate_percent", 10_000, LinkConditions.ALL_PPM, 0);
        long[] reorder = pair(link, read, "reorder_percent", 10_000, LinkConditions.ALL_PPM, 0);
        long seed = link.has("seed") ? read.integer(link, "seed", 0, LinkConditions.MAX_SEED) : 1;
        LinkConditions.Way[] ways = new LinkConditions.Way[2];
        for (int i = 0; i < 2; i++) {
            if (reorder[i] > 0 && delay[i] == 0) {
                read.at(link, "reorder_percent");
                throw new LocalizedException("cli.link.reorderNeedsDelay", "reorder_percent", "delay_ms");
            }
            ways[i] = new LinkConditions.Way((int) delay[i], (int) jitter[i], (int) loss[i], (int) burst[i],
                    (int) duplicate[i], (int) reorder[i]);
        }
        return new LessonLink(null, new LinkConditions(ways[0], ways[1], kbit == null ? 0 : kbit, seed));
    }

    /**
     * A field of the wire for both ways: one number, or two ({@code [to the server, to the client]}), each times
     * {@code scale} (ms to µs, a percent to ppm) at most {@code max}; {@code absent} when not given.
     */
    private static long[] pair(JsonNode link, LessonFieldReader read, String field, long scale, long max,
            long absent) {
        if (!link.has(field)) return new long[]{absent, absent};
        read.at(link, field);
        JsonNode v = link.get(field);
        List<JsonNode> values = new ArrayList<>();
        if (v.isArray() && v.size() == 2) v.forEach(values::add);
        else values.add(v);
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode one = values.get(Math.min(i, values.size() - 1));
            long scaled = one.isNumber() ? Math.round(one.asDouble() * scale) : -1;
            if (!one.isNumber() || scaled < absent || scaled > max || Math.abs(one.asDouble() * scale - scaled) > 1e-6)
                throw new LocalizedException("lesson.error.badLinkValue", field, v.toString(),
                        String.valueOf(absent / (double) scale), String.valueOf(max / (double) scale));
            out[i] = scaled;
        }
        return out;
    }

    /** What a lesson's own link replaced in the lab, given back when its run ends ({@link #giveLinkBack}). */
    sealed interface Replaced {
        /** The wire's conditions before the lesson's. */
        record Wire(LinkConditions before) implements Replaced {
        }

        /** The link's rate before the lesson's, kbit/s (0: no limit). */
        record Rate(int kbitBefore) implements Replaced {
        }
    }

    /**
     * The lesson's own link, set before its first step and said in the journal: the wire's conditions (changed on the
     * running wire when it was made otherwise, as the window's lab is), or the rate alone. Returns what it replaced
     * (the user's, in the window's lab), for {@link #giveLinkBack} when the run ends; null when nothing was replaced (no
     * link of its own, or a lab made with the lesson's link: the command line).
     */
    static @Nullable Replaced setLink(Lesson lesson, LabHosts hosts, Lab lab) {
        LinkConditions wire = lesson.wire();
        if (wire == null) {
            Integer kbit = lesson.linkKbit();
            if (kbit == null) return null;
            int before = lab.linkRate();
            limitLink(lesson, hosts, kbit, lab);
            return before == kbit ? null : new Replaced.Rate(before);
        }
        LinkConditions now = lab.link().orElseThrow(() -> new LocalizedException("lesson.link.noWire", lesson.id()));
        // A lab made for this lesson (the command line) started its wire so; else (the window's lab, a second run) the
        // wire's draws start again from the lesson's seed, so its fates are the lesson's whatever crossed before.
        if (!now.equals(wire) || lab.linkRestarted()) lab.restartLink(wire);
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            text.put(lang.code(), m.get("lesson.link.wire", lesson.id(), LinkSummary.of(wire, m),
                    String.valueOf(wire.seed())));
        }
        lab.journal().append(Lab.ITSELF, new Payload.Note(text));
        return now.equals(wire) ? null : new Replaced.Wire(now);
    }

    /**
     * The run of a lesson that set its own link ended: what it replaced is in force again, so the next lesson (or the
     * live lab) runs on the user's link, not this lesson's. Left alone when someone changed the link during the run
     * (the user's own later choice stands).
     */
    static void giveLinkBack(Lesson lesson, Lab lab, Replaced replaced) {
        switch (replaced) {
            case Replaced.Wire(LinkConditions before) -> {
                LinkConditions wire = lesson.wire();
                if (wire != null) lab.returnLink(wire, before, lesson.id());
            }
            case Replaced.Rate(int kbitBefore) -> {
                Integer kbit = lesson.linkKbit();
                if (kbit == null || lab.hosts().isEmpty() || lab.linkRate() != kbit) return;
                Map<String, String> text = new LinkedHashMap<>();
                for (Lang lang : Lang.values())
                    text.put(lang.code(), kbitBefore == 0
                            ? Messages.of(lang).get("lesson.link.rateBackNone", lesson.id())
                            : Messages.of(lang).get("lesson.link.rateBack", lesson.id(), String.valueOf(kbitBefore)));
                lab.limitRate(kbitBefore, new Payload.Note(text));
            }
        }
    }

    /** The lesson's own rate for the link between its machines, set before its first step and said in the journal. */
    private static void limitLink(Lesson lesson, LabHosts hosts, int kbit, Lab lab) {
        if (lab.secondHost().isEmpty())
            throw new LocalizedException("lesson.hosts.oneMachine", lesson.id(), hosts.first(), hosts.second());
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values())
            text.put(lang.code(), Messages.of(lang).get("lesson.link.rate", lesson.id(), String.valueOf(kbit)));
        lab.limitRate(kbit, new Payload.Note(text));
    }

    /** Whether the address (with or without its port) is one of the lab hosts' addresses on their link. */
    static boolean isHostAddress(String address) {
        return address.startsWith(SecondHost.CLIENT_ADDRESS + ":")
                || address.startsWith(SecondHost.SERVER_ADDRESS + ":")
                || address.startsWith(SecondHost.NO_HOST_ADDRESS + ":");
    }

    /** The address with a host's name ({@code "h2:{port}"}) written as that host's address; any other as it is. */
    static String resolve(LabHosts hosts, String address) {
        int colon = address.indexOf(':');
        if (colon < 0) return address;
        String name = address.substring(0, colon), rest = address.substring(colon);
        if (name.equals(hosts.first())) return SecondHost.CLIENT_ADDRESS + rest;
        if (name.equals(hosts.second())) return SecondHost.SERVER_ADDRESS + rest;
        return address;
    }

    /** A step's endpoint must live on a declared host. */
    static void requirePlaced(LabHosts hosts, String endpoint) {
        if (!hosts.places(endpoint))
            throw new LocalizedException("lesson.error.endpointNoHost", endpoint, hosts.first(), hosts.second());
    }

    /** A socket handed over goes to a thread of the same process: the same host. */
    static void requireSameHost(LabHosts hosts, String from, String to) {
        requirePlaced(hosts, to);
        if (hosts.isOnSecond(from) != hosts.isOnSecond(to))
            throw new LocalizedException("lesson.error.handOverHost", from, hosts.hostOf(from), to, hosts.hostOf(to));
    }
}
