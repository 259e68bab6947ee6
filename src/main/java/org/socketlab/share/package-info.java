/**
 * Sharing the live session with the room (issue 80): the JDK's own HTTP server on the one address the instructor
 * picks, serving each student's page, the room's view as JSON and Server-Sent Events, and taking the room's answers.
 * Read-only for students: no request reaches the lab. Beside {@code check}, below {@code cli} and {@code ui}; never
 * JavaFX, and nothing of it is loaded until sharing starts.
 */
@NullMarked
package org.socketlab.share;

import org.jspecify.annotations.NullMarked;
