/**
 * The composition root: {@code Main} picks the front end (window or command line) and builds what it needs; nothing
 * else lives here, and no other package may import it.
 */
package org.socketlab;
