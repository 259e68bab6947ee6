package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The broker's answer to {@code netem} read strictly: present, missing with the kernel's errno named, anything else
 * unknown (never taken for present). The real question is asked in LabNetworkHostsTest (help, in the lab network).
 */
class NetemTest {
    @Test
    void theBrokersAnswerIsReadStrictly() {
        assertEquals(new Netem(Netem.State.PRESENT, ""), Netem.parse("netem present"));
        assertEquals(new Netem(Netem.State.MISSING, "ENOENT"), Netem.parse("netem missing 2"));
        assertEquals(new Netem(Netem.State.MISSING, "EOPNOTSUPP"), Netem.parse("netem missing 95"));
        assertEquals(Netem.State.UNKNOWN, Netem.parse("netem present\nmore").state());
        assertEquals(Netem.State.UNKNOWN, Netem.parse("netem missing two").state());
        assertEquals(Netem.State.UNKNOWN, Netem.parse("").state());
        assertEquals(Netem.State.UNKNOWN, Netem.parse("labnet: request refused: unknown request").state());
    }

    @Test
    void withoutAPrivateLabNetworkItIsNotAsked() {
        // This test's JVM runs on this computer's network: there is no broker to ask, so it is unknown, not missing.
        Netem netem = Netem.inThisKernel(LabNetwork.current());
        assertEquals(Netem.State.UNKNOWN, netem.state(), netem.toString());
    }
}
