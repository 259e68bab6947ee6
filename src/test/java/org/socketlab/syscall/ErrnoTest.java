package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** An errno's name is read once into an Errno, and each question about errnos has one answer. */
class ErrnoTest {
    @Test
    void eachNameNamesItsErrnoAndLinuxHasANumberForEveryRealOne() {
        for (Errno e : Errno.values()) {
            assertEquals(e, Errno.named(e.name()));
            assertTrue(e.is(e.name()));
            assertFalse(e.is(null));
            if (!e.name().startsWith("ERESTART") && e != Errno.EWOULDBLOCK)
                assertTrue(ErrnoTable.LINUX.number(e.name()).isPresent(), e.name());
        }
        for (String other : List.of("E11", "econnreset", "", "EAI_NONAME", "ENOMEM")) assertNull(Errno.named(other));
        assertNull(Errno.named(null));
    }

    @Test
    void theFamiliesAreTheErrnosTheEngineAsksAbout() {
        assertEquals(EnumSet.of(Errno.EAGAIN, Errno.EWOULDBLOCK), of(Errno::wouldBlock));
        assertEquals(EnumSet.of(Errno.EINPROGRESS, Errno.EALREADY), of(Errno::connectUnderway));
        assertEquals(EnumSet.of(Errno.ECONNRESET, Errno.EPIPE), of(Errno::connectionBroken));
        assertEquals(EnumSet.of(Errno.EAGAIN, Errno.EWOULDBLOCK, Errno.EINTR, Errno.ERESTARTSYS,
                Errno.ERESTARTNOHAND, Errno.ERESTART_RESTARTBLOCK, Errno.ETIMEDOUT), of(Errno::waitEnded));
        // EAGAIN and EWOULDBLOCK are one number on Linux, which the table names EAGAIN: a journal may say either.
        assertTrue(ErrnoTable.LINUX.number("EWOULDBLOCK").isEmpty());
    }

    private static Set<Errno> of(Predicate<Errno> family) {
        EnumSet<Errno> set = EnumSet.noneOf(Errno.class);
        for (Errno e : Errno.values()) if (family.test(e)) set.add(e);
        return set;
    }
}
