/**
 * The socket table a journal tells at a moment (each socket's state, queues and addresses, by inode), and the process
 * table (each process's descriptors, the sockets a fork shared), built from the story's events; no toolkit, so the
 * window's tables and the command line read the same rows.
 */
@NullMarked
package org.socketlab.story.table;

import org.jspecify.annotations.NullMarked;
