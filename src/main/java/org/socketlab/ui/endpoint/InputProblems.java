package org.socketlab.ui.endpoint;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.socketlab.ui.common.Notice;
import org.socketlab.ui.common.Texts;

/**
 * What is wrong with each input of a pane, in the current language, for showing at the field; and the first problem,
 * which the pane's one message says when no press was refused.
 */
final class InputProblems {
    private final Map<InputField, ReadOnlyBooleanWrapper> invalid = new EnumMap<>(InputField.class);
    private final Map<InputField, ReadOnlyObjectWrapper<Notice>> problems = new EnumMap<>(InputField.class);
    private final Map<InputField, ReadOnlyStringWrapper> problemTexts = new EnumMap<>(InputField.class);
    private final ReadOnlyObjectWrapper<Notice> first;

    InputProblems(Object bean, Texts texts) {
        first = new ReadOnlyObjectWrapper<>(bean, "inputProblem");
        for (InputField f : InputField.values()) {
            invalid.put(f, new ReadOnlyBooleanWrapper(bean, "invalid" + f, false));
            ReadOnlyObjectWrapper<Notice> problem = new ReadOnlyObjectWrapper<>(bean, "problem" + f);
            problems.put(f, problem);
            ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(bean, "problemText" + f, "");
            text.bind(Bindings.createStringBinding(
                    () -> problem.get() == null ? "" : problem.get().render(texts.messages()),
                    problem, texts.messagesProperty()));
            problemTexts.put(f, text);
        }
    }

    /** Checks every input with {@code problemIn} (null: the input is fine). */
    void check(Function<InputField, Notice> problemIn) {
        Notice firstFound = null;
        for (InputField f : InputField.values()) {
            Notice problem = problemIn.apply(f);
            invalid.get(f).set(problem != null);
            problems.get(f).set(problem);
            if (firstFound == null) firstFound = problem;
        }
        first.set(firstFound);
    }

    ReadOnlyBooleanProperty invalid(InputField field) {
        return invalid.get(field).getReadOnlyProperty();
    }

    ReadOnlyStringProperty text(InputField field) {
        return problemTexts.get(field).getReadOnlyProperty();
    }

    /** The first input's problem, or null. */
    ReadOnlyObjectProperty<Notice> first() {
        return first.getReadOnlyProperty();
    }
}
