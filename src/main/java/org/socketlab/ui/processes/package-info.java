/**
 * The Processes view (issue 39 item 5): the lab's processes, their descriptor tables and the sockets two processes
 * share after fork(), from the journal alone; its view and view-model.
 */
package org.socketlab.ui.processes;
