package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import org.socketlab.i18n.Messages;
import org.socketlab.story.LabelPlaces;
import org.socketlab.story.Lifeline;

/**
 * The endpoints' titles over the lifelines' heads (issue 78: with three endpoints at 1024 px, or at 250 % on 1920,
 * "Cliente en h1 (10.77.0.1)", "Servidor 2 en h2" and "Servidor en h2 (10.77.0.2)" were written on top of each other),
 * each kept inside its lane, the room between the middles of its neighbours' heads: whole in type down to
 * {@value #LEAST_SCALE} of the diagram's, else shorter (the name and its host, the name, the name cut with "…") in that
 * type. The whole title is in the head's tooltip.
 *
 * @param titles each head's title as drawn, its whole title and its lane
 * @param font   the type they are drawn in
 */
record HeadTitles(List<Title> titles, Font font) {
    /** The smallest type a title is set in before it is shortened. */
    static final double LEAST_SCALE = 0.75;

    /** A head's title: as drawn, whole, where its middle is drawn and its lane's edges. */
    record Title(String shown, String whole, double centre, double laneLeft, double laneRight) {
    }

    /** The titles of {@code m}'s endpoints over the heads of {@code lifelines} at columns {@code x}, {@code w} wide. */
    static HeadTitles of(DiagramModel m, List<Lifeline> lifelines, double[] x, double w, Messages msg,
            DiagramMetrics k) {
        List<String> names = new ArrayList<>();
        List<List<String>> shorter = new ArrayList<>();
        List<Double> centres = new ArrayList<>();
        for (HeaderRoles.Head head : HeaderRoles.heads(lifelines, x)) {
            String host = m.hostOf(head.endpoint(), msg); // two machines: "on h2 (10.77.0.2)"
            String name = DiagramText.endpointName(head.endpoint(), msg);
            names.add(host.isEmpty() ? name : name + " " + host);
            shorter.add(host.isEmpty() ? List.of() : List.of(name + " " + m.shortHostOf(head.endpoint(), msg), name));
            centres.add(head.centre());
        }
        return fit(names, shorter, centres, w, k);
    }

    /**
     * The titles {@code whole} (with {@code shorter} ways to say each, shortest last) over heads centred at
     * {@code centres} in a diagram {@code w} wide.
     */
    static HeadTitles fit(List<String> whole, List<List<String>> shorter, List<Double> centres, double w,
            DiagramMetrics k) {
        int n = whole.size();
        double gap = k.fs * 0.4;
        double[] left = new double[n], right = new double[n];
        for (int i = 0; i < n; i++) {
            left[i] = i == 0 ? 4 : (centres.get(i - 1) + centres.get(i)) / 2 + gap / 2;
            right[i] = i == n - 1 ? w - 4 : (centres.get(i) + centres.get(i + 1)) / 2 - gap / 2;
        }
        Font font = k.sansBold;
        for (double size = k.fs; size >= k.fs * LEAST_SCALE - 1e-9; size -= 1) {
            font = size == k.fs ? k.sansBold : Font.font(k.sansBold.getFamily(), FontWeight.BOLD, size);
            boolean all = true;
            for (int i = 0; i < n && all; i++) all = k.width(whole.get(i), font) <= right[i] - left[i];
            if (all) break;
        }
        List<Title> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double room = right[i] - left[i];
            List<String> ways = new ArrayList<>(List.of(whole.get(i)));
            ways.addAll(shorter.get(i));
            Font in = font;
            String shown = LabelPlaces.shortest(ways, t -> k.width(t, in), room); // "": the tooltip says it
            double tw = k.width(shown, font);
            double centre = Math.max(left[i] + tw / 2, Math.min(right[i] - tw / 2, centres.get(i)));
            out.add(new Title(shown, whole.get(i), centre, left[i], right[i]));
        }
        return new HeadTitles(out, font);
    }

    /** The title whose lane holds {@code x}; null when none does. */
    Title at(double x) {
        for (Title t : titles) if (x >= t.laneLeft() && x <= t.laneRight()) return t;
        return null;
    }
}
