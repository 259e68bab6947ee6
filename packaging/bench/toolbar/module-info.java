/**
 * A JavaFX app for the start-up benchmark's comparison: a window with SocketLab's toolbar alone, themed by AtlantaFX as
 * SocketLab is. What a window holding only that toolbar costs on top of the bare app.
 */
module toolbar {
    requires javafx.controls;
    requires atlantafx.base;
    requires org.kordamp.ikonli.javafx;
    requires org.kordamp.ikonli.feather;
    exports toolbar to javafx.graphics;
}
