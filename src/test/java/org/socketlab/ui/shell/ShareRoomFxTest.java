package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.click;
import static org.socketlab.ui.UiTestSupport.fx;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.share.RoomAnswers;
import org.socketlab.ui.share.RoomShare;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Sharing with the room from the real window at 1920x1080, by clicks and keys: View → Share with the room…, the
 * dialog's Share on loopback, presenter mode with the URL, a QR code that reads back as the URL, and the join code;
 * the room's answers counted live (from another thread, as the server's), R for the discussion round, the press, the
 * histogram beside the kernel's result; Stop sharing; and sharing stopped when the window closes. The server is a
 * stand-in that binds a real socket on the address chosen (issue 80's ShareServer is wired in RoomServerWiring).
 * Writes the projector's picture to target/screenshots/share-projector-en.png.
 */
@ExtendWith(ApplicationExtension.class)
class ShareRoomFxTest {
    private TestWindow window;
    private final List<ServerSocket> bound = new ArrayList<>();
    @TempDir
    Path config;

    @Start
    void start(Stage primary) {
    }

    @AfterEach
    void tearDown() throws IOException {
        if (window != null) window.close();
        for (ServerSocket s : bound) s.close();
    }

    private final RoomShare.Server standIn = (address, answers) -> {
        ServerSocket socket = new ServerSocket();
        socket.bind(address);
        bound.add(socket);
        return new RoomShare.Sharing() {
            @Override
            public String url() {
                return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + "/";
            }

            @Override
            public String code() {
                return "K7QF29";
            }

            @Override
            public void stop() {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    };

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(condition));
        assertTrue(fx(condition), what);
    }

    private String text(String id) {
        return fx(() -> {
            Node n = window.shell().presenter().stage().getScene().lookup(id);
            return n instanceof Label l && l.isVisible() ? l.getText() : "";
        });
    }

    @Test
    void sharedFromTheWindowTheRoomAnswersAndItStops(FxRobot robot) throws Exception {
        window = TestWindow.openWithoutCapture(1920, 1080, config.resolve("layout.properties"));
        ShellViewModel vm = window.shell().viewModel();
        RoomShare room = vm.room();
        fx(() -> {
            room.useServer(standIn);
            return null;
        });
        assertFalse(fx(() -> room.sharingProperty().get()), "off by default");

        click(robot, window.stage(), "#view-menu");
        robot.clickOn("#share-with-room");
        robot.clickOn("#share-start"); // loopback is chosen, port 0
        await("presenter mode shows how to join", () -> window.shell().presenter().active()
                && room.sharingProperty().get());
        int port = bound.getFirst().getLocalPort();
        assertEquals(InetAddress.getLoopbackAddress(), bound.getFirst().getInetAddress());
        String url = "http://127.0.0.1:" + port + "/";
        await("the URL on the projector", () -> text("#share-url").equals(url));
        assertEquals("K7QF29", text("#share-code"));
        assertEquals(url, readQr(), "the projector's QR code reads back as the URL");

        // A predict step waits: the room answers (the server's threads), the count follows live.
        fx(() -> {
            vm.predict().start(LessonLoader.load("connection-refused"));
            vm.onEvents(List.of(note(1_000_001, new Payload.Quiz.Asked("connection-refused", 2, 1, "result"))));
            return null;
        });
        RoomAnswers answers = room.answers();
        Thread server = Thread.ofPlatform().start(() -> {
            answers.connected(3);
            answers.answer("a", 2, 1, 1, null);
            answers.answer("b", 2, 1, 2, null);
        });
        server.join(10_000);
        await("2 of 3 answered", () -> text("#share-answered").equals("2 of 3 answered"));
        screenshot("share-projector-waiting-en.png");

        robot.type(KeyCode.R); // discuss, then answer again
        await("round 2 counted anew", () -> text("#share-answered").equals("0 of 3 answered")
                && !text("#share-round2").isEmpty());
        Thread again = Thread.ofPlatform().start(() -> {
            answers.answer("a", 2, 2, 2, null);
            answers.answer("b", 2, 2, 2, null);
            answers.answer("c", 2, 2, 1, null);
        });
        again.join(10_000);
        await("3 of 3 answered", () -> text("#share-answered").equals("3 of 3 answered"));

        robot.type(KeyCode.DIGIT2); // the presenter's own prediction: the press
        fx(() -> {
            vm.onEvents(List.of(note(1_000_002, new Payload.Quiz.Answer("connection-refused", 2, "result", 2,
                    List.of(2), "-1 ECONNREFUSED", "-1 ECONNREFUSED"))));
            return null;
        });
        await("the histogram beside the kernel's result", () -> text("#share-kernel").contains("-1 ECONNREFUSED"));
        assertEquals("", text("#share-answered"), "no count once the step ran");
        assertTrue(text("#share-bar-2").startsWith("2: 2 (67 %)"), text("#share-bar-2"));
        assertTrue(text("#share-bar-2").contains("right"), "the kernel's option is said, not only coloured");
        assertEquals("1: 1 (33 %)", text("#share-bar-1"));
        screenshot("share-projector-en.png");

        click(robot, window.shell().presenter().stage(), "#presenter-share"); // Stop sharing
        await("stopped", () -> !room.sharingProperty().get());
        await("the socket is closed", () -> bound.getFirst().isClosed());
        assertFalse(fx(() -> window.shell().presenter().stage().getScene().lookup("#share-panel").isVisible()));

        fx(() -> {
            room.start(InetAddress.getLoopbackAddress(), 0, false);
            return null;
        });
        await("shared again", () -> room.sharingProperty().get());
        window.close();
        window = null;
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> bound.get(1).isClosed());
        assertTrue(bound.get(1).isClosed(), "the window closed: nothing is served");
    }

    private static Event note(long seq, Payload.Quiz quiz) {
        return new Event(seq, seq, "lab", new Payload.Note(Map.of("en", "n", "es", "n"), quiz));
    }

    /** The QR canvas as drawn on the projector, read by zxing as a phone would. */
    private String readQr() throws Exception {
        WritableImage image = fx(() -> {
            Canvas qr = (Canvas) window.shell().presenter().stage().getScene().lookup("#share-qr");
            assertNotNull(qr);
            assertTrue(qr.getWidth() >= 250, "big enough to scan from the room: " + qr.getWidth());
            return qr.snapshot(null, null);
        });
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] pixels = new int[w * h];
        PixelReader reader = image.getPixelReader();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) pixels[y * w + x] = reader.getArgb(x, y);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels))))
                .getText();
    }

    private void screenshot(String name) throws Exception {
        WritableImage image = fx(() -> window.shell().presenter().stage().getScene().snapshot(null));
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
        assertTrue(Files.size(out) > 50_000, name + " has content");
    }
}
