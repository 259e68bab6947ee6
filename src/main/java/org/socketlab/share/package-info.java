/**
 * Sharing a session with the room: each student's page in a browser, rendered from the journal by the story layer (the
 * SVG export's own drawing), and the same page as one offline file. Never JavaFX.
 */
@NullMarked
package org.socketlab.share;

import org.jspecify.annotations.NullMarked;
