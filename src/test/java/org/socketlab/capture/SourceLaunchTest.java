package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The window started from source enters the lab network once, as the launcher would, and only when it should. */
class SourceLaunchTest {
    private static final Optional<Path> LABNET = Optional.of(Path.of("/src/target/native/labnet"));
    private static final Optional<String> JAVA = Optional.of("/jdk/bin/java");
    private static final List<String> ARGS = List.of("--module", "org.socketlab/org.socketlab.Main");

    private static Map<String, String> fromSource(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(SourceLaunch.VARIABLE, "1"));
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    @Test
    void fromSourceItStartsAgainUnderLabnetWithTheSameJavaAndArguments() {
        assertEquals(Optional.of(List.of("/src/target/native/labnet", "enter", "--", "/jdk/bin/java", "--module",
                "org.socketlab/org.socketlab.Main")), SourceLaunch.again(fromSource(), LABNET, JAVA, ARGS,
                        Optional.empty()));
    }

    @Test
    void notFromSourceInALabNetworkRefusedOneOrOnTheHostByChoiceItGoesOnItself() {
        assertEquals(Optional.empty(), SourceLaunch.again(Map.of(), LABNET, JAVA, ARGS, Optional.empty()),
                "the app-image's launcher did it already");
        assertEquals(Optional.empty(), SourceLaunch.again(fromSource(LabNetwork.BROKER_VARIABLE, "5"), LABNET, JAVA,
                ARGS, Optional.empty()), "inside one: never a second");
        assertEquals(Optional.empty(), SourceLaunch.again(fromSource(LabNetwork.ERROR_VARIABLE, "apparmor: denied"),
                LABNET, JAVA, ARGS, Optional.empty()), "refused: the window says why instead of trying forever");
        assertEquals(Optional.empty(), SourceLaunch.again(fromSource(NetworkChoice.NETWORK_VARIABLE, "host"), LABNET,
                JAVA, ARGS, Optional.empty()));
        assertEquals(Optional.empty(), SourceLaunch.again(fromSource(), LABNET, JAVA, ARGS, Optional.of("host\n")),
                "the window's own choice of this computer's network");
        assertEquals(Optional.empty(), SourceLaunch.again(fromSource(), Optional.empty(), JAVA, ARGS,
                Optional.empty()), "labnet not built");
    }
}
