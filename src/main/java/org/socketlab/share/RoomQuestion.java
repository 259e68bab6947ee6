package org.socketlab.share;

import java.util.List;

/** A predict step's question as students see it before the press; round 1, then 2 after "discuss, answer again". */
public record RoomQuestion(int step, int round, String prompt, List<String> options) {
    public RoomQuestion {
        options = List.copyOf(options);
    }
}
