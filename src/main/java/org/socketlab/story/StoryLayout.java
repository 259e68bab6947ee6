package org.socketlab.story;

import java.util.List;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;

/**
 * The geometry of the story every painter draws it with (the window's diagram, the SVG): where the lifelines stand,
 * on which side of its lifelines an endpoint's wire is, and which segments are drawn as trouble. Decided here once, so
 * that the painters differ only in their toolkit. No toolkit: positions are numbers.
 */
public final class StoryLayout {
    /** Room before the first lifeline and after the last, in the same weights as the gaps between them. */
    private static final double MARGIN = 0.62;
    /** A program and its own kernel close together; the wire between two kernels wide; anything else between. */
    private static final double OWN_KERNEL = 1.0, WIRE = 1.45, OTHER = 0.6;

    private StoryLayout() {
    }

    /**
     * The x of each lifeline's axis in a band {@code width} wide starting at {@code left}: on a pixel's middle, so that
     * a line one pixel wide is sharp.
     */
    public static double[] columns(List<Lifeline> lifelines, double left, double width) {
        int n = lifelines.size();
        double[] weight = new double[n + 1];
        weight[0] = MARGIN;
        for (int i = 1; i < n; i++) {
            Lifeline a = lifelines.get(i - 1), b = lifelines.get(i);
            boolean wire = a.role() == Lifeline.Role.KERNEL && b.role() == Lifeline.Role.KERNEL;
            weight[i] = a.endpoint().equals(b.endpoint()) ? OWN_KERNEL : wire ? WIRE : OTHER;
        }
        weight[n] = MARGIN;
        double total = 0;
        for (double w : weight) total += w;
        double[] x = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += weight[i];
            x[i] = Math.round(left + width * acc / total) + 0.5;
        }
        return x;
    }

    /**
     * Whether the endpoint's wire is to the right of its lifelines (a client's) rather than the left (the server's):
     * the side its marks and labels are written on, towards the segments.
     */
    public static boolean towardsWire(List<Lifeline> lifelines, String endpoint) {
        int pc = lifelines.indexOf(new Lifeline(endpoint, Lifeline.Role.PROGRAM)),
                kc = lifelines.indexOf(new Lifeline(endpoint, Lifeline.Role.KERNEL));
        return pc < 0 ? !endpoint.equals("server") : kc > pc;
    }

    /**
     * The x a segment leaves from, its sender's kernel at column {@code fc}; a segment its receiver's own kernel made
     * ({@code fc == tc}: an ICMP host unreachable after ARP found no one, on two machines) leaves from the wire's side
     * of that kernel, as far out as its program stands on the other side, so that it is still an arrow.
     */
    public static double leavesAt(List<Lifeline> lifelines, double[] x, int fc, int tc) {
        if (fc != tc) return x[fc];
        String endpoint = lifelines.get(tc).endpoint();
        int pc = lifelines.indexOf(new Lifeline(endpoint, Lifeline.Role.PROGRAM));
        double own = pc >= 0 ? Math.abs(x[pc] - x[tc]) : x.length > 1 ? Math.abs(x[1] - x[0]) : 40;
        return x[tc] + (towardsWire(lifelines, endpoint) ? own : -own);
    }

    /**
     * Whether a segment is drawn in the error colour: a reset or an ICMP error (a refusal), or a segment the network
     * dropped or the link between the machines lost.
     */
    public static boolean trouble(Payload.Segment s) {
        return s.has(TcpFlag.RST) || s.proto().equals("icmp") || s.neverArrived();
    }
}
