package org.socketlab.ui.shell;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.image.WritableImage;
import org.socketlab.export.DiagramPicture;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;

/**
 * {@code --png} on the command line: JavaFX's headless platform (no display, software rendering) started once, the
 * picture drawn on its thread by {@link DiagramSnapshot}, the command's own thread waiting for it. There is no window
 * here, no journal worker and no bridge: the one thread that waits is the command line's, never the FX thread. (The
 * window's rule that only the bridge crosses into the FX thread, UiRulesTest, names this class as its one exception.)
 */
public final class HeadlessDiagramPicture implements DiagramPicture {
    private static final int WAIT_SECONDS = 120;
    private boolean started;

    /**
     * Made by the composition root ({@code Main}) for a command with {@code --png}. JavaFX starts once per process: a
     * second picture, or a test that already started the toolkit, finds it running and uses it.
     */
    public HeadlessDiagramPicture() {
    }

    @Override
    public byte[] png(List<Event> events, Lang lang, String themeId, int zoom) throws IOException {
        Messages m = Messages.of(lang);
        startHeadless(m);
        CompletableFuture<WritableImage> picture = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                Theme theme = Theme.of(themeId);
                Themes.apply(theme);
                picture.complete(DiagramSnapshot.take(events, lang, theme, zoom, DiagramSnapshot.widthAt(zoom)));
            } catch (RuntimeException | Error e) {
                picture.completeExceptionally(e);
            }
        });
        try {
            return DiagramSnapshot.png(picture.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new IOException(m.get("export.png.timeout", String.valueOf(WAIT_SECONDS)), e);
        }
    }

    private synchronized void startHeadless(Messages m) throws IOException {
        if (started) return;
        if (System.getProperty("glass.platform") == null) System.setProperty("glass.platform", "Headless");
        if (System.getProperty("prism.order") == null) System.setProperty("prism.order", "sw");
        CompletableFuture<Void> up = new CompletableFuture<>();
        try {
            Platform.startup(() -> up.complete(null));
            Platform.setImplicitExit(false);
        } catch (IllegalStateException alreadyRunning) { // a test or another picture started it: use it
            up.complete(null);
        } catch (RuntimeException e) {
            throw new IOException(m.get("export.png.noToolkit"), e);
        }
        try {
            up.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException(m.get("export.png.noToolkit"), e);
        }
        started = true;
    }
}
