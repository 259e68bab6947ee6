package org.socketlab.ui.share;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Question;
import org.socketlab.share.RoomAnswers;
import org.socketlab.share.RoomQuestion;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.predict.PredictViewModel;

/**
 * Sharing the live session with the room, as the presenter's window sees it: off until the instructor starts it on
 * one address, then the address, the join code, "24 of 31 answered" while a predict step waits, and after the press
 * the room's histogram beside the kernel's real result; a discussion round ("discuss, then answer again"); Stop; the
 * answers saved as CSV. The server itself is behind {@link Server}: binding, stopping and saving run on workers, and
 * their outcome, like every count the server's threads change, reaches the FX thread through the window's inbox
 * (never more than one count waiting there, however fast the room answers).
 */
public final class RoomShare {
    /** What starts the room's web server on one address (port 0: any free port). Throws when it cannot bind. */
    @FunctionalInterface
    public interface Server {
        Sharing start(InetSocketAddress address, RoomAnswers answers) throws IOException;
    }

    /** A started server: where students join, with which code; {@link #stop()} may wait a moment (a worker calls it). */
    public interface Sharing {
        String url();

        String code();

        void stop();
    }

    /** Where sharing is. */
    public sealed interface Status {
        /** Nothing is served (the default, and after Stop). */
        record Off() implements Status {
        }

        /** The server is being started on {@code address}. */
        record Starting(String address) implements Status {
        }

        /** Served at {@code url}, joined with {@code code}. */
        record On(String url, String code) implements Status {
        }

        /** It could not start: why, in the user's language. */
        record Failed(LocalizedException why) implements Status {
        }
    }

    public static final Status OFF = new Status.Off();

    private final Texts texts;
    private final FxInbox inbox;
    private Server server;
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", OFF);
    private final ReadOnlyBooleanWrapper sharing = new ReadOnlyBooleanWrapper(this, "sharing", false);
    /** The room's step as last read on the FX thread, or null before any question. */
    private final ReadOnlyObjectWrapper<RoomAnswers.Tally> tally = new ReadOnlyObjectWrapper<>(this, "tally");
    private final ReadOnlyObjectWrapper<RoomAnswers.Count> count = new ReadOnlyObjectWrapper<>(this, "count",
            new RoomAnswers.Count(0, 0));
    /** The last word of Save: saved where, or why not; null when there is none. */
    private final ObjectProperty<LocalizedException> notice = new SimpleObjectProperty<>(this, "notice");
    private RoomAnswers answers = new RoomAnswers(false);
    private Sharing running;
    /** Whether a refresh of the counts already waits in the inbox: the server's threads leave at most one. */
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    /** The lesson question the room answers now (step numbers of the lesson's), or null. */
    private Question asked;

    public RoomShare(Texts texts, FxInbox inbox, Server server) {
        this.texts = texts;
        this.inbox = inbox;
        this.server = server;
        sharing.bind(Bindings.createBooleanBinding(() -> status.get() instanceof Status.On, status));
    }

    /**
     * The server the next start uses: the composition root's wiring gives the real one; a window test gives one that
     * binds a socket of its own. FX thread, while off.
     */
    public void useServer(Server another) {
        server = another;
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether the room is served now. */
    public ReadOnlyBooleanProperty sharingProperty() {
        return sharing.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RoomAnswers.Tally> tallyProperty() {
        return tally.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RoomAnswers.Count> countProperty() {
        return count.getReadOnlyProperty();
    }

    public ObjectProperty<LocalizedException> noticeProperty() {
        return notice;
    }

    /** The answers of this sharing (the server's {@link org.socketlab.share.AnswerBox}). */
    public RoomAnswers answers() {
        return answers;
    }

    /**
     * Starts serving the room on {@code address}:{@code port} (FX thread; the bind on a worker). Refused, with one line
     * saying why, while it is already on or starting. Answers start empty, nicknames asked or not.
     */
    public void start(InetAddress address, int port, boolean nicknames) {
        if (!(status.get() instanceof Status.Off || status.get() instanceof Status.Failed)) return;
        if (port < 0 || port > 65_535) {
            status.set(new Status.Failed(new LocalizedException("ui.share.port.invalid")));
            return;
        }
        InetSocketAddress where = new InetSocketAddress(address, port);
        String shown = hostPort(address, port);
        RoomAnswers fresh = new RoomAnswers(nicknames);
        fresh.onChange(this::countsChanged);
        answers = fresh;
        tally.set(null);
        count.set(fresh.count());
        status.set(new Status.Starting(shown));
        inbox.start("share-start", () -> server.start(where, fresh), started -> {
            if (!(status.get() instanceof Status.Starting)) { // stopped (the window closed) while it bound
                inbox.run("share-stop", started::stop);
                return;
            }
            running = started;
            status.set(new Status.On(started.url(), started.code()));
            if (asked != null) ask(asked); // a question already on screen is put to the room at once
        }, failure -> status.set(new Status.Failed(failure instanceof LocalizedException l
                ? l
                : new LocalizedException("ui.share.failed", shown, String.valueOf(failure.getMessage())))));
    }

    /** Stops serving (Stop sharing, the window closing): the server stops on a worker. FX thread; idempotent. */
    public void stop() {
        Sharing was = running;
        running = null;
        if (!(status.get() instanceof Status.Off)) status.set(OFF);
        if (was != null) inbox.run("share-stop", was::stop);
    }

    /** "Discuss, then answer again": the open question is asked once more and counted anew. FX thread. */
    public boolean discuss() {
        if (!sharing.get()) return false;
        boolean again = answers.discuss() != null;
        refresh();
        return again;
    }

    /**
     * Follows predict mode's question on the presenter's screen (both view-models live as long as the window): a lesson's
     * question is put to the room, and answering it on the presenter's side is the press. A free-lab call's question
     * (no lesson step) is not the room's.
     */
    public void follow(PredictViewModel predict) {
        predict.questionProperty().addListener((obs, was, is) -> {
            boolean lessons = !predict.cancellableProperty().get();
            questionShown(was, lessons ? is : null);
        });
    }

    /** The question on the presenter's screen changed (predict mode's, FX thread): the room is asked, or the press came. */
    public void questionShown(Question was, Question is) {
        // The room's question answered on the presenter's side (or dropped): the step runs, the room's answers close.
        if (asked != null && was == asked && is != asked) answers.close(asked.step());
        asked = is;
        if (is != null && sharing.get()) ask(is);
        refresh();
    }

    private void ask(Question q) {
        RoomAnswers.Tally last = answers.tally(q.step(), 1);
        // A step's second question comes before the step runs: the room answers its first one only. Judged, the step
        // ran: the lesson is played again, and asked anew.
        if (last != null && last.judged() == null) return;
        var messages = texts.messages();
        answers.ask(new RoomQuestion(q.step(), 1, q.prompt().in(messages),
                q.options().stream().map(o -> o.label().in(messages)).toList()));
    }

    /** The journal's new events (FX thread): a verdict gives the kernel's real result beside the room's answers. */
    public void onEvents(List<Event> batch) {
        for (Event e : batch) {
            if (e.payload() instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Answer a) {
                RoomAnswers.Tally t = answers.tally(a.step(), 1);
                if (t != null && t.judged() == null) answers.judged(a.step(), a.right(), a.kernel());
            }
        }
    }

    /** The room's answers as CSV, written to {@code file} on a worker; the notice says where, or why not. FX thread. */
    public void save(Path file) {
        String csv = answers.csv(texts.messages());
        inbox.start("share-save", () -> Files.writeString(file, csv, StandardCharsets.UTF_8),
                written -> notice.set(new LocalizedException("ui.share.saved", file.toString())),
                failure -> notice.set(new LocalizedException("ui.share.saveFailed", file.toString(),
                        String.valueOf(failure.getMessage()))));
    }

    /** Any thread (the server's): one refresh at a time waits in the window's inbox. */
    private void countsChanged() {
        if (refreshQueued.compareAndSet(false, true)) inbox.deliver(() -> {
            refreshQueued.set(false);
            refresh();
        });
    }

    /** The counts and the histogram read now (FX thread). */
    void refresh() {
        count.set(answers.count());
        tally.set(answers.tally());
    }

    /** "24 of 31 answered", in the window's language; empty while nothing waits for the room's answers. */
    public StringBinding answeredText() {
        return Bindings.createStringBinding(() -> {
            RoomAnswers.Tally t = tally.get();
            if (!sharing.get() || t == null || !t.open()) return "";
            return texts.messages().get("ui.share.answered", count.get().answered(), count.get().connected());
        }, tally, count, sharing, texts.messagesProperty());
    }

    /** An address as a URL's host writes it: an IPv6 one in brackets. */
    static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        int zone = host.indexOf('%');
        if (host.contains(":")) host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
        return host + ":" + port;
    }
}
