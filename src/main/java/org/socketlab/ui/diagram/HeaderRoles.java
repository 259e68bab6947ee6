package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javafx.scene.text.Font;
import org.socketlab.i18n.Messages;
import org.socketlab.story.Lifeline;

/**
 * The role names under the lifelines' heads ("program", "kernel", what the lab-less kernel did), placed so that no two
 * run into each other: with three endpoints in a 1024 px window they read "programa núcleoprograma núcleo". The
 * words are tried whole, in type from the heads' small size down to {@value #WHOLE_LEAST_SCALE} of the diagram's, then
 * short ("prog.", "núc.") down to {@value #LEAST_SCALE}; the first that keeps a gap between neighbours is drawn.
 */
record HeaderRoles(List<Label> labels, Font font) {
    /** The smallest type tried, relative to the diagram's font size. */
    static final double LEAST_SCALE = 0.6;
    /** The smallest type whole words are tried in. */
    static final double WHOLE_LEAST_SCALE = 0.72;

    /** One role name: which lifeline, its text, where its middle is drawn and how wide it is. */
    record Label(int lifeline, String text, double centre, double width) {
        double left() {
            return centre - width / 2;
        }
        double right() {
            return centre + width / 2;
        }
    }

    /** An endpoint's name over its lifelines: drawn centred at {@code centre}. */
    record Head(String endpoint, double centre) {
    }

    /**
     * Each endpoint's name over the middle of its two lifelines (program and kernel, in either order: a server and its
     * forked children stand mirrored, kernel first), or over its one lifeline (a kernel with no program of ours). A
     * forked server child's name stood over its kernel alone, off its program's line, with no role under the kernel.
     */
    static List<Head> heads(List<Lifeline> lifelines, double[] x) {
        List<Head> out = new ArrayList<>();
        for (int i = 0; i < lifelines.size(); i++) {
            if (pairEnd(lifelines, i)) continue;
            out.add(new Head(lifelines.get(i).endpoint(), pairStart(lifelines, i) ? (x[i] + x[i + 1]) / 2 : x[i]));
        }
        return out;
    }

    /** Whether lifeline {@code i} is the left one of its endpoint's two. */
    private static boolean pairStart(List<Lifeline> lifelines, int i) {
        return i + 1 < lifelines.size() && lifelines.get(i + 1).endpoint().equals(lifelines.get(i).endpoint());
    }

    /** Whether lifeline {@code i} is the right one of its endpoint's two. */
    private static boolean pairEnd(List<Lifeline> lifelines, int i) {
        return i > 0 && lifelines.get(i - 1).endpoint().equals(lifelines.get(i).endpoint());
    }

    /** The names for {@code lifelines} at columns {@code x} in a diagram {@code w} wide. */
    static HeaderRoles place(List<Lifeline> lifelines, double[] x, double w, Messages msg, DiagramModel model,
            DiagramMetrics k) {
        double gap = k.fs * 0.4;
        HeaderRoles last = null;
        // Whole words give way to short ones before they get much smaller: "prog." is read from the back row sooner
        // than a small "programa".
        for (boolean shortNames : new boolean[]{false, true}) {
            double least = k.fs * (shortNames ? LEAST_SCALE : WHOLE_LEAST_SCALE) - 1e-9;
            for (double size = k.fs * 0.85; size >= least; size -= 1) {
                Font font = size == k.fs * 0.85 ? k.sansSmall : Font.font(k.sansSmall.getFamily(), size);
                last = new HeaderRoles(labels(lifelines, x, w, msg, model, k, font, shortNames), font);
                if (last.apart(gap)) return last;
            }
        }
        return last.withoutCollisions(gap);
    }

    /**
     * The widest names first, each kept only if it runs into none kept (the lab-less kernel's note beside two kernels
     * in a narrow diagram read "kermo socket listening on port 21077ern."): its neighbours' short names give way.
     */
    private HeaderRoles withoutCollisions(double gap) {
        List<Label> kept = new ArrayList<>();
        labels.stream().sorted(Comparator.comparingDouble(Label::width).reversed()).forEach(l -> {
            if (kept.stream().allMatch(o -> l.left() - o.right() >= gap || o.left() - l.right() >= gap)) kept.add(l);
        });
        kept.sort(Comparator.comparingInt(Label::lifeline));
        return new HeaderRoles(kept, font);
    }

    /** The whole words in the heads' small type, wherever they fall. */
    static HeaderRoles whole(List<Lifeline> lifelines, double[] x, double w, Messages msg, DiagramModel model,
            DiagramMetrics k) {
        return new HeaderRoles(labels(lifelines, x, w, msg, model, k, k.sansSmall, false), k.sansSmall);
    }

    /** Whether every two neighbouring names keep at least {@code gap} between them. */
    boolean apart(double gap) {
        for (int i = 1; i < labels.size(); i++)
            if (labels.get(i).left() - labels.get(i - 1).right() < gap) return false;
        return true;
    }

    private static List<Label> labels(List<Lifeline> lifelines, double[] x, double w, Messages msg,
            DiagramModel model, DiagramMetrics k, Font font, boolean shortNames) {
        List<Label> out = new ArrayList<>();
        for (int i = 0; i < lifelines.size(); i++) {
            Lifeline l = lifelines.get(i);
            // The kernel where the lab has no socket is the same kernel (loopback): under it, what it did at that port.
            boolean external = l.endpoint().equals("external");
            if (!pairStart(lifelines, i) && !pairEnd(lifelines, i) && !external) continue;
            String text = external
                    ? DiagramText.externalNote(model.rows(), msg)
                    : shortNames
                            ? msg.get(
                                    "ui.diagram.role." + l.role().name().toLowerCase(Locale.ROOT) + ".short")
                            : DiagramText.roleName(l.role(), msg);
            double tw = k.width(text, font);
            out.add(new Label(i, text, RowPainter.clampCenter(x[i], tw, w), tw));
        }
        return out;
    }
}
