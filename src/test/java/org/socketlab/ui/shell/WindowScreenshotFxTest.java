package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The whole window at projector size (1920x1080) after a real TCP lifecycle, in English and Spanish, light and
 * dark: written to target/screenshots/window-*.png for people to look at (the README's own screenshot is
 * WindowSizesFxTest's).
 */
@ExtendWith(ApplicationExtension.class)
class WindowScreenshotFxTest {
    private Lab lab;

    @Start
    void start(Stage stage) {
        // Nothing shown: the window is rendered off-screen at full HD, bigger than the headless screen.
    }

    @AfterEach
    void tearDown() {
        if (lab != null) lab.close();
    }

    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        return (Payload.Call) e.call(r).get(5, TimeUnit.SECONDS).payload();
    }

    @Test
    void theWholeWindowAfterATcpLifecycle() throws Exception {
        lab = Lab.onThisMachine();
        SockAddr at = SockAddr.parse("127.0.0.1:" + freePort(), Domain.AF_INET);
        Endpoint server = lab.server(), client = lab.client();
        int listener = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        call(server, new Request.Bind(listener, at));
        call(server, new Request.Listen(listener, 5));
        int c = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        call(client, new Request.Connect(c, at));
        int conn = (int) call(server, new Request.Accept(listener)).result();
        call(client, new Request.Send(c, "hola".getBytes(StandardCharsets.UTF_8)));
        call(server, new Request.Recv(conn, 1024));
        call(client, new Request.Close(c));
        lab.observeKernelNow();

        for (Lang lang : Lang.values()) {
            for (boolean dark : new boolean[]{false, true}) {
                String name = "window-" + lang.code() + (dark ? "-dark" : "") + ".png";
                Path written = fx(() -> {
                    Shell shell = new Shell(lab, "Linux", lang);
                    shell.viewModel().themeProperty().set(dark ? Theme.DARK : Theme.LIGHT);
                    shell.bridge().drain();
                    shell.diagram().playback().instantProperty().set(true);
                    shell.diagram().playback().jumpToEnd();
                    Scene scene = new Scene(shell.view(), 1920, 1080);
                    shell.view().styleProperty().set("-fx-font-size: " + ShellViewModel.DEFAULT_FONT_SIZE + "px;");
                    scene.snapshot(null); // lays everything out once
                    WritableImage image = scene.snapshot(null);
                    shell.detach();
                    shell.viewModel().themeProperty().set(Theme.LIGHT);
                    Path out = Path.of("target", "screenshots", name);
                    Files.createDirectories(out.getParent());
                    ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
                    return out;
                });
                assertTrue(Files.size(written) > 50_000, name + " has content");
            }
        }
    }
}
