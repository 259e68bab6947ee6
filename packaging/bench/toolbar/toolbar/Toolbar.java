package toolbar;

import atlantafx.base.theme.PrimerLight;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The start-up benchmark's window with SocketLab's toolbar alone: AtlantaFX's PrimerLight theme set before the first
 * control, as SocketLab sets it, then its toolbar's kinds of controls (seven menu buttons and five buttons with Feather
 * icons, two language toggles, the zoom label) over an empty window of SocketLab's first size. With
 * {@code HELLO_AOT_TRAINING=1} it is the training run of its own AOT cache: it ends 1 s after it is shown.
 */
public class Toolbar extends Application {
    @Override
    public void init() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void start(Stage stage) {
        ToolBar bar = new ToolBar();
        for (Feather icon : new Feather[]{Feather.FILE, Feather.BOOK_OPEN}) bar.getItems().add(menu(icon));
        for (Feather icon : new Feather[]{Feather.USER_PLUS, Feather.ROTATE_CCW})
            bar.getItems().add(new Button(null, new FontIcon(icon)));
        for (Feather icon : new Feather[]{Feather.WIFI_OFF, Feather.SERVER, Feather.LAYOUT, Feather.SETTINGS})
            bar.getItems().add(menu(icon));
        bar.getItems().add(new Button(null, new FontIcon(Feather.MONITOR)));
        ToggleGroup languages = new ToggleGroup();
        for (String code : new String[]{"ES", "EN"}) {
            ToggleButton toggle = new ToggleButton(code);
            toggle.setToggleGroup(languages);
            bar.getItems().add(toggle);
        }
        bar.getItems().addAll(menu(Feather.MOON), new Button(null, new FontIcon(Feather.ZOOM_OUT)),
                new Label("100 %"), new Button(null, new FontIcon(Feather.ZOOM_IN)));
        BorderPane root = new BorderPane();
        root.setTop(bar);
        stage.setScene(new Scene(root, 1000, 1000));
        stage.setTitle("Hello Toolbar");
        stage.show();
        if ("1".equals(System.getenv("HELLO_AOT_TRAINING"))) {
            PauseTransition drawn = new PauseTransition(Duration.seconds(1));
            drawn.setOnFinished(e -> Platform.exit());
            drawn.play();
        }
    }

    private static MenuButton menu(Feather icon) {
        return new MenuButton(null, new FontIcon(icon), new MenuItem("..."));
    }

    public static void main(String[] args) {
        launch(args);
    }
}
