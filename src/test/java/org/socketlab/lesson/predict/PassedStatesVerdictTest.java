package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.TcpState;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Observed;
import org.socketlab.lesson.Option;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.Wording;

/** Issue 41 item 3 in the quiz: a state verdict names the states passed too quickly to read, as deduced, only then. */
class PassedStatesVerdictTest {
    private static final Question SHUTDOWN = new Question(4, Question.Topic.STATE,
            Wording.Key.of("predict.prompt.state", "shutdown", "fd 3"),
            List.of(new Option(Wording.Key.of("predict.option.state", "FIN_WAIT_2"),
                    new Claim.State("c", TcpState.FIN_WAIT_2)),
                    new Option(Wording.Key.of("predict.option.state", "CLOSE_WAIT"),
                            new Claim.State("c", TcpState.CLOSE_WAIT))),
            null, new Claim.State("c", TcpState.FIN_WAIT_2), null);

    @Test
    void theStatesPassedAreNamedAsDeducedWhenTheStoryFoundThem() {
        Observed seen = new Observed(null, false, Map.of("c", TcpState.FIN_WAIT_2), WireKind.NOTHING, true,
                Map.of("c", List.of("FIN_WAIT_1")));
        String en = Verdict.judge(SHUTDOWN, 1, seen).describe(Messages.of(Lang.EN));
        assertTrue(en.contains("On its way to FIN_WAIT_2 it passed FIN_WAIT_1, too quickly to be sampled (deduced"),
                en);
        String es = Verdict.judge(SHUTDOWN, 2, seen).describe(Messages.of(Lang.ES));
        assertTrue(es.contains("De camino a FIN_WAIT_2 pasó por FIN_WAIT_1"), es);
    }

    @Test
    void nothingIsSaidWhenEveryStateWasRead() {
        Observed seen = new Observed(null, false, Map.of("c", TcpState.FIN_WAIT_2), WireKind.NOTHING, true);
        assertFalse(Verdict.judge(SHUTDOWN, 1, seen).describe(Messages.of(Lang.EN)).contains("passed"));
    }
}
