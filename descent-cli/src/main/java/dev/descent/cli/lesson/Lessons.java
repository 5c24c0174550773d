package dev.descent.cli.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every lesson in the order a reader should take them, and the JSON form of their reports. */
public final class Lessons {
    private static final List<Lesson> ALL = List.of(new QuadraticLesson(), new ParabolaLesson(),
            new ChainRuleLesson(), new NonlinearLesson(), new NeuronLesson(), new LossesLesson(), new ContourLesson(),
            new LearningRatesLesson(), new LocalMinimaLesson(), new OptimizersLesson(), new MnistLesson());

    private Lessons() {
    }

    /** All lessons, in order. */
    public static List<Lesson> all() {
        return ALL;
    }

    /** The lesson called {@code name}, or an error naming the lessons there are. */
    public static Lesson find(String name) {
        for (Lesson l : ALL) {
            if (l.name().equalsIgnoreCase(name.strip())) {
                return l;
            }
        }
        List<String> names = new ArrayList<>();
        for (Lesson l : ALL) {
            names.add(l.name());
        }
        throw new IllegalArgumentException("unknown lesson '" + name + "'; the lessons are: "
                + String.join(", ", names));
    }

    /**
     * One line of JSON for a report: arrays become lists and NaN or infinite numbers become null (JSON has no such
     * numbers), with {@code <key>Reason} beside a map's null ("notANumber" or "infinite"), as {@code --json} does
     * everywhere.
     */
    public static String toJson(Map<String, ?> tree) {
        return dev.descent.web.Api.toJson(tree);
    }
}
