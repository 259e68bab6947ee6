package org.socketlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.code.CodeView;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.sockets.SocketsFeature;
import org.socketlab.ui.sockets.SocketsViewModel;
import org.socketlab.ui.statemachine.StateMachineFeature;
import org.socketlab.ui.statemachine.StateMachineViewModel;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

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

    /**
     * Builds the view in a scene of the given size, feeds it the journal, and writes a PNG per theme and language. Each
     * picture must show every text of {@code shown} (from the journal: an address, a state, a call), each one drawn:
     * the pixels where its node lies are not one flat colour.
     */
    private static void pictures(String name, double w, double h, List<String> shown, Function<Texts, Parent> build)
            throws Exception {
        for (boolean dark : new boolean[]{false, true}) {
            for (Lang lang : Lang.values()) {
                String suffix = (dark ? "-dark" : "") + (lang == Lang.EN ? "" : "-" + lang.code());
                Path out = Path.of("target", "screenshots", name + suffix + ".png");
                List<String> problems = new ArrayList<>();
                WritableImage image = fx(() -> {
                    Application.setUserAgentStylesheet(dark
                            ? new PrimerDark().getUserAgentStylesheet()
                            : new PrimerLight().getUserAgentStylesheet());
                    Parent root = build.apply(new Texts(lang));
                    root.setStyle("-fx-background-color: -color-bg-default;");
                    Scene scene = new Scene(root, w, h);
                    root.applyCss();
                    root.layout();
                    WritableImage picture = scene.snapshot(null);
                    for (String text : shown) problems.addAll(drawn(root, picture, text));
                    return picture;
                });
                Files.createDirectories(out.getParent());
                ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
                assertEquals(List.of(), problems, out + " shows what the journal holds");
            }
        }
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return null;
        });
    }

    @Test
    void socketTable() throws Exception {
        pictures("sockets", 1920, 420, List.of("127.0.0.1", "LISTEN"), texts -> {
            SocketsFeature f = new SocketsFeature(new SocketsViewModel(texts));
            f.replay(events);
            return (Parent) f.view();
        });
    }

    @Test
    void stateMachine() throws Exception {
        pictures("statemachine", 1400, 1080, List.of("ESTABLISHED", "TIME_WAIT"), texts -> {
            StateMachineFeature f = new StateMachineFeature(texts);
            f.replay(events);
            return (Parent) f.view();
        });
    }

    @Test
    void stateMachineAfterAnRst() throws Exception {
        // abortive-close up to the client's change to CLOSED: the RST arrow, with a client's socket in TIME_WAIT from
        // the lifecycle beside it (its 2MSL note shows too).
        List<Event> rst;
        try (Lab aborting = Lab.onThisMachine()) {
            var report = new LessonRunner()
                    .run(LessonLoader.load("abortive-close"), aborting);
            assertTrue(report.passed());
            rst = aborting.journal().snapshot();
        }
        int upTo = 0;
        for (int i = 0; i < rst.size(); i++)
            if (rst.get(i).endpoint().equals("client")
                    && rst.get(i).payload() instanceof Payload.State st && st.to().equals("CLOSED"))
                upTo = i;
        List<Event> prefix = rst.subList(0, upTo + 1);
        pictures("statemachine-rst", 1400, 1080, List.of("ESTABLISHED", "RST"), texts -> {
            StateMachineFeature f = new StateMachineFeature(texts);
            f.replay(prefix);
            assertTrue(f.viewModel().picture().lastTcp()
                    .how() == StateMachineViewModel.How.RST_SENT);
            return (Parent) f.view();
        });
    }

    @Test
    void codePanel() throws Exception {
        // The step shown: the server's accept(), selected as a student would click it in the journal.
        Event accept = events.stream()
                .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("accept"))
                .findFirst().orElseThrow();
        for (String language : List.of("c", "java", "python", "rust")) {
            pictures("code-" + language, 1200, 900, List.of("accept"), texts -> {
                CodeFeature f = new CodeFeature(texts);
                f.onEvents(events);
                f.select(accept);
                Parent view = (Parent) f.view();
                var tabs = ((CodeView) view).tabs();
                tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getId().equals("tab-" + language))
                        .findFirst().orElseThrow());
                return view;
            });
        }
    }

    /**
     * What is wrong with {@code text} in {@code picture}: no visible node of {@code root} says it, or none of those
     * that say it inside the picture is drawn (its pixels are all one colour). Empty when it is shown. FX thread.
     */
    private static List<String> drawn(Parent root, WritableImage picture, String text) {
        List<Node> saying = new ArrayList<>();
        collect(root, text, saying);
        if (saying.isEmpty()) return List.of("no visible text says \"" + text + "\"");
        PixelReader pixels = picture.getPixelReader();
        for (Node node : saying) {
            Bounds b = node.localToScene(node.getBoundsInLocal());
            int x0 = (int) Math.max(0, Math.floor(b.getMinX())), y0 = (int) Math.max(0, Math.floor(b.getMinY()));
            int x1 = (int) Math.min(picture.getWidth(), Math.ceil(b.getMaxX()));
            int y1 = (int) Math.min(picture.getHeight(), Math.ceil(b.getMaxY()));
            if (x1 <= x0 || y1 <= y0) continue; // outside the picture (scrolled away)
            int first = pixels.getArgb(x0, y0);
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    if (pixels.getArgb(x, y) != first) return List.of();
        }
        return List.of("\"" + text + "\" is in " + saying.size() + " node(s), none drawn in the picture");
    }

    private static void collect(Node node, String text, List<Node> saying) {
        if (!node.isVisible()) return;
        String said = node instanceof Text t
                ? t.getText()
                : node instanceof Labeled l
                        ? l.getText()
                        : node instanceof TextInputControl c ? c.getText() : null;
        if (said != null && said.contains(text)) saying.add(node);
        if (node instanceof Parent p) for (Node child : p.getChildrenUnmodifiable()) collect(child, text, saying);
    }
}
