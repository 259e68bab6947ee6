package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.common.EventWindow;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.endpoint.SocketCall;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File → Save journal, then Open journal, in the real window on the headless platform: the replay draws the very
 * diagram the live session drew (pixel for pixel), makes no call, says so, and goes back to the live lab; a broken or
 * newer file gets its line number and changes nothing.
 */
@ExtendWith(ApplicationExtension.class)
class ReplayFxTest {
    @TempDir
    Path dir;
    private Lab lab;
    private Shell shell;

    @Start
    void start(Stage stage) {
        lab = Lab.onThisMachine();
        shell = new Shell(lab, "Linux", Lang.EN);
        shell.show(stage);
        stage.setWidth(1000);
        stage.setHeight(1000);
        shell.diagram().playback().instantProperty().set(true);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(shell::detach).get(60, TimeUnit.SECONDS);
        shell.closeLab();
    }

    private static void await(String what, BooleanSupplier done) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, done::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("never: " + what, e);
        }
    }

    private static void ok(Endpoint endpoint, Request request) throws Exception {
        Payload.Call c = (Payload.Call) endpoint.call(request).get(10, TimeUnit.SECONDS).payload();
        assertTrue(c.result() >= 0, request + " failed: " + c.errnoName());
    }

    /** A TCP conversation left ESTABLISHED: once its states are seen, the kernel has nothing more to journal. */
    private void quietSession() throws Exception {
        int port = UiTestSupport.freePort();
        SockAddr at = SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET);
        ok(lab.server(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        int listener = lab.server().sockets().getFirst().fd();
        ok(lab.server(), new Request.Bind(listener, at));
        ok(lab.server(), new Request.Listen(listener, 5));
        ok(lab.client(), new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
        int client = lab.client().sockets().getFirst().fd();
        ok(lab.client(), new Request.Connect(client, at));
        ok(lab.server(), new Request.Accept(listener));
        ok(lab.client(), new Request.Send(client, "hola".getBytes(StandardCharsets.UTF_8)));
        lab.observeKernelNow();
        // tcp_info is read on a thread of its own after the captured segments (a whole CI run journaled one after the
        // count was taken): the session is quiet once the journal has not grown for 1 s (300 ms was too short once,
        // at load 11: four rows came after the save).
        int[] size = {-1};
        long[] since = {0};
        await("the journal stops growing", () -> {
            int now = lab.journal().size();
            if (now != size[0]) {
                size[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > 1_000_000_000L;
        });
    }

    /**
     * The window's diagram as it holds it now (its own model, every row), drawn whole by a diagram control of the same
     * kind at one size, as File → Export → Diagram as PNG draws it: the window's panes differ in size by a few pixels
     * between a live and a replayed session (the replay banner), the rows must not.
     */
    private int[] diagramPixels() {
        return fx(() -> {
            WritableImage image = DiagramSnapshot.take(shell.diagram().model(), Lang.EN, Theme.LIGHT, 100, 1000);
            int w = (int) image.getWidth(), h = (int) image.getHeight();
            int[] pixels = new int[w * h + 2];
            image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 2, w);
            pixels[0] = w;
            pixels[1] = h;
            return pixels;
        });
    }

    private int shownRows() {
        return fx(() -> shell.diagram().model().rowCount());
    }

    /** The replay banner is made when a replay first starts (BuiltWhenShown): none, or hidden, is not shown. */
    private boolean replayBannerShown() {
        return shell.view().lookup("#replay-banner") instanceof Node banner && banner.isVisible();
    }

    private String noticeText() {
        return fx(() -> shell.viewModel().fileNoticeText().get());
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    @Test
    void aSavedJournalReopensAsTheSameDiagramAndMakesNoCall() throws Exception {
        quietSession();
        int liveEvents = lab.journal().size();
        // The diagram draws its rows a frame after the events arrive: wait until it tells the session's last call.
        long lastCall = lab.journal().snapshot().stream()
                .filter(e -> e.payload() instanceof Payload.Call)
                .mapToLong(e -> e.seq()).max().orElseThrow();
        await("the window shows every event", () -> fx(() -> shell.files().shownEvents().size()) == liveEvents
                && fx(() -> shell.diagram().model().rows().stream().anyMatch(r -> r.event().seq() == lastCall))
                && shownRows() > 0 && fx(() -> shell.diagram().playback().visibleRows()) == shownRows());
        int rows = shownRows();
        int[] live = diagramPixels();
        assertTrue(Arrays.stream(live, 2, live.length).distinct().count() > 20,
                "a drawn diagram, not an empty picture");

        Path saved = dir.resolve("session.jsonl");
        fx(() -> {
            shell.files().save(saved);
            return null;
        });
        await("saved", () -> noticeText().equals("Saved the journal to " + saved));
        List<String> lines = Files.readAllLines(saved);
        assertTrue(lines.getFirst().startsWith("{\"format\":2,"), lines.getFirst());
        assertEquals(liveEvents, lines.size(), "every event of the session, as recorded");

        // A broken copy first: its line is named, and the live session stays as it is.
        List<String> broken = new ArrayList<>(lines);
        broken.set(4, broken.get(4).replace("\"type\":", "\"type\":7,\"x\":"));
        Path bad = Files.write(dir.resolve("bad.jsonl"), broken);
        fx(() -> {
            shell.files().open(bad);
            return null;
        });
        await("the broken file's message", () -> noticeText().contains("Journal line 5 is not a valid event"));
        assertNull(fx(() -> shell.replayed()), "a broken file is not replayed");
        assertEquals(rows, shownRows(), () -> "the live diagram is untouched; late: "
                + lab.journal().snapshot().stream().filter(e -> e.seq() > liveEvents).map(Object::toString).toList());
        assertFalse(fx(this::replayBannerShown));
        // A copy whose endpoint would leave a folder (issue 35): refused as clearly, naming the line and the name.
        List<String> hostile = new ArrayList<>(lines);
        hostile.set(2, hostile.get(2).replaceFirst("\"endpoint\":\"[^\"]*\"", "\"endpoint\":\"../../../x\""));
        Path unsafe = Files.write(dir.resolve("unsafe.jsonl"), hostile);
        fx(() -> {
            shell.files().open(unsafe);
            return null;
        });
        await("the unsafe name's message", () -> noticeText()
                .contains("Journal line 3 is not a valid event: endpoint \"../../../x\" is not a safe name"));
        assertNull(fx(() -> shell.replayed()), "a file with an unsafe name is not replayed");
        assertEquals(rows, shownRows(), "the live diagram is untouched");

        int labEvents = lab.journal().size();
        List<Integer> serverFds = lab.server().sockets().stream().map(s -> s.fd()).toList();
        fx(() -> {
            shell.files().open(saved);
            return null;
        });
        await("replaying", () -> fx(() -> shell.replayed() != null));
        fx(() -> {
            shell.diagram().playback().instantProperty().set(true);
            return null;
        });
        await("the replay shows every row",
                () -> shownRows() == rows && fx(() -> shell.diagram().playback().visibleRows()) == rows);
        int[] replayed = diagramPixels();
        assertEquals(live[0] + "x" + live[1], replayed[0] + "x" + replayed[1], "the same size");
        assertArrayEquals(live, replayed, "the replayed diagram is the recorded one, pixel for pixel");

        // Read-only, and it says so (the replay's window has its panes just after its first frame).
        UiTestSupport.awaitWindowBuilt(fx(() -> shell.view().getScene().getWindow()));
        Node banner = fx(() -> shell.view().lookup("#replay-banner"));
        assertTrue(fx(banner::isVisible));
        assertEquals("Replaying session.jsonl — no calls are made",
                fx(() -> ((Label) shell.view().lookup("#replay-banner-text")).getText()));
        assertTrue(fx(() -> shell.view().lookup("#server-calls").isDisabled()), "the call buttons are off");
        assertTrue(fx(() -> shell.view().lookup("#reset-all").isDisabled()
                && shell.view().lookup("#add-client").isDisabled()));
        fx(() -> {
            shell.viewModel().server().run(SocketCall.SOCKET);
            shell.viewModel().client().run(SocketCall.SOCKET);
            return null;
        });
        assertEquals("A journal file is being replayed: no call is made. Go back to the live lab to make calls.",
                fx(() -> shell.viewModel().server().messageProperty().get()));
        fx(() -> {
            shell.viewModel().resetAll();
            return null;
        });
        lab.observeKernelNow();
        assertEquals(labEvents, lab.journal().size(), "the lab made no call while replaying");
        assertEquals(serverFds, lab.server().sockets().stream().map(s -> s.fd()).toList(),
                "no socket opened or closed");
        assertEquals(liveEvents, fx(() -> shell.files().shownEvents().size()), "the views show the file's events");

        // A newer file while replaying: said with its line; the replay shown stays.
        List<String> newer = new ArrayList<>(lines);
        newer.set(0, newer.getFirst().replace("\"format\":2", "\"format\":3"));
        Path future = Files.write(dir.resolve("future.jsonl"), newer);
        fx(() -> {
            shell.files().open(future);
            return null;
        });
        await("the newer file's message",
                () -> noticeText().contains("Journal line 1 was written by a newer SocketLab"));
        assertEquals(saved, fx(() -> shell.replayed().file()));

        // Back to the live lab: its session again, the calls on.
        fx(() -> {
            ((Button) shell.view().lookup("#replay-back-to-live")).fire();
            return null;
        });
        assertNull(fx(() -> shell.replayed()));
        assertFalse(fx(this::replayBannerShown));
        // The live panes come back with the next frame (a loaded machine's may come a while after the click).
        await("the server's calls, on again", () -> fx(() -> shell.view().lookup("#server-calls") instanceof Node n
                && !n.isDisabled()));
        await("the live session is shown again", () -> shownRows() == rows);
    }

    /** The first event the diagram tells after its older-events row, and how many it says are only in the file. */
    private long[] diagramPage() {
        return fx(() -> {
            List<Row> rows = shell.diagram().model().rows();
            long older = !rows.isEmpty() && rows.getFirst() instanceof Row.OlderRow o ? o.count() : 0;
            long first = rows.stream().filter(r -> !(r instanceof Row.OlderRow)).mapToLong(r -> r.event().seq())
                    .filter(seq -> seq > 1).min().orElse(0);
            return new long[]{older, first};
        });
    }

    @Test
    void aBigJournalIsShownAPageAtATimeFromTheFile() throws Exception {
        int page = EventWindow.DEFAULT_MAX_EVENTS, count = page * 5 / 2;
        List<Event> events = new ArrayList<>(count);
        events.add(new Event(1, 1, "lab", new Payload.Capture("unavailable", "tcpdump not installed")));
        for (int i = 2; i <= count; i++)
            events.add(new Event(i, i * 10L, "client", new Payload.Queue(3, i % 5, 0, null)));
        Path big = dir.resolve("big.jsonl");
        JournalJsonl.write(events, big);
        fx(() -> {
            shell.files().open(big);
            return null;
        });
        await("the newest page", () -> fx(() -> shell.replayed() != null) && diagramPage()[1] == count - page + 1);
        assertEquals(count - page, diagramPage()[0], "the older events before it");
        assertFalse(fx(() -> shell.view().fileMenu().getItems().stream()
                .filter(item -> "file-earlier-events".equals(item.getId())).findFirst().orElseThrow().isDisable()));

        // The older-events row, selected, offers the same as a button in the details pane (Tab reaches it).
        // The details pane is shown only while a row is selected: before that the button is absent or hidden.
        Node before = fx(() -> shell.diagram().detailsView().lookup("#diagram-details-earlier"));
        assertTrue(before == null || !fx(before::isVisible), "nothing offered while another row is selected");
        fx(() -> {
            shell.diagram().details().selectedProperty().set(shell.diagram().model().rows().getFirst());
            return null;
        });
        await("the earlier-events button", () -> fx(() -> {
            Node shown = shell.diagram().detailsView().lookup("#diagram-details-earlier");
            return shown != null && shown.isVisible();
        }));
        Node button = fx(() -> shell.diagram().detailsView().lookup("#diagram-details-earlier"));
        assertTrue(fx(button::isVisible));
        assertEquals("Show earlier events", fx(() -> ((Button) button).getText()));
        fx(() -> {
            ((Button) button).fire();
            return null;
        });
        await("the page before", () -> diagramPage()[1] == count - 2 * page + 1);
        assertEquals(count - 2 * page, diagramPage()[0]);
        assertEquals(page, fx(() -> shell.files().shownEvents().size()), "a page");
        fx(() -> {
            shell.view().fileMenu().getItems().stream().filter(item -> "file-earlier-events".equals(item.getId()))
                    .findFirst().orElseThrow().fire();
            return null;
        });
        await("the first page", () -> diagramPage()[0] == 0 && diagramPage()[1] == 2
                && fx(() -> shell.files().shownEvents().size()) == count - 2 * page);
        assertTrue(fx(() -> shell.view().fileMenu().getItems().stream()
                .filter(item -> "file-earlier-events".equals(item.getId())).findFirst().orElseThrow().isDisable()),
                "nothing before the first page");
        fx(() -> {
            shell.view().fileMenu().getItems().stream().filter(item -> "file-newest-events".equals(item.getId()))
                    .findFirst().orElseThrow().fire();
            return null;
        });
        await("the newest page again", () -> diagramPage()[1] == count - page + 1);
    }

    @Test
    void aLongLiveSessionsEarlierEventsAreReadBackFromItsRecording() throws Exception {
        // More events than the window keeps: it lets the oldest go, which stay in the session's recording file.
        for (int i = 0; i < EventWindow.DEFAULT_MAX_EVENTS + 1_000; i++)
            lab.journal().append("server", new Payload.Queue(3, i % 7, 0, null));
        long last = lab.journal().snapshot().getLast().seq();
        await("the window lets the oldest go",
                () -> diagramPage()[0] > 0 && fx(() -> shell.diagram().model().lastEventNumber()) == last);
        long firstShown = fx(() -> shell.diagram().model().firstEventNumber());
        assertTrue(fx(() -> shell.viewModel().earlierInFileProperty().get()), "Show earlier events is offered");
        fx(() -> {
            shell.view().fileMenu().getItems().stream().filter(item -> "file-earlier-events".equals(item.getId()))
                    .findFirst().orElseThrow().fire();
            return null;
        });
        await("the events before them, read from the recording",
                () -> fx(() -> shell.replayed() != null)
                        && fx(() -> shell.diagram().model().lastEventNumber()) == firstShown - 1);
        assertEquals(1, fx(() -> shell.diagram().model().firstEventNumber()), "from the session's first event");
        assertEquals(firstShown - 1, (long) fx(() -> shell.files().shownEvents().size()));
        fx(() -> {
            ((Button) shell.view().lookup("#replay-back-to-live")).fire();
            return null;
        });
        await("live again", () -> fx(() -> shell.replayed() == null)
                && fx(() -> shell.diagram().model().lastEventNumber()) == last);
    }
}
