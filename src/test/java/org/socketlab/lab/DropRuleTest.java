package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.testing.Labnet;

/**
 * The drop rules as the broker's operations and the nftables commands its templates make of them (labnet nft-script), and the refusal on this computer's own
 * network. The rules themselves drop real packets in {@code LossLessonsTest}, inside a private lab network.
 */
class DropRuleTest {
    /** The nft script the lab network's broker would run for these operations (labnet's templates; nothing run). */
    private static String script(List<String> operations) throws Exception {
        List<String> args = new ArrayList<>(List.of("nft-script"));
        args.addAll(operations);
        Labnet.Outcome o = Labnet.run(args);
        assertEquals(0, o.status(), o.output());
        return o.output();
    }

    private static List<String> selectors(DropRule rule, int id) throws Exception {
        String prefix = "add rule inet socketlab input ", suffix = " jump drop" + id;
        return script(rule.operation(id, 19)).lines().filter(l -> l.startsWith(prefix) && l.endsWith(suffix))
                .map(l -> l.substring(prefix.length(), l.length() - suffix.length())).toList();
    }

    @Test
    void theNextOneIsCountedNumberZeroInAChainOfItsOwnThatLogsBeforeItDrops() throws Exception {
        DropRule rule = DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.SYN);
        assertEquals(List.of(0), rule.dropped());
        assertEquals(List.of("drop", "3", "19", "to-server", "5000", "syn", "0"), rule.operation(3, 19));
        String nft = script(rule.operation(3, 19));
        assertTrue(nft.contains("add chain inet socketlab drop3\n"), nft);
        assertTrue(
                nft.contains(
                        "add rule inet socketlab drop3 numgen inc mod 1000 { 0 } log prefix \"lost3\" group 19 drop\n"),
                nft);
        assertTrue(nft.contains("add rule inet socketlab input tcp dport 5000 tcp flags & syn == syn jump drop3\n"),
                nft);
    }

    @Test
    void theTableIsSocketLabsOwnMadeAfreshOrResetWithItsMarkerRule() throws Exception {
        String fresh = script(DropRule.freshTable(19, 4000));
        assertEquals("add table inet socketlab\ndelete table inet socketlab\nadd table inet socketlab\n"
                + "add chain inet socketlab input { type filter hook input priority 0; policy accept; }\n"
                + "add rule inet socketlab input udp sport 4000 udp dport 4000 log prefix \"mark\" group 19\n", fresh);
        assertTrue(script(DropRule.resetTable(19, 4000)).startsWith("delete table inet socketlab\nadd table"));
        // In the second host (nft-in) the markers come over the link from the first host's address: logged, then
        // dropped (nothing there listens for them, and no ICMP port unreachable may cross back).
        List<String> far = new ArrayList<>(List.of("--far"));
        far.addAll(DropRule.freshTable(19, 4000));
        assertTrue(script(far).endsWith("add rule inet socketlab input ip saddr 10.77.0.1 ip daddr 10.77.0.2 udp sport"
                + " 4000 udp dport 4000 log prefix \"mark\" group 19 drop\n"), script(far));
    }

    @Test
    void directionIsTheServersPortAsDestinationOrSource() throws Exception {
        assertEquals(List.of("meta l4proto { tcp, udp } th sport 4000"),
                selectors(DropRule.next(DropRule.Direction.SERVER_TO_CLIENT, 4000, DropRule.Kind.ANY), 1));
        assertEquals(List.of("tcp dport 4000 tcp flags & fin == fin"),
                selectors(DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 4000, DropRule.Kind.FIN), 1));
    }

    @Test
    void dataIsADatagramOrASegmentLongerThanItsHeadersAndABareAckIsNoLonger() throws Exception {
        List<String> data = selectors(DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.DATA), 2);
        assertEquals("udp dport 5000", data.getFirst());
        assertEquals(1 + 2 * 11, data.size(), "one rule per TCP header length, for IPv4 and IPv6");
        assertTrue(data.contains("ip hdrlength 5 tcp dport 5000 @th,96,4 8 ip length > 52"), data.toString());
        assertTrue(data.contains("ip6 nexthdr tcp tcp dport 5000 @th,96,4 8 ip6 length > 32"), data.toString());
        List<String> ack = selectors(DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ACK), 2);
        assertTrue(
                ack.contains(
                        "ip hdrlength 5 tcp dport 5000 @th,96,4 8 ip length == 52 tcp flags & (syn | fin | rst) == 0"),
                ack.toString());
        assertEquals(2 * 11, ack.size());
    }

    @Test
    void aSeededShareIsSentAsItsPacketNumbersAndTheBrokerTakesThemAll() throws Exception {
        DropRule share = new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 100, 7);
        String nft = script(share.operation(1, 19));
        assertTrue(nft.contains("{ 0, 1, 2, ") && nft.contains(", 998, 999 }"), "all 1,000 numbers");
    }

    @Test
    void theBrokerWritesNothingButItsTemplates() throws Exception {
        // Anything that is not an operation with checked parameters is refused with one line, and nothing is printed.
        for (List<String> bad : List.of(List.of("flush ruleset"), List.of("fresh", "19", "4000; flush ruleset"),
                List.of("drop", "1", "19", "to-server", "5000", "syn", "0 } accept; flush ruleset; {"),
                List.of("drop", "1", "19", "to-server", "5000", "syn\n", "0"),
                List.of("drop", "1", "19", "both", "5000", "syn", "0"), List.of("drop", "1", "19", "to-server", "0",
                        "syn", "0"),
                List.of("drop", "1", "19", "to-server", "5000", "syn", "5,3"), List.of("reset", "70000", "4000"))) {
            List<String> args = new ArrayList<>(List.of("nft-script"));
            args.addAll(bad);
            Labnet.Outcome o = Labnet.run(args);
            assertEquals(126, o.status(), bad + ": " + o.output());
            assertTrue(o.output().startsWith("labnet: request refused: ") && o.output().lines().count() == 1,
                    o.output());
        }
    }

    @Test
    void aSeededShareDropsTheSameOnesEveryTime() {
        DropRule a = new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 30, 7);
        DropRule b = new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 30, 7);
        DropRule c = new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 30, 8);
        assertEquals(a.dropped(), b.dropped());
        assertEquals(a.operation(1, 19), b.operation(1, 19));
        assertNotEquals(a.dropped(), c.dropped());
        int n = a.dropped().size();
        assertTrue(n > 250 && n < 350, "about 30 % of " + DropRule.CYCLE + ": " + n);
        assertEquals(List.of(4), new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 5, 0, 0)
                .dropped());
    }

    @Test
    void badRulesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 0, DropRule.Kind.ANY, 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 1, 10, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 101, 0));
    }

    @Test
    void theRuleIsSaidInBothLanguages() {
        DropRule rule = DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.DATA);
        assertTrue(rule.describe(Messages.of(Lang.EN)).contains("client → server"));
        assertTrue(rule.describe(Messages.of(Lang.ES)).contains("cliente → servidor"));
        assertTrue(rule.describe(Messages.of(Lang.ES)).contains("se perderá"));
    }

    /** This JVM runs on this computer's network: a rule is refused before anything is run, and nothing is journaled. */
    @Test
    void onThisComputersNetworkEveryRuleIsRefused() {
        assertEquals(false, LabNetwork.current().isPrivate(), "tests run on this computer's network");
        try (Lab lab = Lab.withoutCapture()) {
            int before = lab.journal().size();
            LocalizedException e = assertThrows(LocalizedException.class,
                    () -> lab.drop(DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY)));
            assertEquals("network.notPrivate", e.key());
            assertEquals(before, lab.journal().size());
            assertEquals(false, lab.networkConditionsActive());
            lab.clearNetworkConditions(); // nothing to clear: nothing run, nothing journaled
            assertEquals(before, lab.journal().size());
        }
    }
}
