/**
 * Each endpoint's calls in a journal as a C, Java, Python or Rust program, for the code panel and the {@code code}
 * command; plain text generation from the lab's events, no toolkit and no socket calls.
 */
package org.socketlab.codegen;
