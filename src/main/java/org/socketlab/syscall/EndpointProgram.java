package org.socketlab.syscall;

import java.net.URISyntaxException;
import java.nio.file.Files;
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
        String chosen = System.getProperty("socketlab.endpoint");
        // The build's tests name it for the child programs they start with a copied class path (SOCKETLAB_ENDPOINT).
        if (chosen == null || chosen.isBlank()) chosen = System.getenv("SOCKETLAB_ENDPOINT");
        if (chosen != null && !chosen.isBlank() && Files.isExecutable(Path.of(chosen)))
            return Optional.of(Path.of(chosen));
        try {
            var source = EndpointProgram.class.getProtectionDomain().getCodeSource();
            if (source != null && "file".equals(source.getLocation().getProtocol())) {
                Path classes = Path.of(source.getLocation().toURI());
                Path built = classes.resolveSibling("native").resolve(NAME);
                if (Files.isExecutable(built)) return Optional.of(built);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not from a file: look in the app-image
        }
        Path image = Path.of(System.getProperty("java.home")).getParent();
        if (image == null) return Optional.empty(); // a runtime at the root: no app-image around it
        Path inImage = image.resolve(NAME);
        return Files.isExecutable(inImage) ? Optional.of(inImage) : Optional.empty();
    }
}
