/**
 * The one story every view paints from a journal (moments in causal order, lifelines, bars, relative sequence
 * numbers, which sockets listen), its words ({@code StoryText}, {@code JournalLine}) and its geometry
 * ({@code StoryLayout}); pure functions of the events, no toolkit. Above {@code journal}, below the exports and the
 * window that paint it.
 */
@NullMarked
package org.socketlab.story;

import org.jspecify.annotations.NullMarked;
