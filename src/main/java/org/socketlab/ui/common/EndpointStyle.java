package org.socketlab.ui.common;
import java.util.Objects;

/**
 * The CSS style class that gives an endpoint its colour everywhere (server blue, client green, extra clients
 * from the theme's chart colours), defined in {@code endpoints.css} with theme variables only.
 */
public final class EndpointStyle {
    public static final String STYLESHEET = "/org/socketlab/ui/common/endpoints.css";
    private static final int EXTRA_COLOURS = 4;

    private EndpointStyle() {
    }

    /** {@code ep-server}, {@code ep-client}, {@code ep-extra-0..3} for client-2, client-3..., {@code ep-other}. */
    public static String of(String endpoint) {
        if (endpoint.equals("server")) return "ep-server";
        if (endpoint.equals("client")) return "ep-client";
        if (endpoint.startsWith("client-")) {
            try {
                return "ep-extra-" + Math.floorMod(Integer.parseInt(endpoint.substring(7)) - 2, EXTRA_COLOURS);
            } catch (NumberFormatException e) {
                return "ep-other";
            }
        }
        return "ep-other";
    }

    public static String stylesheet() {
        return Objects.requireNonNull(EndpointStyle.class.getResource(STYLESHEET)).toExternalForm();
    }
}
