package org.socketlab.export.code;

import org.socketlab.i18n.Messages;

final class RustProgram extends Renderer {
    RustProgram(CodeScript script, String endpoint, Messages m) {
        super(script, endpoint, m, "// ");
    }

    @Override Language language() { return Language.RUST; }
    @Override String fileName() { return endpoint; }
    @Override void start() { }
    @Override void turn(String other) { }
    @Override void call(CodeScript.Step s) { }
    @Override void finish() { }
}
