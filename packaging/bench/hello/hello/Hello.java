package hello;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The bare JavaFX app that StartupBenchmark times beside SocketLab: a window with one label. With
 * {@code HELLO_AOT_TRAINING=1} it is the training run of its own AOT cache: it ends 1 s after it is shown, its first
 * frames drawn (SocketLab's training goes on to play a lesson, which a bare app has not).
 */
public class Hello extends Application {
    @Override
    public void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(new Label("Hello, JavaFX")), 640, 480));
        stage.setTitle("Hello JavaFX");
        stage.show();
        if ("1".equals(System.getenv("HELLO_AOT_TRAINING"))) {
            PauseTransition drawn = new PauseTransition(Duration.seconds(1));
            drawn.setOnFinished(e -> Platform.exit());
            drawn.play();
        }
    }

    public static void main(String[] args) {
        launch(args);
    }
}
