/**
 * The socket table a journal tells at a moment (each socket's state, queues and addresses, by inode), built from the
 * story's events; no toolkit, so the window's table and the command line read the same rows.
 */
package org.socketlab.story.table;
