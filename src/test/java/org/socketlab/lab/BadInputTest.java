package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/** Bad input is refused with a message in the user's language, and nothing is called or journaled. */
class BadInputTest {
    private final Lab lab = Lab.onThisMachine();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void invalidPortIsRefusedInBothLanguages() {
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> SockAddr.parse("127.0.0.1:70000", Domain.AF_INET));
        assertEquals("input.port.invalid", e.key());
        assertTrue(Messages.of(Lang.ES).text(e).contains("El puerto \"70000\" no es válido"));
        assertTrue(Messages.of(Lang.EN).text(e).contains("Port \"70000\" is not valid"));
    }

    @Test
    void nonLoopbackAddressIsRefusedUnlessTheUserOptsIn() {
        int fd = socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
        int before = lab.journal().size();
        SockAddr outside = SockAddr.parse("192.0.2.1:80", Domain.AF_INET); // TEST-NET-1: never routed
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> lab.client().call(new Request.Connect(fd, outside)));
        assertEquals("input.address.notLoopback", e.key());
        assertThrows(LocalizedException.class,
                () -> lab.client().call(new Request.Bind(fd, SockAddr.parse("0.0.0.0:0", Domain.AF_INET))));
        assertEquals(before, lab.journal().size(), "nothing was called");

        lab.addressPolicy().allowNonLoopback(true);
        ok(lab.client(), new Request.Bind(fd, SockAddr.parse("0.0.0.0:0", Domain.AF_INET)));
    }

    @Test
    void payloadOverOneMebibyteIsRefused() {
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> new Request.Send(3, new byte[Request.MAX_PAYLOAD + 1]));
        assertEquals("input.payload.tooLarge", e.key());
        new Request.Send(3, new byte[Request.MAX_PAYLOAD]);
    }

    @Test
    void anFdTheEndpointDoesNotOwnIsNeverTouched() {
        int fd = socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
        ok(lab.client(), new Request.Close(fd));
        int before = lab.journal().size();
        LocalizedException e = assertThrows(LocalizedException.class, () -> lab.client().call(new Request.Close(fd)));
        assertEquals("input.fd.notOpen", e.key());
        assertThrows(LocalizedException.class, () -> lab.server().call(new Request.Recv(0, 10)),
                "stdin is not a socket of the lab");
        assertEquals(before, lab.journal().size());
    }
}
