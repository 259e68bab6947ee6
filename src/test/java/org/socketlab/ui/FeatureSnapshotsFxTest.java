package org.socketlab.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.sockets.SocketsFeature;
import org.socketlab.ui.statemachine.StateMachineFeature;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless pictures of the socket table, the state machine and the code panel, each fed with the journal of a
 * real lifecycle on loopback, in light and dark and in English and Spanish: target/screenshots/*.png.
 */
@ExtendWith(ApplicationExtension.class)
class FeatureSnapshotsFxTest {
    private static Lab lab;
    private static List<Event> events;

    @Start
    void start(Stage stage) {
    }

    @BeforeAll
    static void lifecycle() {
        lab = Lab.onThisMachine();
        RealLifecycle.run(lab);
        events = lab.journal().snapshot();
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    /** Builds the view in a scene of the given size, feeds it the journal, and writes a PNG per theme and language. */
    private static void pictures(String name, double w, double h, Function<Texts, Parent> build) throws Exception {
        for (boolean dark : new boolean[]{false, true}) {
            for (Lang lang : Lang.values()) {
                WritableImage image = fx(() -> {
                    Application.setUserAgentStylesheet(dark
                            ? new PrimerDark().getUserAgentStylesheet()
                            : new PrimerLight().getUserAgentStylesheet());
                    Parent root = build.apply(new Texts(lang));
                    root.setStyle("-fx-background-color: -color-bg-default;");
                    Scene scene = new Scene(root, w, h);
                    root.applyCss();
                    root.layout();
                    return scene.snapshot(null);
                });
                String suffix = (dark ? "-dark" : "") + (lang == Lang.EN ? "" : "-" + lang.code());
                Path out = Path.of("target", "screenshots", name + suffix + ".png");
                Files.createDirectories(out.getParent());
                ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
                assertTrue(Files.size(out) > 10_000, out + " looks empty");
            }
        }
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return null;
        });
    }

    @Test
    void socketTable() throws Exception {
        pictures("sockets", 1920, 420, texts -> {
            SocketsFeature f = new SocketsFeature(texts);
            f.accept(events);
            return (Parent) f.view();
        });
    }

    @Test
    void stateMachine() throws Exception {
        pictures("statemachine", 1400, 1080, texts -> {
            StateMachineFeature f = new StateMachineFeature(texts);
            f.accept(events);
            return (Parent) f.view();
        });
    }

    @Test
    void stateMachineAfterAnRst() throws Exception {
        // abortive-close up to the client's change to CLOSED: the RST arrow, with a client's socket in TIME_WAIT from
        // the lifecycle beside it (its 2MSL note shows too).
        List<Event> rst;
        try (Lab aborting = Lab.onThisMachine()) {
            var report = new org.socketlab.lesson.LessonRunner()
                    .run(org.socketlab.lesson.LessonLoader.load("abortive-close"), aborting);
            assertTrue(report.passed());
            rst = aborting.journal().snapshot();
        }
        int upTo = 0;
        for (int i = 0; i < rst.size(); i++)
            if (rst.get(i).endpoint().equals("client")
                    && rst.get(i).payload() instanceof org.socketlab.lab.Payload.State st && st.to().equals("CLOSED"))
                upTo = i;
        List<Event> prefix = rst.subList(0, upTo + 1);
        pictures("statemachine-rst", 1400, 1080, texts -> {
            StateMachineFeature f = new StateMachineFeature(texts);
            f.accept(prefix);
            assertTrue(f.viewModel().picture().lastTcp()
                    .how() == org.socketlab.ui.statemachine.StateMachineViewModel.How.RST_SENT);
            return (Parent) f.view();
        });
    }

    @Test
    void codePanel() throws Exception {
        // The step shown: the server's accept(), selected as a student would click it in the journal.
        Event accept = events.stream()
                .filter(e -> e.payload() instanceof org.socketlab.lab.Payload.Call c && c.call().equals("accept"))
                .findFirst().orElseThrow();
        for (String language : List.of("c", "java", "python", "rust")) {
            pictures("code-" + language, 1200, 900, texts -> {
                CodeFeature f = new CodeFeature(texts);
                f.accept(events);
                f.select(accept);
                Parent view = (Parent) f.view();
                var tabs = ((org.socketlab.ui.code.CodeView) view).tabs();
                tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getId().equals("tab-" + language))
                        .findFirst().orElseThrow());
                return view;
            });
        }
    }
}
