package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.IcmpMessage;
import org.socketlab.kernel.TcpFlag;

/**
 * The end of a segment where the lab has no socket ({@code external}) is, on loopback, the same kernel as every other
 * lifeline's: it is named by its port and by what the kernel did there (answered a SYN with RST, a datagram with ICMP
 * port unreachable: no socket listened on that port), never as another machine's kernel. On two machines it is a
 * machine's kernel, found by its address among the hosts the endpoints' processes started on (issue 57): the other
 * host's, which refused a port, or this host's own, which found no one at an address; its segments are drawn at the
 * kernel lifeline of an endpoint on that host.
 */
final class ExternalEnds {
    static final String EXTERNAL = "external";

    private ExternalEnds() {
    }

    static List<Beat> told(List<Beat> beats) {
        Set<String> refusedPorts = new HashSet<>();
        boolean refusedUnknown = false;
        for (Beat b : beats)
            if (b instanceof Beat.Segment s && s.segment().from().equals(EXTERNAL) && refusal(s.segment())) {
                String port = port(s.segment().src());
                if (port.isEmpty()) refusedUnknown = true;
                else refusedPorts.add(port);
            }
        Map<String, Payload.Process> hosts = LifelineHosts.of(beats);
        List<Beat> told = new ArrayList<>(beats.size());
        for (Beat b : beats) {
            if (b instanceof Beat.Segment s
                    && (s.segment().from().equals(EXTERNAL) || s.segment().to().equals(EXTERNAL))) {
                Payload.Segment g = s.segment();
                String port = port(g.from().equals(EXTERNAL) ? g.src() : g.dst());
                boolean answered = port.isEmpty() ? refusedUnknown : refusedPorts.contains(port);
                Beat.Machine machine = machine(g.from().equals(EXTERNAL) ? g.src() : g.dst(), hosts);
                b = new Beat.Segment(s.event(), g, s.relSeq(), s.relAck(), s.atNs(),
                        s.retold().refused(new Beat.Refusal(port, answered,
                                !g.proto().equals("udp") && !g.proto().equals("icmp"), machine)));
            }
            told.add(b);
        }
        return told;
    }

    /**
     * The machine at {@code address} when an endpoint of the lab lives there (two machines: its host's address), the
     * server first (the machine a client reaches), else the endpoint that started there first; null on one machine.
     */
    private static Beat.@Nullable Machine machine(@Nullable String address, Map<String, Payload.Process> hosts) {
        String ip = ip(address);
        if (ip.isEmpty()) return null;
        Payload.Process server = hosts.get("server");
        if (server != null && ip.equals(server.address()))
            return new Beat.Machine(Objects.requireNonNullElse(server.host(), ip), "server");
        for (Map.Entry<String, Payload.Process> e : hosts.entrySet())
            if (ip.equals(e.getValue().address()))
                return new Beat.Machine(Objects.requireNonNullElse(e.getValue().host(), ip), e.getKey());
        return null;
    }

    /** The address of {@code 10.77.0.2:5000} or {@code [fd00::2]:5000}; "" when unknown. */
    private static String ip(@Nullable String address) {
        if (address == null || address.lastIndexOf(':') < 0) return "";
        String ip = address.substring(0, address.lastIndexOf(':'));
        return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    }

    /** An RST, or an ICMP port unreachable: the kernel saying that nothing takes this port. */
    private static boolean refusal(Payload.Segment s) {
        return s.has(TcpFlag.RST) || s.is(IcmpMessage.PORT_UNREACHABLE);
    }

    /** The port of {@code 127.0.0.1:5000} or {@code [::1]:5000}; "" when unknown (an inferred segment). */
    static String port(@Nullable String address) {
        if (address == null || address.lastIndexOf(':') < 0) return "";
        String port = address.substring(address.lastIndexOf(':') + 1);
        return port.equals("0") ? "" : port;
    }
}
