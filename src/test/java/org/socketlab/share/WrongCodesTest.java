package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The join code's rate limit: how fast a guesser with as many addresses as it likes can search the code space at the
 * shipped limits (issue 80: longer than a lecture; the note's figure is printed here).
 */
class WrongCodesTest {
    private static final Duration LECTURE = Duration.ofHours(3);

    @Test
    void searchingEveryCodeAtTheLimitTakesFarLongerThanALecture() throws UnknownHostException {
        AtomicLong now = new AtomicLong();
        WrongCodes limit = new WrongCodes(WrongCodes.Limits.DEFAULT, now::get);
        // An attacker with 5,000 addresses tries as fast as it likes, every millisecond, for one simulated hour.
        long tried = 0;
        Duration hour = Duration.ofHours(1);
        byte[] a = {10, 0, 0, 0};
        for (long t = 0; t < hour.toMillis(); t++) {
            now.set(t * 1_000_000);
            int n = (int) (t % 5_000);
            a[2] = (byte) (n >> 8);
            a[3] = (byte) n;
            if (limit.judge(InetAddress.getByAddress(a), false) == WrongCodes.Verdict.WRONG) tried++;
        }
        double perSecond = tried / (double) hour.toSeconds();
        Duration whole = Duration.ofSeconds((long) (JoinCode.space() / perSecond));
        System.out.printf("WrongCodesTest: %,d codes; at the limit %.2f guesses/s from any number of addresses: "
                + "the whole space in %,d h (%.1f years), half of it on average; limit computed: %,d h%n",
                JoinCode.space(), perSecond, whole.toHours(), whole.toHours() / 8766.0,
                WrongCodes.Limits.DEFAULT.wholeSpace().toHours());
        assertTrue(whole.compareTo(LECTURE) > 0, "the whole space in " + whole);
        assertTrue(WrongCodes.Limits.DEFAULT.wholeSpace().dividedBy(2).compareTo(LECTURE) > 0);
        assertTrue(perSecond <= 4.1, "at most the global rate: " + perSecond);
    }

    @Test
    void oneAddressGetsItsBurstThenOneTryEverySixSeconds() throws UnknownHostException {
        AtomicLong now = new AtomicLong();
        WrongCodes limit = new WrongCodes(WrongCodes.Limits.DEFAULT, now::get);
        InetAddress student = InetAddress.getByName("10.1.2.3");
        for (int i = 0; i < 10; i++) assertEquals(WrongCodes.Verdict.WRONG, limit.judge(student, false));
        assertEquals(WrongCodes.Verdict.LIMITED, limit.judge(student, false));
        assertEquals(WrongCodes.Verdict.LIMITED, limit.judge(student, true), "not even compared");
        now.set(Duration.ofSeconds(6).toNanos());
        assertEquals(WrongCodes.Verdict.RIGHT, limit.judge(student, true), "6 s later, the typo mended");
    }

    @Test
    void codesHaveNoLookAlikesAndAreRandom() {
        for (char c : "01ILO".toCharArray()) assertTrue(JoinCode.ALPHABET.indexOf(c) < 0);
        assertEquals(887_503_681L, JoinCode.space());
        JoinCode one = JoinCode.random(), two = JoinCode.random();
        assertTrue(one.matches(" " + one.text().toLowerCase() + " "));
        assertTrue(!one.equals(two) || !JoinCode.random().equals(one), "three equal draws of 887 million");
    }
}
