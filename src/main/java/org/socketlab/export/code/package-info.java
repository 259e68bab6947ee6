/**
 * Each endpoint's calls in a journal as a C, Java, Python or Rust program, for the code panel; plain text
 * generation, no toolkit and no socket calls.
 */
package org.socketlab.export.code;
