package org.socketlab.ui.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;
import org.socketlab.ui.HeadlessScreen;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.network.MachinesViewModel;

/**
 * A child program for PresenterDropTest, run inside a private lab network on the headless platform: the real window on
 * a lab moved to two machines joined by SocketLab's wire. In the main window F9 held drops and D typed into a text field
 * does not; then presenter mode open: F9 held, then D, then
 * the call strip's "Hold to drop" button pressed: each time the presenter's head says every packet is dropped, the
 * lab's wire drops every packet (its loss 100 % both ways), a segment sent meanwhile is journaled lost on the link and
 * drawn in the diagram; released, the head says the link as before and the wire carries as before (its conditions the
 * same as before the press), the bytes arriving. Exit 0, or 1 with what differed.
 */
public final class PresenterDropChild {
    private PresenterDropChild() {
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("differed: " + what);
            System.exit(1);
        }
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                done.complete(work.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }

    private static void until(BooleanSupplier done, String what) {
        try {
            Await.until(Duration.ofSeconds(30), done, () -> what);
        } catch (AssertionError e) {
            check(false, e.getMessage());
        }
    }

    private static Payload.Call call(Lab lab, String endpoint, Request r) throws Exception {
        return (Payload.Call) lab.endpoint(endpoint).call(r).get(30, TimeUnit.SECONDS).payload();
    }

    private static boolean lossEverywhere(Lab lab, int ppm) {
        return lab.link().map(c -> c.toServer().lossPpm() == ppm && c.toClient().lossPpm() == ppm).orElse(false);
    }

    /** The first data segment from the client captured after {@code seq}, or null. */
    private static org.socketlab.journal.Event sentAfter(Lab lab, long seq) {
        for (org.socketlab.journal.Event e : lab.journal().snapshot())
            if (e.seq() > seq && e.payload() instanceof Payload.Segment s && s.captured() && s.from().equals("client")
                    && s.len() > 0)
                return e;
        return null;
    }

    private static String text(Scene scene, String id) throws Exception {
        return fx(() -> scene.lookup(id) instanceof Labeled l && l.isVisible() ? l.getText() : "");
    }

    private static boolean bool(BooleanSupplier s) {
        try {
            return fx(s::getAsBoolean);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable t) { // the FX thread would keep the JVM alive: say what failed and end
            t.printStackTrace(System.out);
            check(false, String.valueOf(t));
        }
    }

    private static void run() throws Exception {
        Messages en = Messages.of(Lang.EN);
        Platform.startup(() -> {
        });
        Path prefs = Files.createTempDirectory("presenter-drop").resolve("window.properties");
        Lab lab = Lab.capturingInBackground(Libc.forThisMachine());
        check(lab.network().isPrivate() && lab.movable(), "a window's lab in a private lab network");
        Shell shell = fx(() -> {
            HeadlessScreen.resize(1280, 720);
            Shell s = new Shell(lab, "Linux", Lang.EN);
            s.show(new Stage(), prefs);
            return s;
        });
        MachinesViewModel machines = fx(() -> shell.viewModel().machines());
        fx(() -> {
            machines.choose(true);
            return null;
        });
        until(() -> bool(() -> !machines.busyProperty().get() && machines.twoProperty().get()
                && !machines.linkLineProperty().get().isEmpty()), "on two machines joined by the wire");
        var before = lab.link().orElseThrow();
        int port = LessonRunner.freePort();
        int listener = (int) call(lab, "server", new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        SockAddr addr = SockAddr.parse(SecondHost.SERVER_ADDRESS + ":" + port, Domain.AF_INET);
        check(call(lab, "server", new Request.Bind(listener, addr)).result() == 0, "bind");
        check(call(lab, "server", new Request.Listen(listener, 5)).result() == 0, "listen");
        int client = (int) call(lab, "client", new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        check(call(lab, "client", new Request.Connect(client, addr)).result() == 0, "connect");
        int conn = (int) call(lab, "server", new Request.Accept(listener)).result();

        inTheWindow(lab, shell, machines, before);
        fx(() -> {
            shell.presenter().enter();
            return null;
        });
        Scene scene = fx(() -> shell.presenter().stage().getScene());
        String carrying = text(scene, "#presenter-link");
        check(carrying.equals(en.get("link.summary", en.get("link.summary.nothing"))),
                "the presenter's head says the link: " + carrying);
        for (String way : new String[]{"F9", "D", "button"})
            holdAndLetGo(way, lab, shell, scene, new int[]{client, conn}, before, carrying);
        fx(() -> {
            shell.presenter().leave();
            shell.detach();
            return null;
        });
        lab.close();
        System.out.println("presenter drop: passed");
        System.exit(0);
    }

    /**
     * The main window holds the same drop: F9 held there drops every packet on the wire and released carries as
     * before; D typed into a text field is a letter, no drop.
     */
    private static void inTheWindow(Lab lab, Shell shell, MachinesViewModel machines, LinkConditions before)
            throws Exception {
        Scene window = fx(() -> shell.stage().getScene());
        // The panes' argument forms are built after the window's first frames.
        until(() -> bool(() -> window.getRoot().lookupAll("*").stream()
                .anyMatch(n -> n instanceof TextField && !n.isDisabled())), "the window's text fields are built");
        fx(() -> {
            TextField field = (TextField) window.getRoot().lookupAll("*").stream()
                    .filter(n -> n instanceof TextField && !n.isDisabled() && n.getScene() != null)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no text field in the window"));
            field.requestFocus();
            return null;
        });
        check(fx(() -> window.getFocusOwner() instanceof TextField), "a text field has focus");
        hold(window, "D", true); // the gesture is decided in the key's event filter, on the FX thread: at once
        check(!bool(() -> machines.droppingProperty().get()) && lossEverywhere(lab, 0),
                "D typed into a field drops nothing: " + lab.link());
        hold(window, "D", false);
        hold(window, "F9", true);
        until(() -> lossEverywhere(lab, 1_000_000), "F9 held in the window: the wire drops every packet");
        hold(window, "F9", false);
        until(() -> lab.link().map(before::equals).orElse(false), "F9 released in the window: as before");
        System.out.println("F9 held in the window: the wire dropped, then carried; D in a text field: a letter");
        // The window's own on-screen button, beside the diagram's link line.
        check(fx(() -> window.lookup("#window-drop-hold") != null && window.lookup("#window-drop-hold").isVisible()),
                "the window shows the hold-to-drop button beside the link's line");
        hold(window, "window-button", true);
        until(() -> lossEverywhere(lab, 1_000_000), "the window's button held: the wire drops every packet");
        hold(window, "window-button", false);
        until(() -> lab.link().map(before::equals).orElse(false), "the window's button released: as before");
        System.out.println("the window's button held: the wire dropped, then carried");
    }

    /**
     * {@code way} held in presenter mode: the head says the drop, the wire drops, a segment sent is lost and drawn; let
     * go: the wire and the head as before, the bytes arrive. {@code fds}: the client's socket and the server's.
     */
    private static void holdAndLetGo(String way, Lab lab, Shell shell, Scene scene, int[] fds, LinkConditions before,
            String carrying) throws Exception {
        Messages en = Messages.of(Lang.EN);
        hold(scene, way, true);
        until(() -> {
            try {
                return text(scene, "#presenter-link").equals(en.get("link.ui.dropping"));
            } catch (Exception e) {
                return false;
            }
        }, way + " held: the presenter's head says every packet is dropped");
        until(() -> lossEverywhere(lab, 1_000_000), way + " held: the wire drops every packet");
        long held = lab.journal().snapshot().getLast().seq();
        String bytes = "drop-" + way;
        call(lab, "client", new Request.Send(fds[0], bytes.getBytes(StandardCharsets.UTF_8), Set.of()));
        until(() -> sentAfter(lab, held) != null, way + ": the segment sent while held is captured");
        var sent = sentAfter(lab, held);
        Payload.Segment lost = (Payload.Segment) sent.payload();
        check(lost.link() != null && lost.link().fate().equals(Payload.Passage.LOST) && lost.neverArrived(),
                way + ": lost on the link: " + lost);
        until(() -> bool(() -> shell.diagram().model().rows().stream()
                .anyMatch(r -> r instanceof Row.SegmentArrow && r.event().seq() == sent.seq())),
                way + ": the lost segment is drawn in the diagram");
        hold(scene, way, false);
        until(() -> lab.link().map(before::equals).orElse(false),
                way + " released: the wire carries as before: " + lab.link() + " for " + before);
        until(() -> {
            try {
                return text(scene, "#presenter-link").equals(carrying);
            } catch (Exception e) {
                return false;
            }
        }, way + " released: the head says the link as before");
        Payload.Call got = call(lab, "server", new Request.Recv(fds[1], 100, Set.of()));
        check(got.result() == bytes.length(), way + ": retransmitted, the bytes arrived: " + got.result());
        System.out.println(way + " held in presenter mode: the wire dropped " + sent.seq() + ", then carried");
    }

    /** F9 or D pressed (or released) in the presenter's window, or its strip's button pressed (or released). */
    private static void hold(Scene scene, String way, boolean down) throws Exception {
        fx(() -> {
            if (way.endsWith("button")) {
                Node b = scene.lookup(way.equals("button") ? "#presenter-drop-hold" : "#window-drop-hold");
                Event.fireEvent(b, new MouseEvent(down ? MouseEvent.MOUSE_PRESSED : MouseEvent.MOUSE_RELEASED, 5, 5,
                        5, 5, MouseButton.PRIMARY, 1, false, false, false, false, down, false, false, true, false,
                        false, null));
            } else {
                KeyCode code = way.equals("F9") ? KeyCode.F9 : KeyCode.D;
                Node target = scene.getFocusOwner() != null ? scene.getFocusOwner() : scene.getRoot();
                Event.fireEvent(target, new KeyEvent(down ? KeyEvent.KEY_PRESSED : KeyEvent.KEY_RELEASED, "",
                        "", code, false, false, false, false));
            }
            return null;
        });
    }
}
