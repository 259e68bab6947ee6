package org.socketlab.share;

import org.jspecify.annotations.Nullable;

/** Students' answers (predictions). The server calls it; one answer per client per step and round. */
public interface AnswerBox {
    /** {@code client} is the server's anonymous per-browser token; false when refused (closed, twice, bad option). */
    boolean answer(String client, int step, int round, int option, @Nullable String nickname);

    /** How many pages follow the share now (the server tells it as pages come and go): "24 of 31 answered". */
    default void connected(int clients) {
    }
}
