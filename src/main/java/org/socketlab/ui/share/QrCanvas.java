package org.socketlab.ui.share;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.socketlab.share.JoinQr;

/**
 * The join URL's QR code, drawn black on white whatever the theme (a camera reads dark modules on a light ground), with
 * its quiet zone, each module a whole number of pixels (no blurred edges), {@link #sideProperty()} px a side at most:
 * on a projector, big enough for the back row's phones.
 */
final class QrCanvas extends Canvas {
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final DoubleProperty side = new SimpleDoubleProperty(this, "side", 320);

    QrCanvas() {
        setId("share-qr");
        text.addListener(obs -> draw());
        side.addListener(obs -> draw());
        draw();
    }

    /** What the code says (the join URL); empty: nothing drawn. */
    StringProperty textProperty() {
        return text;
    }

    DoubleProperty sideProperty() {
        return side;
    }

    private void draw() {
        String url = text.get();
        if (url == null || url.isEmpty()) {
            setWidth(0);
            setHeight(0);
            return;
        }
        JoinQr qr = JoinQr.of(url);
        int modules = qr.size() + 2 * JoinQr.QUIET_ZONE;
        int scale = Math.max(2, (int) Math.floor(side.get() / modules));
        double px = (double) modules * scale;
        setWidth(px);
        setHeight(px);
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, px, px);
        g.setFill(Color.BLACK);
        for (int y = 0; y < qr.size(); y++)
            for (int x = 0; x < qr.size(); x++)
                if (qr.dark(x, y))
                    g.fillRect((x + JoinQr.QUIET_ZONE) * scale, (y + JoinQr.QUIET_ZONE) * scale, scale, scale);
    }
}
