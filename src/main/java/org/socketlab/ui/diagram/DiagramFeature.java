package org.socketlab.ui.diagram;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import javafx.animation.AnimationTimer;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.ui.common.BuiltWhenShown;
import org.socketlab.ui.common.Feature;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.playback.PlaybackBar;
import org.socketlab.ui.playback.PlaybackModel;

/**
 * The sequence diagram with its playback bar and details pane, a {@link Feature} (it is the playback the other panes
 * follow, so it takes the bridge's events and no replays). Put {@link #view()} (or the three parts) in the layout,
 * and {@link #start()} it once shown. The models work without the toolkit; the views are made on first use.
 */
public final class DiagramFeature implements Feature, AutoCloseable {
    private final Texts texts;
    private final DiagramModel model = new DiagramModel();
    private final PlaybackModel playback;
    private final DetailsViewModel details;
    private SequenceDiagram diagram;
    private PlaybackBar bar;
    private DetailsView detailsView;
    private Node view;
    private AnimationTimer timer;
    /** The seq of the verdict of the lesson that ended in this session, or -1 (none ended). */
    private final LongProperty lessonEnd = new SimpleLongProperty(this, "lessonEnd", -1);
    /** Which notes are the lesson's steps' narrations (none without a lesson): the diagrams keep a step in view. */
    private final ObjectProperty<Predicate<Payload.Note>> stepNarration = new SimpleObjectProperty<>(this,
            "stepNarration", note -> false);

    public DiagramFeature(Texts texts) {
        this(texts, System::nanoTime);
    }

    public DiagramFeature(Texts texts, LongSupplier clockNs) {
        this.texts = texts;
        this.playback = PlaybackModel.live(clockNs);
        this.details = new DetailsViewModel(texts);
        details.numberedBy(row -> model.number(row.index()));
    }

    /** The bridge's sink: new journal events, in order, on the FX thread. */
    @Override
    public void onEvents(List<Event> batch) {
        model.append(batch);
        playback.rowsRemoved(model.rowsDroppedByLastChange());
        playback.setTotal(model.rowCount());
        showPressedThrough();
    }

    /** The journal's seq up to which everything is shown at once once it is here ({@link #showThrough}), else -1. */
    private long shownThrough = -1;

    /**
     * A paced lesson's press (issue 78): every row of an event up to {@code seq} (the journal's newest when the press
     * came: the steps before and the pressed step's narration) is shown now, as are those still on their way to the
     * window, while the playback follows the live journal; what the press makes is drawn after them at the chosen
     * pace. Drawn one row at a time, the step before's rows kept the banner on that step 2.5-5.5 s after the press,
     * and a short step's narration was passed in the catch-up without being seen.
     */
    public void showThrough(long seq) {
        shownThrough = seq;
        showPressedThrough();
    }

    private void showPressedThrough() {
        if (shownThrough < 0) return;
        if (!playback.liveProperty().get()) { // the instructor went back: the press's mark is spent
            shownThrough = -1;
            return;
        }
        int rows = 0;
        for (int i = model.rowCount() - 1; i >= 0; i--)
            if (model.row(i).event().seq() <= shownThrough) {
                rows = i + 1;
                break;
            }
        playback.showAtLeast(rows);
        if (model.lastEventNumber() >= shownThrough) shownThrough = -1; // every event up to it has come
    }

    public DiagramModel model() {
        return model;
    }
    public PlaybackModel playback() {
        return playback;
    }
    public DetailsViewModel details() {
        return details;
    }

    public SequenceDiagram diagram() {
        if (diagram == null) {
            diagram = new SequenceDiagram(model);
            diagram.setId("sequence-diagram");
            diagram.positionProperty().bind(playback.positionProperty());
            diagram.messagesProperty().bind(texts.messagesProperty());
            diagram.selectedRowProperty().bindBidirectional(details.selectedProperty());
            diagram.stepNarrationProperty().bind(stepNarration);
            diagram.lessonEndProperty().bind(lessonEnd);
        }
        return diagram;
    }

    public PlaybackBar playbackBar() {
        if (bar == null) bar = new PlaybackBar(playback, texts, counter());
        return bar;
    }

    /** Where the playback is, in the journal's event numbers ({@link EventNumbers}). */
    public EventNumbers eventNumbers() {
        return EventNumbers.of(model, playback.visibleRows());
    }

    /**
     * The playback bar's counter, "#39 of #38–40": the event reached and the session's first and newest, as the journal
     * pane numbers them. The range, not "#39 / 40": after a Reset all the journal's numbers go on, and "/ 40" read as
     * forty events where the session had three (issue 57).
     */
    public StringBinding counter() {
        return Bindings.createStringBinding(() -> {
            EventNumbers n = eventNumbers();
            return counterText(n, texts.messages());
        }, playback.positionProperty(), playback.totalProperty(), model.revisionProperty(), texts.messagesProperty());
    }

    /**
     * The counter's words for {@code n}: "#39 of #38–40"; with one event "#1 of 1", not "#1 of #1–1"; before the
     * first event is told (the playback at its start, or at a call's entry that has not returned) "before #31–60", not
     * "#0 of #31–60" (issue 57). Short: the playback bar hides a counter that does not fit (WindowSizesFxTest).
     */
    static String counterText(EventNumbers n, Messages m) {
        if (n.last() == 0) return m.get("ui.playback.position.none");
        String first = String.valueOf(n.first()), last = String.valueOf(n.last());
        if (n.at() == 0)
            return n.first() == n.last()
                    ? m.get("ui.playback.position.before.one", first)
                    : m.get("ui.playback.position.start", first, last);
        if (n.first() == n.last()) return m.get("ui.playback.position.one", last);
        return m.get("ui.playback.position", String.valueOf(n.at()), first, last);
    }

    public DetailsView detailsView() {
        if (detailsView == null) detailsView = new DetailsView(details);
        return detailsView;
    }

    /**
     * The seq of the last note of the lesson that ended in this session (its verdict), or -1 while none has: after it
     * comes the live lab, which that lesson's narration does not tell.
     */
    public LongProperty lessonEndProperty() {
        return lessonEnd;
    }

    /**
     * Which notes are the narrations of the lesson's steps; every diagram of this session binds to it, so it keeps a
     * step's story in view ({@link SequenceDiagram#stepNarrationProperty()}).
     */
    public ObjectProperty<Predicate<Payload.Note>> stepNarrationProperty() {
        return stepNarration;
    }

    /**
     * Whether the playback has shown the end of the lesson (its verdict, or anything after it): its banner has no step
     * to show any more. False while no lesson has ended, and again when the playback goes back into the lesson.
     */
    public BooleanBinding lessonOver() {
        return Bindings.createBooleanBinding(() -> {
            long end = lessonEnd.get();
            if (end < 0) return false;
            for (int i = Math.min(playback.visibleRows(), model.rowCount()) - 1; i >= 0; i--) {
                Row row = model.row(i);
                if (row.event().seq() >= end) return true;
                if (row instanceof Row.NoteRow) return false; // a step's narration before the verdict: still in it
            }
            return false;
        }, lessonEnd, playback.positionProperty(), playback.totalProperty());
    }

    /** The narration of the step the playback has reached: the last note at or before the cursor, whole and wrapped. */
    public StringBinding narration() {
        return ofCurrentNote(Payload.Note::text);
    }

    /** The title of the slide of the step the playback has reached (presenter mode); empty when it has none. */
    public StringBinding slideTitle() {
        return ofCurrentNote(Payload.Note::slideTitle);
    }

    /** The one sentence of the slide of the step the playback has reached; empty when it has none. */
    public StringBinding slideText() {
        return ofCurrentNote(Payload.Note::slideText);
    }

    /**
     * A text of the last narration at or before the cursor, in the current language (else the one it has). Predict
     * mode's notes are the question pane's to show: a verdict or score is passed over, and while a question is the
     * newest note there is no narration (the step's narration comes after its answer; the question is not said twice).
     */
    private StringBinding ofCurrentNote(
            Function<Payload.Note, Map<String, String>> part) {
        return Bindings.createStringBinding(() -> {
            int visible = Math.min(playback.visibleRows(), model.rowCount());
            long end = lessonEnd.get();
            boolean liveAfterLesson = false; // a call made after the lesson ended is shown: the live lab, no narration
            boolean lostAfter = false; // a segment the lab network lost is shown after the note
            for (int i = visible - 1; i >= 0; i--) {
                if (end >= 0 && model.row(i) instanceof Row.CallRow call && call.event().seq() > end)
                    liveAfterLesson = true;
                if (model.row(i) instanceof Row.SegmentArrow s && s.segment().lost()) lostAfter = true;
                if (model.row(i) instanceof Row.NoteRow note) {
                    if (liveAfterLesson && note.event().seq() <= end) return "";
                    // The lab's own note ("the next segment will be lost") is spent once a loss followed it (issue 57).
                    if (lostAfter && note.event().endpoint().equals(Lab.ITSELF)) return "";
                    if (note.note().quiz() instanceof Payload.Quiz.Asked) return "";
                    if (note.note().quiz() != null) continue;
                    return Payload.Note.in(part.apply(note.note()), texts.messages().lang().code());
                }
            }
            return "";
        }, playback.positionProperty(), playback.totalProperty(), texts.messagesProperty(), lessonEnd);
    }

    /** The link between the machines in one line ("link: 50 ms each way, 2 % loss"); empty: none is shown. */
    public StringProperty linkLineProperty() {
        return linkLine;
    }

    private final StringProperty linkLine = new SimpleStringProperty(this, "linkLine", "");

    /** The link's line and, beside it, what acts on the link (the window's hold-to-drop button). */
    private final HBox linkRow = new HBox(8);

    /** Puts {@code action} beside the link's line (it shows and hides itself): the window's hold-to-drop button. */
    public void addLinkAction(Node action) {
        linkRow.getChildren().add(action);
    }

    /** Diagram above its playback bar, details on the right; the current narration, if any, above the diagram. */
    @Override
    public Node view() {
        if (view == null) {
            BorderPane left = new BorderPane(diagram());
            left.getStylesheets().add(
                    Objects.requireNonNull(SequenceDiagram.class.getResource("sequence-diagram.css")).toExternalForm());
            // The link's line heads the diagram while the machines are joined by SocketLab's wire (issue 60).
            Label link = new Label();
            link.setId("diagram-link");
            link.getStyleClass().add("diagram-link");
            link.textProperty().bind(linkLine);
            link.visibleProperty().bind(linkLine.isNotEmpty());
            link.managedProperty().bind(link.visibleProperty());
            // Its scroll pane (a skin of twenty-odd nodes, styled even while hidden) made when there is one (issue 62).
            linkRow.getChildren().addFirst(link);
            linkRow.setAlignment(Pos.CENTER_LEFT);
            left.setTop(new VBox(linkRow, BuiltWhenShown.of(narration().isNotEmpty(),
                    () -> narrationAbove(left, narrationLabel()))));
            // The diagram scrolls, so it gives up height to the narration rather than push the pane past its title.
            diagram().setMinHeight(DIAGRAM_LEAST_PX);
            left.setMinHeight(0);
            left.setBottom(playbackBar());
            SplitPane split = new SplitPane(left);
            split.setOrientation(Orientation.HORIZONTAL);
            split.setDividerPositions(0.74);
            split.setId("diagram-feature");
            // Details only while something is selected (an empty "click an arrow" pane took a third of the diagram's
            // width at 1920x1080: issue 57), beside the diagram when there is room for both, else under it. Its two
            // columns stay readable either way.
            Runnable arrange = () -> {
                boolean beside = split.getWidth() >= DETAILS_BESIDE_MIN_WIDTH * fontScale();
                Orientation want = beside ? Orientation.HORIZONTAL : Orientation.VERTICAL;
                boolean withDetails = details.selectedProperty().get() != null && detailsBeside.get();
                // Beside, the details keep a readable column: their divider is set before they are first laid out, and
                // the diagram took all but a sliver (seen at 1280x720 with the side panes folded, issue 57).
                detailsView().setMinWidth(beside
                        ? Math.min(DETAILS_LEAST_WIDTH * fontScale(), split.getWidth() * 0.3)
                        : Region.USE_COMPUTED_SIZE);
                boolean has = split.getItems().contains(detailsView());
                if (split.getOrientation() == want && has == withDetails) return;
                split.setOrientation(want);
                if (withDetails && !has) split.getItems().add(detailsView());
                if (!withDetails && has) split.getItems().remove(detailsView());
                if (withDetails) split.setDividerPositions(beside ? 0.74 : 0.62);
            };
            split.widthProperty().addListener(obs -> arrange.run());
            details.selectedProperty().addListener(obs -> arrange.run());
            detailsBeside.addListener(obs -> arrange.run());
            keepSelectedInView();
            view = split;
        }
        return view;
    }

    /**
     * Whether the details open beside (or under) the diagram when a row is selected; false while the window shows them
     * in a pane of its own, so the diagram keeps its width (issue 78 item 7: Details took a quarter of it).
     */
    public BooleanProperty detailsBesideProperty() {
        return detailsBeside;
    }

    private final BooleanProperty detailsBeside = new SimpleBooleanProperty(this, "detailsBeside", true);

    /** Whether a scroll to the selected row waits for the end of this pulse's layout. */
    private boolean keepQueued;

    /**
     * A click that opens Details narrows the diagram (or lowers it, Details under it), and its rows wrap anew: the clicked
     * row is scrolled back into view once the diagram is laid out at its new size (it was scrolled away, issue 57, review
     * window-2026-11-26 picture 18).
     */
    private void keepSelectedInView() {
        SequenceDiagram d = diagram();
        InvalidationListener resized = obs -> {
            if (keepQueued || details.selectedProperty().get() == null || d.getScene() == null) return;
            keepQueued = true;
            d.getScene().addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    d.getScene().removePostLayoutPulseListener(this);
                    keepQueued = false;
                    Row selected = details.selectedProperty().get();
                    if (selected != null && d.getSkin() instanceof SequenceDiagramSkin skin)
                        skin.scrollToRow(selected.index());
                }
            });
        };
        d.widthProperty().addListener(resized);
        d.heightProperty().addListener(resized);
    }

    /** The diagram's least height under a narration, in px. */
    static final double DIAGRAM_LEAST_PX = 60;

    /**
     * The height of the lifelines' heads and five rows of arrows, in the diagram's font size (DiagramMetrics), with a
     * little for their rounding to whole px: a lesson's narration scrolls rather than leave fewer (issue 57 item 5; at
     * 1024x768 it had left one row).
     */
    static final double DIAGRAM_LEAST_ROWS_EM = 3.2 + 5 * 3.1 + 0.5;

    /**
     * The narration above the diagram, whole while the pane has room for it and the diagram's least height; else it
     * scrolls (issue 43 item 6: at 200 % on a 1024x768 screen a lesson's verdict took the whole pane, no diagram left).
     */
    private Label narrationLabel() {
        Label narration = new Label();
        narration.setId("diagram-narration");
        narration.getStyleClass().add("diagram-narration");
        narration.setWrapText(true);
        narration.setMaxWidth(Double.MAX_VALUE);
        narration.setMinHeight(Region.USE_PREF_SIZE); // wrapped lines push the diagram down
        narration.textProperty().bind(narration());
        narration.visibleProperty().bind(narration.textProperty().isNotEmpty());
        narration.managedProperty().bind(narration.visibleProperty());
        return narration;
    }

    private ScrollPane narrationAbove(BorderPane left, Label narration) {
        ScrollPane words = new ScrollPane(narration);
        words.setId("diagram-narration-scroll");
        words.getStyleClass().add("edge-to-edge");
        words.setFitToWidth(true);
        words.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        words.visibleProperty().bind(narration.visibleProperty());
        words.managedProperty().bind(words.visibleProperty());
        words.setMinHeight(Region.USE_PREF_SIZE);
        words.prefViewportHeightProperty().bind(Bindings.createDoubleBinding(() -> {
            double need = narration.prefHeight(Math.max(1, left.getWidth()));
            // The diagram keeps its lifelines' heads and five rows of arrows at the zoom it is drawn at.
            double least = Math.max(DIAGRAM_LEAST_PX, diagram().fontSize() * DIAGRAM_LEAST_ROWS_EM);
            double bar = Math.max(playbackBar().getHeight(), playbackBar().minHeight(left.getWidth()));
            double room = left.getHeight() - left.snappedTopInset() - left.snappedBottomInset() - bar - least
                    - words.snappedTopInset() - words.snappedBottomInset();
            return Math.min(need, Math.max(room, narration.getFont().getSize() * 1.6));
        }, left.widthProperty(), left.heightProperty(), playbackBar().heightProperty(), narration.textProperty(),
                narration.fontProperty()));
        return words;
    }

    /** The least width of the details beside the diagram (at 100 %), in px. */
    static final double DETAILS_LEAST_WIDTH = 260;

    /** Below this width (at 100 %) the details go under the diagram. */
    static final double DETAILS_BESIDE_MIN_WIDTH = 860;

    /** How much the zoom has grown the diagram's text (1 at 100 %). */
    private double fontScale() {
        return Math.max(1, diagram().fontSize() / 17.0);
    }

    /** Whether the frame timer runs now. */
    private boolean framing;
    private final InvalidationListener framesIfNeeded = obs -> framesIfNeeded();

    /**
     * Moves playback once per frame while it has rows to draw ({@link PlaybackModel#needsFrames()}), and not at all
     * otherwise: a timer that ran every frame would keep JavaFX pulsing 60 times a second in an idle window. FX thread.
     */
    public void start() {
        if (timer != null) return;
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                playback.tick();
                if (!playback.needsFrames()) {
                    stop();
                    framing = false;
                }
            }
        };
        playback.positionProperty().addListener(framesIfNeeded);
        playback.totalProperty().addListener(framesIfNeeded);
        playback.playingProperty().addListener(framesIfNeeded);
        framesIfNeeded();
    }

    private void framesIfNeeded() {
        if (timer == null || framing || !playback.needsFrames()) return;
        framing = true;
        timer.start();
    }

    /** Whether the frame timer runs (tests: an idle diagram asks for no frame). */
    public boolean framing() {
        return framing;
    }

    /** Stops the frame timer. FX thread. */
    @Override
    public void close() {
        if (timer == null) return;
        timer.stop();
        framing = false;
        playback.positionProperty().removeListener(framesIfNeeded);
        playback.totalProperty().removeListener(framesIfNeeded);
        playback.playingProperty().removeListener(framesIfNeeded);
        timer = null;
    }
}
