package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import atlantafx.base.theme.PrimerLight;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.story.Story;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.ui.common.Texts;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The diagram rendered headless from real loopback journals, written to target/screenshots to be looked at. */
@ExtendWith(ApplicationExtension.class)
class SequenceDiagramFxTest {
    private static final Messages EN = Messages.of(Lang.EN);

    private Stage stage;
    private Texts texts;
    private DiagramFeature feature;
    private Lab lab;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        texts = new Texts(Lang.EN);
        feature = new DiagramFeature(texts);
        feature.playback().instantProperty().set(true);
        // The headless screen is 1000x1000 and a larger window cannot be shown; 1920x1080 is rendered offscreen below.
        stage.setScene(new Scene((Parent) feature.view(), 990, 960));
        stage.show();
        feature.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(feature::close).get(60, TimeUnit.SECONDS);
        if (lab != null) lab.close();
    }

    private static Payload.Call call(Endpoint e, Request r) {
        try {
            return (Payload.Call) e.call(r).get(5, TimeUnit.SECONDS).payload();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private void feed(List<Event> events) {
        fx(() -> {
            feature.onEvents(events);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void screenshot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        write(fx(() -> stage.getScene().snapshot(null)), name);
    }

    /** The same journal in a projector-sized scene that is never shown, as a lecture hall would see it. */
    private void fullHdScreenshot(List<Event> events, String name) throws Exception {
        WritableImage image = fx(() -> {
            DiagramFeature big = new DiagramFeature(texts);
            big.playback().instantProperty().set(true);
            big.onEvents(events);
            Scene scene = new Scene((Parent) big.view(), 1920, 1080);
            scene.snapshot(null); // first pass lays out and sizes the canvas
            big.diagram()
                    .select(big.model().rows().stream()
                            .filter(r -> r instanceof Row.CallRow c && c.call().call().equals("send")).findFirst()
                            .orElse(null));
            ((SequenceDiagramSkin) big.diagram().getSkin()).scrollBar().setValue(0);
            return scene.snapshot(null);
        });
        write(image, name);
    }

    private static void write(WritableImage image, String name) throws Exception {
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }

    /** A narration longer than the diagram is wide is wrapped into lines that each fit, none dropped, in es and en. */
    @Test
    void aLongNarrationWrapsInsideTheDiagramAndIsNeverCut() throws Exception {
        String en = "connect() sends SYN, but no socket listens on that port: the kernel answers with an RST segment."
                + " connect() returns -1 and leaves the reason in errno, ECONNREFUSED (connection refused).";
        String es = "connect() envía SYN, pero ningún socket escucha en ese puerto: el núcleo responde con un segmento"
                + " RST. connect() devuelve -1 y deja el motivo en errno, ECONNREFUSED (conexión rechazada).";
        Journal journal = JournalFixtures.journal();
        journal.append("client", new Payload.Note(Map.of("en", en, "es", es)));
        // The diagram alone in a 520-px scene (a narrow pane), offscreen.
        DiagramFeature narrow = fx(() -> {
            DiagramFeature d = new DiagramFeature(texts);
            d.playback().instantProperty().set(true);
            d.onEvents(journal.snapshot());
            return d;
        });
        Scene scene = fx(() -> new Scene(narrow.diagram(), 520, 300));
        for (Lang lang : Lang.values()) {
            WritableImage image = fx(() -> {
                texts.langProperty().set(lang);
                return scene.snapshot(null); // lays out and draws
            });
            SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) narrow.diagram().getSkin());
            List<String> lines = fx(() -> skin.linesOf(0));
            assertTrue(lines.size() > 2, lang + ": wrapped at 520 px: " + lines);
            assertEquals(lang == Lang.EN ? en : es, String.join(" ", lines), "nothing dropped");
            for (String line : lines) assertTrue(fx(() -> skin.fitsAsNarration(line)), lang + ": cut: " + line);
            write(image, "diagram-narration-wrapped-" + lang.code() + ".png");
        }
        fx(() -> {
            texts.langProperty().set(Lang.EN);
            return null;
        });
    }

    @Test
    void aRealTcpLifecycleIsDrawnWithTheHandshakeBeforeAcceptReturns(FxRobot robot) throws Exception {
        lab = Lab.onThisMachine();
        int port = freePort();
        SockAddr at = SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET);
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
        call(server, new Request.Close(conn));
        call(server, new Request.Close(listener));
        lab.observeKernelNow();
        List<Event> journal = lab.journal().snapshot();
        feed(journal);

        DiagramModel m = feature.model();
        // One row per moment of the story: every event once (a call twice when the kernel did something between its
        // entry and return), except, while the wire is captured, the deduced twins of its segments; and besides, the
        // states passed too quickly to be read, deduced (dashed marks). On one machine a tcp_info reading has no row of
        // its own: the sockets table shows it (drawn to time, on a delayed link, it is told beside its lifeline).
        boolean captured = CiRules.capturing(lab); // must be on CI
        long twins = journal.stream()
                .filter(e -> captured && e.payload() instanceof Payload.Segment s && !s.captured())
                .count();
        long tcpInfos = journal.stream().filter(e -> e.payload() instanceof Payload.TcpInfo).count();
        assertEquals(journal.size() - twins - tcpInfos,
                m.rows().stream().filter(r -> !(r instanceof Row.CallRow cr && !cr.returns())
                        && !(r instanceof Row.StateMark sm && sm.deduced())).count());
        assertEquals(Story.of(journal).beats().size(), m.rowCount(),
                "the diagram paints the story");
        int connectEntry = m.rows().stream()
                .filter(r -> r instanceof Row.CallRow cr && cr.call().call().equals("connect")).findFirst()
                .orElseThrow().index();
        int firstSyn = m.rows().stream()
                .filter(r -> r instanceof Row.SegmentArrow s && s.segment().flags().contains("SYN")).findFirst()
                .orElseThrow().index();
        assertTrue(connectEntry < firstSyn, "connect enters the kernel before its SYN");
        int accept = m.rows().stream()
                .filter(r -> r instanceof Row.CallRow cr && cr.call().call().equals("accept") && cr.returns())
                .findFirst().orElseThrow().index();
        long handshakeBeforeAccept = m.rows().subList(0, accept).stream().filter(r -> r instanceof Row.SegmentArrow)
                .count();
        assertTrue(handshakeBeforeAccept >= 3, "SYN, SYN-ACK, ACK before accept returns: " + journal);
        assertTrue(
                m.rows().stream().anyMatch(r -> r instanceof Row.SegmentArrow s && s.segment().flags().contains("FIN")),
                () -> "the FIN exchange: " + journal);
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) feature.diagram().getSkin());
        assertEquals(m.rowCount() - 1, fx(skin::lastDrawnRow), "the last event is drawn");

        screenshot("diagram-narrow.png");
        fullHdScreenshot(journal, "diagram.png");

        // Clicking the accept arrow shows its details.
        fx(() -> {
            feature.diagram().select(m.row(accept));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        String title = fx(() -> robot.lookup("#diagram-details-title").queryLabeled().getText());
        assertTrue(title.startsWith("accept(" + listener + ", peer=127.0.0.1:"), title);
        assertTrue(title.endsWith(") = " + conn), title);
    }

    /**
     * Issue 43 item 3: following the newest row, the diagram never leaves a row half hidden under the lifelines'
     * heads, and after a refused connect the SYN and its RST are in view together whenever the view holds the rows
     * from the SYN down.
     */
    @Test
    void followingTheNewestRowKeepsTheSynAndItsRstInViewTogether() throws Exception {
        lab = Lab.onThisMachine();
        Endpoint client = lab.client();
        for (int i = 0; i < 3; i++) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        int c = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        assertEquals("ECONNREFUSED", call(client,
                new Request.Connect(c, SockAddr.parse("127.0.0.1:" + freePort(), Domain.AF_INET))).errnoName());
        lab.observeKernelNow();
        feed(lab.journal().snapshot());
        SequenceDiagram diagram = feature.diagram();
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) diagram.getSkin());
        List<Row> rows = fx(() -> feature.model().rows());
        int syn = rows.stream().filter(r -> r instanceof Row.SegmentArrow a && a.segment().flags().contains("SYN"))
                .findFirst().orElseThrow().index();
        int rst = rows.stream().filter(r -> r instanceof Row.SegmentArrow a && a.segment().flags().contains("RST"))
                .findFirst().orElseThrow().index();
        int together = 0;
        for (double height = 260; height <= 620; height += 9) {
            double h = height;
            fx(() -> {
                stage.getScene().getWindow().setHeight(h);
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(fx(skin::topRowWhole), "a row half under the heads at " + h + " px");
            if (fx(() -> skin.wholeInView(syn))) {
                assertTrue(fx(() -> skin.wholeInView(rst)), "the SYN without its RST at " + h + " px");
                together++;
            }
        }
        assertTrue(together > 0, "some height shows the SYN and its RST together");
        // The lab-less kernel's note under its head ("no socket listening on port …") runs into no kernel's name.
        for (double width = 330; width <= 990; width += 60) {
            double w = width;
            fx(() -> {
                stage.getScene().getWindow().setWidth(w);
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(fx(() -> skin.headerRolesApart(false)), "role names run into each other at " + w + " px");
        }
    }

    /**
     * Three endpoints in the diagram of a 1024 px window (about 410 px wide) read "programa núcleoprograma núcleo": the
     * role names under the lifelines' heads keep apart at every width, in both languages.
     */
    @Test
    void theRoleNamesUnderThreeEndpointsHeadsKeepApart() throws Exception {
        lab = Lab.onThisMachine();
        Endpoint second = lab.addClient();
        call(lab.client(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        call(second, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        call(lab.server(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        feed(lab.journal().snapshot());
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) feature.diagram().getSkin());
        assertEquals(6, fx(() -> feature.model().lifelines().size()), "three programs and their kernels");
        int crowded = 0;
        for (Lang lang : Lang.values())
            for (double width = 150; width <= 990; width += 30) {
                double w = width;
                boolean checked = width >= 330; // the promise holds from 330 px; narrower only shows whole words crowd
                fx(() -> {
                    texts.langProperty().set(lang);
                    stage.getScene().getWindow().setWidth(w);
                    stage.getScene().getRoot().applyCss();
                    stage.getScene().getRoot().layout();
                    return null;
                });
                WaitForAsyncUtils.waitForFxEvents();
                if (checked)
                    assertTrue(fx(() -> skin.headerRolesApart(false)),
                            "role names run into each other at " + w + " px, " + lang);
                if (fx(() -> !skin.headerRolesApart(true))) crowded++;
            }
        // Alone, whole words crowd at some of these widths (the short names then keep them apart); in a whole run of
        // the suite they never did, even at 150 px: why is not known yet (closing note of 2026-11-25), so the count is
        // told, not asserted.
        System.out.println("SequenceDiagramFxTest: whole role names crowded at " + crowded + " widths");
        screenshot("three-endpoints-narrow.png");
    }

    /**
     * Issue 57: a forked server child's name stood over its kernel's line alone, off its program's line, and nothing was
     * written under its kernel (the child's lifelines stand mirrored, kernel first, as the server's). Each endpoint's
     * name is centred over its two lifelines and each lifeline has its role under it, in both languages.
     */
    @Test
    void aForkedChildsNameStandsOverItsOwnTwoLifelinesWithTheirRoles() throws Exception {
        lab = Lab.onThisMachine();
        call(lab.client(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        call(lab.server(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        lab.fork(lab.server(), lab.childName(lab.server())).get(30, TimeUnit.SECONDS);
        feed(lab.journal().snapshot());
        List<String> endpoints = fx(() -> feature.model().lifelines().stream().map(l -> l.endpoint()).toList());
        assertEquals(List.of("client", "client", "server-2", "server-2", "server", "server"), endpoints,
                "the child beside its parent, between it and the peer");
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) feature.diagram().getSkin());
        for (Lang lang : Lang.values()) {
            fx(() -> {
                texts.langProperty().set(lang);
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            double[] x = fx(skin::lifelinesInView);
            List<String> places = fx(skin::headerPlaces);
            for (int i = 0; i < endpoints.size(); i += 2) {
                String name = "name " + endpoints.get(i) + " at " + Math.round((x[i] + x[i + 1]) / 2);
                assertTrue(places.contains(name), () -> lang + ": wanted " + name + " in " + places);
            }
            for (int i = 0; i < endpoints.size(); i++) {
                // Under its own line; one at the diagram's edge is kept inside it.
                boolean edge = i == 0 || i == endpoints.size() - 1;
                String role = "role " + i + " at " + (edge ? "" : Math.round(x[i]));
                assertTrue(places.stream().anyMatch(p -> edge ? p.startsWith(role) : p.equals(role)),
                        () -> lang + ": wanted " + role + " in " + places);
            }
        }
        screenshot("forked-child-heads.png");
    }

    @Test
    void aRefusedConnectIsDrawnInTheErrorColourAndAClickExplainsIt(FxRobot robot) throws Exception {
        lab = Lab.onThisMachine();
        Endpoint client = lab.client();
        int c = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        Payload.Call refused = call(client,
                new Request.Connect(c, SockAddr.parse("127.0.0.1:" + freePort(), Domain.AF_INET)));
        assertEquals("ECONNREFUSED", refused.errnoName());
        lab.observeKernelNow();
        feed(lab.journal().snapshot());

        SequenceDiagram diagram = feature.diagram();
        Color error = (Color) fx(diagram::errorColor);
        Color call = (Color) fx(diagram::callColor);
        assertNotEquals(call, error, "errors have their own colour");
        assertTrue(error.getHue() > 15 && error.getHue() < 60, "warm amber, not alarm red: " + error);

        // Click the connect row: the details pane explains the errno in plain words.
        int row = feature.model().rows().stream().filter(r -> r instanceof Row.CallRow cr && cr.error()).findFirst()
                .orElseThrow().index();
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) diagram.getSkin());
        double y = fx(() -> skin.rowCenterY(row));
        robot.clickOn(robot.point(diagram).atPosition(Pos.TOP_LEFT).atOffset(new Point2D(400, y)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(row, fx(() -> diagram.getSelectedRow().index()));
        List<String> values = fx(() -> feature.details().details().stream().map(Detail::value).toList());
        assertTrue(values.stream().anyMatch(v -> v.contains(EN.get("errno.ECONNREFUSED"))), values::toString);
        assertEquals("ECONNREFUSED: " + EN.get("errno.ECONNREFUSED"),
                SequenceDiagramSkin.hoverText(diagram.getSelectedRow(), EN));
        screenshot("diagram-refused.png");

        // Spanish: the same picture re-rendered in the other language.
        fx(() -> {
            texts.langProperty().set(Lang.ES);
            return null;
        });
        List<String> es = fx(() -> feature.details().details().stream().map(Detail::value).toList());
        assertTrue(es.stream().anyMatch(v -> v.contains(Messages.of(Lang.ES).get("errno.ECONNREFUSED"))), es::toString);
        screenshot("diagram-refused-es.png");
    }
}
