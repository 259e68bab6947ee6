package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.capture.LabNetwork;

/**
 * The drop rules as nftables commands (what the lab network's broker runs), and the refusal on this computer's own
 * network. The rules themselves drop real packets in {@code LossLessonsTest}, inside a private lab network.
 */
class DropRuleTest {
    @Test
    void theNextOneIsCountedNumberZeroInAChainOfItsOwnThatLogsBeforeItDrops() {
        DropRule rule = DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.SYN);
        assertEquals(List.of(0), rule.dropped());
        String nft = rule.commands(3, 19);
        assertTrue(nft.contains("add chain inet socketlab drop3\n"), nft);
        assertTrue(
                nft.contains(
                        "add rule inet socketlab drop3 numgen inc mod 1000 { 0 } log prefix \"lost3\" group 19 drop\n"),
                nft);
        assertTrue(nft.contains("add rule inet socketlab input tcp dport 5000 tcp flags & syn == syn jump drop3\n"),
                nft);
    }

    @Test
    void directionIsTheServersPortAsDestinationOrSource() {
        assertEquals(List.of("meta l4proto { tcp, udp } th sport 4000"),
                DropRule.next(DropRule.Direction.SERVER_TO_CLIENT, 4000, DropRule.Kind.ANY).selectors());
        assertEquals(List.of("tcp dport 4000 tcp flags & fin == fin"),
                DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 4000, DropRule.Kind.FIN).selectors());
    }

    @Test
    void dataIsADatagramOrASegmentLongerThanItsHeadersAndABareAckIsNoLonger() {
        List<String> data = DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.DATA).selectors();
        assertEquals("udp dport 5000", data.getFirst());
        assertEquals(1 + 2 * 11, data.size(), "one rule per TCP header length, for IPv4 and IPv6");
        assertTrue(data.contains("ip hdrlength 5 tcp dport 5000 @th,96,4 8 ip length > 52"), data.toString());
        assertTrue(data.contains("ip6 nexthdr tcp tcp dport 5000 @th,96,4 8 ip6 length > 32"), data.toString());
        List<String> ack = DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ACK).selectors();
        assertTrue(
                ack.contains(
                        "ip hdrlength 5 tcp dport 5000 @th,96,4 8 ip length == 52 tcp flags & (syn | fin | rst) == 0"),
                ack.toString());
        assertEquals(2 * 11, ack.size());
    }

    @Test
    void aSeededShareDropsTheSameOnesEveryTime() {
        DropRule a = new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 30, 7);
        DropRule b = new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 30, 7);
        DropRule c = new DropRule(DropRule.Direction.CLIENT_TO_SERVER, 5000, DropRule.Kind.ANY, 0, 30, 8);
        assertEquals(a.dropped(), b.dropped());
        assertEquals(a.commands(1, 19), b.commands(1, 19));
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
