/**
 * The journal on disk: its JSON Lines form (written and read, {@code JournalJsonl}), written as it grows
 * ({@code JournalFile}) and opened again, streamed, to be replayed or exported ({@code SavedJournal}, with
 * {@code JournalLineCheck}'s quick yes). No toolkit, and nothing here makes a socket call.
 */
@NullMarked
package org.socketlab.journal.file;

import org.jspecify.annotations.NullMarked;
