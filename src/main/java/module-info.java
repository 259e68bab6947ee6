module org.socketlab {
    requires javafx.controls;
    requires atlantafx.base;
    requires org.kordamp.ikonli.javafx;
    requires org.kordamp.ikonli.feather;
    requires org.controlsfx.controls;
    requires com.fasterxml.jackson.databind;
    requires java.desktop;

    exports org.socketlab;
}
