package org.socketlab.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.socketlab.story.LabelPlaces;

/**
 * An SVG document being written, with the few things an SVG painter needs and no toolkit: text on a halo kept inside
 * the page, XML escaping, numbers to one decimal, text widths estimated from the font size, words wrapped to lines.
 */
final class Svg {
    private final StringBuilder sb = new StringBuilder();
    private final double pageWidth;

    Svg(double pageWidth) {
        this.pageWidth = pageWidth;
    }

    /**
     * Drawn to time (issue 60), marks stand at their moments and several may fall within a line's height: from now on
     * a label that would cover one already placed moves down to the first free place, a thin line joining it to its
     * mark. Off (the rows of one machine), every label stands where it is asked to.
     */
    void dodgeLabels(String leaderColour, double leftEdge) {
        this.leaderColour = leaderColour;
        this.places = new LabelPlaces(leftEdge);
    }

    private @Nullable String leaderColour;
    /** The labels placed so far (one rule with the window's canvas). */
    private LabelPlaces places = new LabelPlaces();
    /** Text from now on is drawn where it is asked and every label placed later keeps clear of it (a fold's length). */
    private boolean keeping;

    /** While {@code on}, halos stand where they are asked and later labels keep clear of them. */
    void keepClear(boolean on) {
        keeping = on;
    }

    /**
     * How far down a box of {@code w} by {@code h} at ({@code left}, {@code top}) must move to cover no label placed
     * before it (0 when labels are not dodged), and keeps it as placed there.
     */
    double dodge(double left, double top, double w, double h) {
        return leaderColour == null ? 0 : places.dodge(left, top, w, h);
    }

    /** A thin line from a label moved down by {@link #dodge} back to where it was asked to stand. */
    private void leader(double x, double fromY, double toY) {
        sb.append("<line class=\"leader\" x1=\"").append(fmt(x)).append("\" y1=\"").append(fmt(fromY))
                .append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(fmt(toY)).append("\" stroke=\"")
                .append(leaderColour).append("\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\"/>\n");
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    Svg raw(String s) {
        sb.append(s);
        return this;
    }

    Svg text(String s) {
        sb.append(esc(s));
        return this;
    }

    void text(double x, double y, String text, String attributes) {
        sb.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" ").append(attributes)
                .append(" xml:space=\"preserve\">").append(esc(text)).append("</text>\n");
    }

    /** Text on a white box, so lifelines never strike through it. */
    void halo(double x, double y, String text, double size, double charW, String anchor, String attributes) {
        double w = width(text, size, charW) + 6;
        // Kept inside the page: a long label slides back in rather than being cut at the edge.
        x = switch (anchor) {
            case "end" -> clamp(x, w + 2, pageWidth - 4);
            case "middle" -> clamp(x, w / 2 + 2, pageWidth - 2 - w / 2);
            default -> clamp(x, 4, pageWidth - 2 - w);
        };
        double left = switch (anchor) {
            case "end" -> x - w + 3;
            case "middle" -> x - w / 2;
            default -> x - 3;
        };
        double dy = 0;
        LabelPlaces.Box box = new LabelPlaces.Box(left, y - size * 0.95, w, size * 1.3);
        if (keeping) places.keepClear(box);
        else if (leaderColour != null) {
            LabelPlaces.Box at = places.place(List.of(box), pageWidth - 2).getFirst();
            dy = at.top() - box.top();
            x += at.left() - left; // slid right of the ruler
            left = at.left();
        }
        if (dy > size * 0.5) leader(left + 2, y - size * 0.95, y + dy - size * 0.95);
        y += dy;
        sb.append("<rect x=\"").append(fmt(left)).append("\" y=\"").append(fmt(y - size * 0.95))
                .append("\" width=\"").append(fmt(w))
                .append("\" height=\"").append(fmt(size * 1.3))
                .append("\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>\n");
        text(x, y, text, attributes);
    }

    /** Words into lines of at most {@code max} characters (a longer word is cut); newlines are kept. */
    static List<String> wrap(String text, int max) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.strip().split("\\s+")) {
                while (word.length() > max) {
                    if (!line.isEmpty()) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    lines.add(word.substring(0, max));
                    word = word.substring(max);
                }
                if (!line.isEmpty() && line.length() + 1 + word.length() > max) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (!line.isEmpty() && !word.isEmpty()) line.append(' ');
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static double width(String text, double size, double charW) {
        return text.codePointCount(0, text.length()) * size * charW;
    }

    static double clamp(double v, double lo, double hi) {
        return hi < lo ? lo : Math.max(lo, Math.min(hi, v));
    }

    static String fmt(double v) {
        long r = Math.round(v * 10);
        return r % 10 == 0 ? Long.toString(r / 10) : String.format(Locale.ROOT, "%.1f", r / 10.0);
    }

    /** XML text or attribute value: markup characters escaped, characters XML 1.0 forbids left out. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                            || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
                    if (allowed) sb.appendCodePoint(cp);
                }
            }
        }
        return sb.toString();
    }
}
