package org.socketlab.ui.diagram;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;

/**
 * The journal as a sequence diagram: client program and kernel, server kernel and program (more clients add
 * their pair on the left). The control holds the state (the model, how far playback has got, the selection);
 * {@link SequenceDiagramSkin} draws only the visible rows; {@code sequence-diagram.css} gives the colours from
 * the theme's variables.
 */
public final class SequenceDiagram extends Control {
    private static final StyleablePropertyFactory<SequenceDiagram> CSS = new StyleablePropertyFactory<>(
            Control.getClassCssMetaData());

    private final ObjectProperty<DiagramModel> model = new SimpleObjectProperty<>(this, "model");
    private final DoubleProperty position = new SimpleDoubleProperty(this, "position", Double.POSITIVE_INFINITY);
    private final ObjectProperty<Row> selectedRow = new SimpleObjectProperty<>(this, "selectedRow");
    private final ObjectProperty<Messages> messages = new SimpleObjectProperty<>(this, "messages",
            Messages.of(Lang.EN));
    private final BooleanProperty followCursor = new SimpleBooleanProperty(this, "followCursor", true);
    private final ObjectProperty<Predicate<Payload.Note>> stepNarration = new SimpleObjectProperty<>(this,
            "stepNarration", note -> false);
    private final LongProperty lessonEnd = new SimpleLongProperty(this, "lessonEnd", -1);

    // Colours and size come from CSS (theme variables); the defaults only matter without a stylesheet.
    private final StyleableObjectProperty<Paint> background = paint("background", "-sl-background", Color.WHITE);
    private final StyleableObjectProperty<Paint> textColor = paint("textColor", "-sl-text-color", Color.BLACK);
    private final StyleableObjectProperty<Paint> mutedColor = paint("mutedColor", "-sl-muted-color", Color.GRAY);
    private final StyleableObjectProperty<Paint> lifelineColor = paint("lifelineColor", "-sl-lifeline-color",
            Color.LIGHTGRAY);
    private final StyleableObjectProperty<Paint> callColor = paint("callColor", "-sl-call-color", Color.BLACK);
    private final StyleableObjectProperty<Paint> errorColor = paint("errorColor", "-sl-error-color", Color.DARKORANGE);
    private final StyleableObjectProperty<Paint> segmentColor = paint("segmentColor", "-sl-segment-color",
            Color.ROYALBLUE);
    private final StyleableObjectProperty<Paint> stateColor = paint("stateColor", "-sl-state-color", Color.SEAGREEN);
    private final StyleableObjectProperty<Paint> stateFill = paint("stateFill", "-sl-state-fill", Color.HONEYDEW);
    private final StyleableObjectProperty<Paint> barFill = paint("barFill", "-sl-bar-fill", Color.GAINSBORO);
    private final StyleableObjectProperty<Paint> selectionFill = paint("selectionFill", "-sl-selection-fill",
            Color.LIGHTBLUE);
    private final StyleableObjectProperty<Paint> clientColor = paint("clientColor", "-sl-client-color", Color.SEAGREEN);
    private final StyleableObjectProperty<Paint> serverColor = paint("serverColor", "-sl-server-color",
            Color.ROYALBLUE);
    private final StyleableObjectProperty<Paint> headerFill = paint("headerFill", "-sl-header-fill", Color.WHITESMOKE);
    private final StyleableProperty<Number> fontSize = CSS.createStyleableNumberProperty(this, "fontSize",
            "-sl-font-size", d -> d.fontSize, 17);
    /** How thick lines and arrows are, relative to normal: 2 in the high-contrast theme. */
    private final StyleableProperty<Number> lineScale = CSS.createStyleableNumberProperty(this, "lineScale",
            "-sl-line-scale", d -> d.lineScale, 1);

    /**
     * The lifelines' heads (titles and role names) at this share of the rows' type, their height with them: presenter
     * mode's 0.5 leaves the drawing under them its half of a 720-px screen at 200 % (issue 78).
     */
    private final DoubleProperty headerScale = new SimpleDoubleProperty(this, "headerScale", 1);

    public SequenceDiagram() {
        getStyleClass().add("sequence-diagram");
        setFocusTraversable(true);
    }

    public SequenceDiagram(DiagramModel model) {
        this();
        setModel(model);
    }

    private StyleableObjectProperty<Paint> paint(String name, String css, Paint initial) {
        return (StyleableObjectProperty<Paint>) CSS.createStyleablePaintProperty(this, name, css, d -> switch (name) {
            case "background" -> d.background;
            case "textColor" -> d.textColor;
            case "mutedColor" -> d.mutedColor;
            case "lifelineColor" -> d.lifelineColor;
            case "callColor" -> d.callColor;
            case "errorColor" -> d.errorColor;
            case "segmentColor" -> d.segmentColor;
            case "stateColor" -> d.stateColor;
            case "stateFill" -> d.stateFill;
            case "barFill" -> d.barFill;
            case "selectionFill" -> d.selectionFill;
            case "clientColor" -> d.clientColor;
            case "serverColor" -> d.serverColor;
            case "headerFill" -> d.headerFill;
            default -> throw new IllegalArgumentException(name);
        }, initial);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new SequenceDiagramSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return Objects.requireNonNull(SequenceDiagram.class.getResource("sequence-diagram.css")).toExternalForm();
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getControlCssMetaData() {
        return getClassCssMetaData();
    }

    // ---- state ----

    public ObjectProperty<DiagramModel> modelProperty() {
        return model;
    }
    public DiagramModel getModel() {
        return model.get();
    }
    public void setModel(DiagramModel m) {
        model.set(m);
    }

    /** How many rows are shown (playback cursor, with the fraction of the row being drawn); infinity shows them all. */
    public DoubleProperty positionProperty() {
        return position;
    }

    /** The clicked row; its details show in the details pane. */
    public ObjectProperty<Row> selectedRowProperty() {
        return selectedRow;
    }
    public Row getSelectedRow() {
        return selectedRow.get();
    }
    public void select(Row row) {
        selectedRow.set(row);
    }

    public ObjectProperty<Messages> messagesProperty() {
        return messages;
    }
    public Messages getMessages() {
        return messages.get();
    }

    /** Keep the newest shown row in view while playback moves. */
    public BooleanProperty followCursorProperty() {
        return followCursor;
    }

    /**
     * Which notes are a lesson step's narration: following the cursor, the diagram keeps the step's story (its
     * narration and the rows after it) in view together when it fits, else the step's first new row at the top (issue
     * 43 item 3). None by default (a free lab: the newest row is followed).
     */
    public ObjectProperty<Predicate<Payload.Note>> stepNarrationProperty() {
        return stepNarration;
    }

    /**
     * The seq of the ended lesson's last note (its verdict), -1 while none ended: a lab's note within a step (what the
     * run showed, a check's words) goes on with the step's story, the verdict and what follows it do not.
     */
    public LongProperty lessonEndProperty() {
        return lessonEnd;
    }

    public DoubleProperty headerScaleProperty() {
        return headerScale;
    }

    /** The type drawn now (-sl-font-size), observable: the heads' height follows it. */
    @SuppressWarnings("unchecked")
    public ObservableValue<Number> fontSizeValue() {
        return (ObservableValue<Number>) fontSize;
    }

    /** The height of the lifelines' heads over the rows at the type drawn now, in px (as the skin draws them). */
    public double headerHeight() {
        return DiagramMetrics.headerHeight(fontSize(), headerScale.get());
    }

    /** Rows shown now: the cursor, bounded by the model. */
    public int shownRows() {
        DiagramModel m = getModel();
        if (m == null) return 0;
        double p = position.get();
        return (int) Math.min(m.rowCount(), Math.ceil(Double.isNaN(p) ? 0 : p));
    }

    // ---- styleable values for the skin ----

    Paint background() {
        return background.get();
    }
    Paint textColor() {
        return textColor.get();
    }
    Paint mutedColor() {
        return mutedColor.get();
    }
    Paint lifelineColor() {
        return lifelineColor.get();
    }
    Paint callColor() {
        return callColor.get();
    }
    Paint errorColor() {
        return errorColor.get();
    }
    Paint segmentColor() {
        return segmentColor.get();
    }
    Paint stateColor() {
        return stateColor.get();
    }
    Paint stateFill() {
        return stateFill.get();
    }
    Paint barFill() {
        return barFill.get();
    }
    Paint selectionFill() {
        return selectionFill.get();
    }
    Paint clientColor() {
        return clientColor.get();
    }
    Paint serverColor() {
        return serverColor.get();
    }
    Paint headerFill() {
        return headerFill.get();
    }
    public double fontSize() {
        return fontSize.getValue().doubleValue();
    }
    public double lineScale() {
        return lineScale.getValue().doubleValue();
    }
}
