/**
 * Languages, message bundles, localized exceptions and display names of journal identifiers; usable by every layer,
 * it depends on nothing else of SocketLab.
 */
package org.socketlab.i18n;
