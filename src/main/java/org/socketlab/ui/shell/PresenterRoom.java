package org.socketlab.ui.shell;

import java.util.Locale;

/**
 * How presenter mode shares the screen's height (issue 78): the sequence diagram's drawing, under its lifelines' heads,
 * keeps {@link #DIAGRAM_SHARE} of it at any zoom (the heads drawn at {@link #HEADER_SCALE} of the rows' type: at 200 %
 * on 1280x720 their two lines of full type took a quarter of the screen, the drawing 30 %); the words above it (the link's line, the lesson bar, the slide, the narration) take what the talk has
 * beyond that, and the narration scrolls in it. The lesson bar and the link's line are the presenter's: their type
 * stays {@link #BAR_FONT_PX} whatever the zoom (at 200 % their 48 px rows took a 720-px screen's diagram).
 */
final class PresenterRoom {
    /** The share of the screen's height the sequence diagram keeps whatever the zoom and the narration. */
    static final double DIAGRAM_SHARE = 0.5;
    /** The lifelines' heads' type, of the diagram's rows': one compact band, the titles whole in their tooltips. */
    static final double HEADER_SCALE = 0.5;
    /** A few px over the share: the words' scroll pane and the layout round their heights. */
    static final double SLACK_PX = 4;
    /** The lesson bar's and the link line's type, in px: read from the room, not grown with the zoom. */
    static final double BAR_FONT_PX = PresenterMode.MIN_FONT_PX;

    private PresenterRoom() {
    }

    /**
     * The height the diagram keeps on a screen (scene) {@code sceneHeight} px high, its heads {@code headerHeight} px
     * high over the drawing's share.
     */
    static double diagramKeeps(double sceneHeight, double headerHeight) {
        return Math.max(PresenterViews.DIAGRAM_LEAST_PX, DIAGRAM_SHARE * sceneHeight + headerHeight + SLACK_PX);
    }

    /**
     * The height the words above the diagram may take in a talk (all but the call strip) {@code talkHeight} px high on
     * a screen {@code sceneHeight} px high, the diagram's heads {@code headerHeight} px; 0 when the talk has no more than the diagram's share (before the first
     * layout, too).
     */
    static double wordsRoom(double talkHeight, double sceneHeight, double headerHeight) {
        if (talkHeight <= 0 || sceneHeight <= 0) return 0;
        return Math.max(0, talkHeight - diagramKeeps(sceneHeight, headerHeight));
    }

    /** A node's type of {@code px}, as a style. */
    static String style(double px) {
        return String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", px);
    }
}
