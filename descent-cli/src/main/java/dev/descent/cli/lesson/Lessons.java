package dev.descent.cli.lesson;

import dev.descent.io.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
        @SuppressWarnings("unchecked")
        Map<String, Object> clean = (Map<String, Object>) clean(tree);
        return Json.toJson(clean);
    }

    private static Object clean(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof double[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (double x : a) {
                out.add(Double.isFinite(x) ? x : null);
            }
            return out;
        }
        if (v instanceof int[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (int x : a) {
                out.add(x);
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, clean(e.getValue()));
                // as JsonOutput does: a number that does not exist is null with the reason beside it
                if (e.getValue() instanceof Double d && !Double.isFinite(d)) {
                    out.put(key + "Reason", Double.isNaN(d) ? "notANumber" : "infinite");
                }
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object x : c) {
                out.add(clean(x));
            }
            return out;
        }
        return v;
    }
}
