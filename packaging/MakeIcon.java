import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws packaging/socketlab.png: two sockets (client, server) on a rounded tile, joined by a request
 * arrow and a reply arrow. Run from the project root with JDK 25: {@code java packaging/MakeIcon.java}.
 */
public class MakeIcon {
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        String out = args.length > 1 ? args[1] : "packaging/socketlab.png";
        System.setProperty("java.awt.headless", "true");
        var img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 256.0, size / 256.0);

        // Tile: deep blue to teal.
        var tile = new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56);
        g.setPaint(new GradientPaint(0, 8, new Color(0x1e3a8a), 0, 248, new Color(0x0f766e)));
        g.fill(tile);

        // Two sockets: rings with a dark core, like a plug's opening.
        Color light = new Color(0xf8fafc);
        Color accent = new Color(0xfbbf24);
        drawSocket(g, 64, 128, light);
        drawSocket(g, 192, 128, light);

        // Request above (client -> server), reply below (server -> client).
        g.setStroke(new BasicStroke(10, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(accent);
        arrow(g, 98, 104, 158, 104, true);
        g.setColor(light);
        arrow(g, 158, 152, 98, 152, false);
        g.dispose();
        ImageIO.write(img, "png", new File(out));
    }

    private static void drawSocket(Graphics2D g, double cx, double cy, Color ring) {
        g.setColor(ring);
        g.fill(new Ellipse2D.Double(cx - 30, cy - 30, 60, 60));
        g.setColor(new Color(0x0f172a));
        g.fill(new Ellipse2D.Double(cx - 17, cy - 17, 34, 34));
    }

    private static void arrow(Graphics2D g, double x1, double y1, double x2, double y2, boolean solid) {
        if (!solid) {
            // Dashed, as SocketLab draws an inferred segment.
            g.setStroke(new BasicStroke(10, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[]{12, 16}, 0));
        }
        g.draw(new Line2D.Double(x1, y1, x2 - Math.signum(x2 - x1) * 8, y2));
        g.setStroke(new BasicStroke(10, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double d = Math.signum(x2 - x1);
        var head = new Path2D.Double();
        head.moveTo(x2 - d * 18, y2 - 14);
        head.lineTo(x2, y2);
        head.lineTo(x2 - d * 18, y2 + 14);
        g.draw(head);
    }
}
