package org.socketlab.share;

/** Renders the room's view from the journal (the story layer: the SVG export's own drawing; no layout in JS). */
public interface RoomRenderer {
    RoomView render(RoomState state, String lang);
}
