package org.socketlab.export.code;

import org.socketlab.i18n.Messages;

final class JavaProgram extends Renderer {
    JavaProgram(CodeScript script, String endpoint, Messages m) {
        super(script, endpoint, m, "// ");
    }

    @Override Language language() { return Language.JAVA; }
    @Override String fileName() { return endpoint; }
    @Override void start() { }
    @Override void turn(String other) { }
    @Override void call(CodeScript.Step s) { }
    @Override void finish() { }
}
