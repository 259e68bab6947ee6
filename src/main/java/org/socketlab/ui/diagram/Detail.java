package org.socketlab.ui.diagram;

/** One line of the details pane: a name and its value; {@code mono} for values best read in a fixed-width font. */
public record Detail(String name, String value, boolean mono) {
}
