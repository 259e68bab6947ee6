module org.socketlab {
    requires javafx.controls;
    requires atlantafx.base;
    requires org.kordamp.ikonli.javafx;
    requires org.kordamp.ikonli.feather;
    requires com.fasterxml.jackson.databind;
    // The join URL's QR code on the projector when sharing with the room (share.JoinQr).
    requires io.nayuki.qrcodegen;
    // Only to quiet one known JavaFX CSS log record about the bound toolbar icons (ui.shell.AppToolbar).
    requires java.logging;
    // The room's share (org.socketlab.share): the JDK's own HTTP server, loaded only when sharing starts.
    requires jdk.httpserver;
    // @NullMarked and @Nullable for NullAway at compile time; not needed at run time, so not in the app-image.
    requires static org.jspecify;

    exports org.socketlab;
    // Application.launch instantiates the app class reflectively from javafx.graphics.
    exports org.socketlab.ui to javafx.graphics;
}
