package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SafeName;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;

/**
 * A lesson file's {@code "hosts"} (issue 40) and its {@code "link"}'s rate: the two machines of the lab network it runs on, each with its name and
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

    /** The rate of the link between the lesson's two machines ({@code "link": {"rate_kbit": N}}, tbf). */
    static int linkRate(JsonNode root, LessonFieldReader read, @Nullable LabHosts hosts) {
        read.at(root, "link");
        if (hosts == null) throw new LocalizedException("lesson.error.linkWithoutHosts");
        JsonNode link = root.get("link");
        if (!link.isObject()) throw new LocalizedException("lesson.error.notObject");
        read.onlyFields(link, Set.of("rate_kbit"), "link");
        return read.integer(link, "rate_kbit", 1, SecondHost.MAX_KBIT);
    }

    /** The lesson's own rate for the link between its machines, set before its first step and said in the journal. */
    static void limitLink(Lesson lesson, LabHosts hosts, int kbit, Lab lab) {
        lab.secondHost().orElseThrow(() -> new LocalizedException("lesson.hosts.oneMachine", lesson.id(),
                hosts.first(), hosts.second())).limitRate(kbit);
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values())
            text.put(lang.code(), Messages.of(lang).get("lesson.link.rate", lesson.id(), String.valueOf(kbit)));
        lab.journal().append(Lab.ITSELF, new Payload.Note(text));
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
