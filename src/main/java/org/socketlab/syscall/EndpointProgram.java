package org.socketlab.syscall;

import java.nio.file.Path;
import java.util.Optional;

/** Where the endpoint program {@value #NAME} is, for {@link EndpointProcess#program()}. */
final class EndpointProgram {
    /** Its file name, built with labnet (target/native from source, lib/ of the app-image). */
    static final String NAME = "socketlab-endpoint";

    private EndpointProgram() {
    }

    /**
     * {@code -Dsocketlab.endpoint=PATH} or {@code SOCKETLAB_ENDPOINT}; else beside the running classes (from source:
     * target/classes, the program in target/native); else in the app-image's lib/ (the runtime is lib/runtime).
     */
    static Optional<Path> locate() {
        return NativePrograms.locate(NAME, "socketlab.endpoint", "SOCKETLAB_ENDPOINT");
    }
}
