/** A bare JavaFX app for the start-up benchmark's comparison: one label in a window, nothing else. */
module hello {
    requires javafx.controls;
    exports hello to javafx.graphics;
}
