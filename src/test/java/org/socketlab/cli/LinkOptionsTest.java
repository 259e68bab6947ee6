package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.CongestionControl;
import org.socketlab.capture.LinkConditions;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/**
 * The link's options on the command line (issue 55): what each value means to the wire, one value for both ways or two,
 * and a bad value refused with exit 2 in one line naming the option, in English and Spanish, before anything runs.
 */
class LinkOptionsTest {
    private static LinkConditions parsed(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "run";
        args[1] = "tcp-basics";
        System.arraycopy(options, 0, args, 2, options.length);
        Args a = Command.RUN.parse(args);
        Integer rate = a.one(RunCommand.RATE, Args.number(1, LinkConditions.MAX_KBIT, "cli.run.badRate"));
        return LinkOptions.parse(a, rate == null ? 0 : rate);
    }

    @Test
    void oneValueIsBothWaysTwoAreClientToServerThenBack() {
        LinkConditions c = parsed("--delay", "20,40.5", "--jitter", "3", "--loss", "2.5:4,0", "--duplicate", "1",
                "--reorder", "0,12.25", "--rate", "2000", "--seed", "42");
        assertEquals(new LinkConditions.Way(20_000, 3_000, 25_000, 4, 10_000, 0), c.toServer());
        assertEquals(new LinkConditions.Way(40_500, 3_000, 0, 1, 10_000, 122_500), c.toClient());
        assertEquals(2000, c.rateKbit());
        assertEquals(42, c.seed());
        assertEquals(List.of("20000", "3000", "25000", "4", "10000", "0", "2000", "1000", "40500", "3000", "0", "1",
                "10000", "122500", "2000", "1000", "42"), c.words());
    }

    @Test
    void withoutTheWiresOptionsThereIsNoWireAndASeedIsDrawnWhenNotGiven() {
        assertNull(parsed("--rate", "2000"));
        LinkConditions drawn = parsed("--loss", "100");
        assertEquals(LinkConditions.ALL_PPM, drawn.toServer().lossPpm());
        assertTrue(drawn.seed() >= 0 && drawn.seed() < 1_000_000_000L, String.valueOf(drawn.seed()));
    }

    @Test
    void theConditionsAreSaidInOneLineOfEachLanguage() {
        LinkConditions c = parsed("--delay", "20", "--loss", "3:2,0", "--seed", "7");
        assertEquals("SocketLab’s own wire joins the two machines: client → server 20 ms, 3 % lost in bursts of 2 on"
                + " average; server → client 20 ms; seed 7 (the same seed gives the same fates).",
                LinkOptions.describe(c, Messages.of(Lang.EN)));
        assertTrue(LinkOptions.describe(c, Messages.of(Lang.ES)).startsWith("El cable propio de SocketLab une"));
    }

    /** --congestion is taken where the lab has that algorithm and refused in one line of the reader's language else. */
    @Test
    void theCongestionControlAskedForIsTakenOnlyWhereTheLabHasIt() {
        Args cubic = Command.RUN.parse(new String[]{"run", "tcp-basics", "--congestion", "cubic"});
        LinkOptions.congestion(cubic, new CongestionControl("cubic", List.of("reno", "cubic")));
        LinkOptions.congestion(Command.QUIZ.parse(new String[]{"quiz", "tcp-basics"}),
                new CongestionControl("reno", List.of("reno", "bbr")));
        LocalizedException notHere = assertThrows(LocalizedException.class,
                () -> LinkOptions.congestion(cubic, new CongestionControl("reno", List.of("reno", "bbr"))));
        assertEquals("--congestion cubic: the lab’s TCP uses reno here (this system lets the lab choose only reno bbr;"
                + " the lab takes CUBIC where it can, else Reno). Nothing was run.",
                Messages.of(Lang.EN).text(notHere));
        assertTrue(Messages.of(Lang.ES).text(notHere).startsWith("--congestion cubic: aquí el TCP del laboratorio usa"
                + " reno"), Messages.of(Lang.ES).text(notHere));
        refused("--congestion Cubic;rm: name a congestion control as the kernel does (cubic, reno).", "run",
                "tcp-basics", "--congestion", "Cubic;rm", "--lang", "en");
        String other = CongestionControl.ofThisNetwork().name().equals("reno") ? "cubic" : "reno";
        CliTest.Outcome o = CliTest.cli("quiz", "tcp-basics", "--congestion", other, "--lang", "en");
        assertEquals(2, o.exit(), o.err());
        assertTrue(o.err().startsWith("--congestion " + other + ": the lab’s TCP uses "), o.err());
        assertEquals("", o.out(), "nothing was started");
    }

    /**
     * Refused with exit 2 and nothing run, in ONE line (issue 76): the reason, then where to look, not the whole usage
     * (it buried the reason under eleven lines).
     */
    private static void refused(String reason, String... args) {
        CliTest.Outcome o = CliTest.cli(args);
        String cmd = String.join(" ", args);
        assertEquals(2, o.exit(), cmd);
        String seeHelp = List.of(args).contains("es") ? " Consulta socketlab help." : " See socketlab help.";
        assertEquals(List.of(reason + seeHelp), o.err().lines().toList(), cmd);
        assertEquals("", o.out(), "nothing was started: " + cmd);
    }

    /**
     * A jitter longer than the delay (or alone) is bound at zero: the console says no packet crosses in under 0 ms, in
     * each language; a jitter within the delay is said as before.
     */
    @Test
    void aJitterLongerThanTheDelayIsSaidToStopAtZero() {
        LinkConditions alone = parsed("--jitter", "5", "--seed", "1");
        assertEquals("SocketLab’s own wire joins the two machines: client → server 0 ± 5 ms, never under 0 ms; server"
                + " → client 0 ± 5 ms, never under 0 ms; seed 1 (the same seed gives the same fates).",
                LinkOptions.describe(alone, Messages.of(Lang.EN)));
        assertTrue(LinkOptions.describe(alone, Messages.of(Lang.ES)).contains("0 ± 5 ms, nunca menos de 0 ms"),
                LinkOptions.describe(alone, Messages.of(Lang.ES)));
        LinkConditions within = parsed("--delay", "10,2", "--jitter", "8", "--seed", "1");
        String said = LinkOptions.describe(within, Messages.of(Lang.EN));
        assertTrue(said.contains("client → server 10 ± 8 ms; server → client 2 ± 8 ms, never under 0 ms;"), said);
    }

    @Test
    void aBadValueIsRefusedNamingTheOptionBeforeAnythingRuns() {
        refused("--delay -5: give milliseconds from 0 to 10000 (up to three decimals), one value for both ways or two"
                + " separated by a comma (client to server, server to client).",
                "run", "tcp-basics", "--delay", "-5", "--lang", "en");
        // quiz takes the link's options as run does (issue 55, item 5), and refuses them the same way
        refused("--delay -5: give milliseconds from 0 to 10000 (up to three decimals), one value for both ways or two"
                + " separated by a comma (client to server, server to client).",
                "quiz", "tcp-basics", "--delay", "-5", "--lang", "en");
        refused("--loss 101: give a percentage from 0 to 100 (up to four decimals), optionally :BURST (the average"
                + " run of losses, 1 to 1000 packets), one value for both ways or two separated by a comma.",
                "run", "tcp-basics", "--loss", "101", "--lang", "en");
        refused("--duplicate x: give a percentage from 0 to 100 (up to four decimals), one value for both ways or two"
                + " separated by a comma (client to server, server to client).",
                "run", "tcp-basics", "--duplicate", "x", "--lang", "en");
        refused("--jitter 1,2,3: give one value for both ways, or two separated by a comma (client to server, server"
                + " to client).", "run", "tcp-basics", "--jitter", "1,2,3", "--lang", "en");
        refused("--seed 1e9: da la semilla de los sorteos del enlace como un número entero de 0 a 999999999.",
                "run", "tcp-basics", "--seed", "1e9", "--lang", "es");
        refused("--reorder sends some packets ahead of those still in the link’s delay: give a delay with --delay too"
                + " (in that direction).", "run", "tcp-basics", "--reorder", "5", "--lang", "en");
        refused("--loss 5:0: give a percentage from 0 to 100 (up to four decimals), optionally :BURST (the average"
                + " run of losses, 1 to 1000 packets), one value for both ways or two separated by a comma.",
                "run", "tcp-basics", "--loss", "5:0", "--lang", "en");
    }
}
