package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.ok;
import static org.socketlab.lab.LabTestSupport.socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.capture.Broker;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * The lab's Unix-domain sockets live in its own private folder: a relative path is a name there, a path anywhere else
 * (the user's own services: docker.sock, the session bus) is refused before any call, and an abstract name only in the
 * private lab network. Real sockets, real files.
 */
class UnixPathsTest {
    private final Lab lab = Lab.withoutCapture();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    private static SockAddr unix(String path) {
        return SockAddr.parse(path, Domain.AF_UNIX);
    }

    @Test
    void aRelativePathIsANameInThePrivateFolderAndResetRemovesItsFile() throws Exception {
        assertTrue(lab.unixFolder().isEmpty(), "no folder before a Unix path is used");
        int listener = socket(lab.server(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        Payload.Call bind = ok(lab.server(), new Request.Bind(listener, unix("lab.sock")));
        Path folder = lab.unixFolder().orElseThrow();
        Path file = folder.resolve("lab.sock");
        assertEquals(file.toString(), bind.args().get("addr"), "the journal shows the path the kernel got");
        assertTrue(Files.exists(file), "the socket file is in the lab's folder");
        assertTrue(folder.getFileName().toString().startsWith(LabFolder.PREFIX), folder.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));

        ok(lab.server(), new Request.Listen(listener, 1));
        int client = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        ok(lab.client(), new Request.Connect(client, unix("./lab.sock")));
        int conn = (int) ok(lab.server(), new Request.Accept(listener)).result();
        ok(lab.client(), new Request.Send(client, "hola".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hola", new String(ok(lab.server(), new Request.Recv(conn, 16)).data(), StandardCharsets.UTF_8));
        assertEquals(file.toString(), ok(lab.server(), new Request.GetSockName(listener)).args().get("addr"));

        // A socket closed without unlink leaves its file; the whole lab's reset removes it too.
        int other = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_DGRAM);
        ok(lab.client(), new Request.Bind(other, unix("left.sock")));
        ok(lab.client(), new Request.Close(other));
        assertTrue(Files.exists(folder.resolve("left.sock")));

        lab.resetAll().get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(file), "reset unlinks the socket file");
        assertFalse(Files.exists(folder.resolve("left.sock")), "reset empties the lab's folder");
        lab.close();
        assertFalse(Files.exists(folder), "the folder goes with its lab");
        LocalizedException closed = assertThrows(LocalizedException.class,
                () -> lab.addressPolicy().check(unix("lab.sock")));
        assertEquals("lab.folder.closed", closed.key(), "a closed lab makes no folder again");
        assertFalse(Files.exists(folder));
    }

    @Test
    void anAbsolutePathInsideTheFolderIsTheSamePlace() {
        int a = socket(lab.server(), Domain.AF_UNIX, SockType.SOCK_DGRAM);
        ok(lab.server(), new Request.Bind(a, unix("dgram.sock")));
        String absolute = lab.unixFolder().orElseThrow().resolve("dgram.sock").toString();
        int b = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_DGRAM);
        Payload.Call sent = ok(lab.client(),
                new Request.SendTo(b, "x".getBytes(StandardCharsets.UTF_8), unix(absolute)));
        assertEquals(1, sent.result());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/run/docker.sock", "/run/user/1000/bus", "/tmp/x.sock", "../x.sock",
            "a/../../x.sock", "/", ".", "./"})
    void aPathOutsideTheLabIsRefusedBeforeAnyCall(String path) {
        int fd = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        int before = lab.journal().size();
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> lab.client().call(new Request.Connect(fd, unix(path))));
        assertEquals("input.address.unixOutsideLab", e.key());
        assertTrue(Messages.of(Lang.EN).text(e).contains("outside the lab's folder"), Messages.of(Lang.EN).text(e));
        assertTrue(Messages.of(Lang.ES).text(e).contains("fuera de la carpeta del laboratorio"),
                Messages.of(Lang.ES).text(e));
        assertThrows(LocalizedException.class, () -> lab.client().call(new Request.Bind(fd, unix(path))));
        assertEquals(before, lab.journal().size(), "nothing was called or journaled");
    }

    @Test
    void aPathThatLeavesTheFolderAfterNormalisingIsRefused() {
        int fd = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_DGRAM);
        ok(lab.client(), new Request.Bind(fd, unix("mine.sock")));
        Path folder = lab.unixFolder().orElseThrow();
        for (String sneaky : new String[]{folder + "/../x.sock", folder + "/./../" + folder.getFileName() + "x/y.sock",
                folder.toString()}) {
            LocalizedException e = assertThrows(LocalizedException.class,
                    () -> lab.client().call(new Request.Connect(fd, unix(sneaky))), sneaky);
            assertEquals("input.address.unixOutsideLab", e.key());
        }
    }

    @Test
    void aSymbolicLinkInTheFolderLeadsNowhere() throws Exception {
        int fd = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        ok(lab.client(), new Request.Bind(fd, unix("own.sock")));
        Path folder = lab.unixFolder().orElseThrow();
        Files.createSymbolicLink(folder.resolve("bus"), Path.of("/run/user/1000/bus"));
        int other = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> lab.client().call(new Request.Connect(other, unix("bus"))));
        assertEquals("input.address.unixOutsideLab", e.key());
        lab.resetAll().get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(folder.resolve("bus"), LinkOption.NOFOLLOW_LINKS),
                "the link itself is removed, never what it points at");
    }

    @Test
    void theOptInToOtherInterfacesDoesNotOpenUnixPaths() {
        lab.addressPolicy().allowNonLoopback(true);
        int fd = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> lab.client().call(new Request.Connect(fd, unix("/var/run/docker.sock"))));
        assertEquals("input.address.unixOutsideLab", e.key());
    }

    @Test
    void anAbstractNameIsRefusedOnThisComputersNetwork() {
        assertFalse(lab.network().isPrivate(),
                "a test JVM is on this computer's network: labnet never hands it a broker");
        int fd = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        int before = lab.journal().size();
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> lab.client().call(new Request.Connect(fd, unix("@/tmp/.X11-unix/X0"))));
        assertEquals("input.address.unixAbstractHost", e.key());
        assertTrue(Messages.of(Lang.ES).text(e).contains("red privada del laboratorio"), Messages.of(Lang.ES).text(e));
        assertThrows(LocalizedException.class, () -> lab.client().call(new Request.Bind(fd, unix("@lab"))));
        assertEquals(before, lab.journal().size(), "nothing was called or journaled");
    }

    @Test
    void anAbstractNameIsTheLabsOwnInThePrivateNetwork() {
        try (LabFolder folder = new LabFolder(Path.of(System.getProperty("java.io.tmpdir")))) {
            LabNetwork network = LabNetwork.inside(new Broker(1000, 1));
            AddressPolicy inLab = new AddressPolicy(folder, network);
            assertEquals(unix("@lab"), inLab.resolve(unix("@lab")));
            assertThrows(LocalizedException.class, () -> inLab.resolve(unix("/run/user/1000/bus")));
        }
    }

    @Test
    void aNameTooLongOnceInTheFolderIsRefused() {
        int fd = socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> lab.client().call(new Request.Bind(fd, unix("x".repeat(100)))));
        assertEquals("input.address.unixTooLong", e.key());
    }
}
