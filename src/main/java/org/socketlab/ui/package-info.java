/**
 * The desktop program's JavaFX application and its start-up. {@code ui} and its subpackages are the only ones that
 * import JavaFX, and none of them makes a call through {@code syscall}: calls go to the lab's endpoints.
 */
package org.socketlab.ui;
