package org.socketlab.ui.shell;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import org.socketlab.export.PngEncoder;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;

/**
 * The sequence diagram as a picture for slides: a diagram control of its own, fed the events, drawn whole (every row,
 * no scroll bar) at a zoom and theme, and snapshotted by the toolkit. The window's File → Export and the command
 * line's {@code --png} both use it, so both give the same picture.
 */
public final class DiagramSnapshot {
    /** Taller pictures are cut here (a 1,300 px wide picture this tall takes 85 MB to draw): export a range instead. */
    public static final int MAX_HEIGHT = 16_384;
    /** The width of a picture at 100 %, scaled with the zoom. */
    public static final int WIDTH = 1280;

    /** The picture's width at {@code zoom} percent: the window's export and {@code --png} draw the same width. */
    public static double widthAt(int zoom) {
        return WIDTH * zoom / 100.0;
    }

    private DiagramSnapshot() {
    }

    /**
     * The picture of {@code events} at {@code zoom} (percent) in {@code theme}, {@code width} px wide. The program's
     * theme (the user-agent stylesheet) must already be {@code theme}'s. FX thread; nothing waits.
     */
    public static WritableImage take(List<Event> events, Lang lang, Theme theme, int zoom, double width) {
        DiagramModel model = new DiagramModel();
        model.append(events);
        return take(model, lang, theme, zoom, width);
    }

    /** The picture of what {@code model} holds (a window's diagram's own model, as it is now). FX thread. */
    public static WritableImage take(DiagramModel model, Lang lang, Theme theme, int zoom, double width) {
        return ((SequenceDiagramSkin) laidOut(model, lang, theme, zoom, width).getSkin()).picture();
    }

    /**
     * The diagram control {@link #take} snapshots, laid out whole: as tall as its rows, scrolled to none (tests look at
     * it). FX thread.
     */
    public static SequenceDiagram laidOut(DiagramModel model, Lang lang, Theme theme, int zoom, double width) {
        SequenceDiagram diagram = new SequenceDiagram(model);
        diagram.messagesProperty().bind(new Texts(lang).messagesProperty());
        diagram.positionProperty().set(model.rowCount());
        StackPane root = new StackPane(diagram);
        root.getStylesheets().add(
                Objects.requireNonNull(SequenceDiagram.class.getResource("sequence-diagram.css")).toExternalForm());
        root.setStyle("-fx-font-size: " + Math.round(ShellViewModel.DEFAULT_FONT_SIZE * zoom / 100.0) + "px;");
        Themes.style(theme, root);
        new Scene(root, width, 400); // a scene styles the control and gives it its skin
        root.applyCss();
        root.layout();
        SequenceDiagramSkin skin = (SequenceDiagramSkin) diagram.getSkin();
        double height = Math.min(MAX_HEIGHT, Math.ceil(skin.contentHeight()));
        root.resize(width, height);
        root.layout();
        skin.scrollBar().setValue(0); // from the story's start, also when cut at MAX_HEIGHT
        return diagram;
    }

    /** PNG bytes of a picture. */
    public static byte[] png(WritableImage image) throws IOException {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] pixels = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        return PngEncoder.encode(pixels, w, h);
    }
}
