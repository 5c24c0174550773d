package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.lesson.Lesson;
import dev.descent.cli.lesson.Lessons;
import dev.descent.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's {@code --json} follows one convention: camelCase keys, numbers as JSON numbers (never strings), and
 * a {@code <key>Reason} beside every null.
 */
class JsonStyleTest {
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*([eE][-+]?\\d+)?|NaN|-?Infinity)");
    /** Keys whose values are names or identifiers (a class named "7", a file "1.csv", tutorial "002"), not measurements. */
    private static final Set<String> NAMES = Set.of("label", "class", "input", "data", "file", "run", "expression",
            "source", "column", "name", "op", "seeds");
    /** Maps keyed by the user's own names (variables of an expression), whose keys need not be camelCase. */
    private static final Set<String> USER_KEYED = Set.of("at", "point", "gradient", "minimum", "start", "end");

    @TempDir
    Path tmp;

    private static void check(String where, Object value, String key, List<String> problems) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!USER_KEYED.contains(key) && !CAMEL_CASE.matcher(k).matches()) {
                    problems.add(where + ": key '" + k + "' is not camelCase");
                }
                if (e.getValue() == null && !m.containsKey(k + "Reason")) {
                    problems.add(where + ": '" + k + "' is null without a '" + k + "Reason'");
                }
                check(where + "." + k, e.getValue(), k, problems);
            }
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                check(where + "[" + i + "]", l.get(i), key, problems);
            }
        } else if (value instanceof String s && !NAMES.contains(key) && NUMBER.matcher(s.strip()).matches()) {
            problems.add(where + ": the number " + s + " is a string");
        }
    }

    private static void checkJson(List<String> problems, String... args) {
        CommandRun r = CommandRun.of(args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
        check(args[0] + (args[0].equals("lesson") ? " " + args[1] : ""), Json.parse(r.out()), "", problems);
    }

    @Test
    void everyCommandWritesCamelCaseKeysAndNumbersAsNumbers() throws Exception {
        List<String> problems = new ArrayList<>();
        Path run = tmp.resolve("run");
        checkJson(problems, "train", "--data", "moons", "--model", "2-8-2", "--loss", "cross-entropy", "--epochs", "2",
                "--threads", "1", "--out", run.toString(), "--json");
        Path regression = tmp.resolve("line");
        checkJson(problems, "train", "--data", "line", "--epochs", "2", "--loss", "mse", "--optimizer", "adam", "--lr",
                "0.01", "--threads", "1", "--out",
                regression.toString(), "--json");
        checkJson(problems, "eval", run.toString(), "--json");
        checkJson(problems, "eval", regression.toString(), "--json");
        Path points = Files.writeString(tmp.resolve("points.csv"), "x,y\n-0.5,0.5\n1.5,-0.4,1\n");
        checkJson(problems, "predict", run.toString(), points.toString(), "--json");
        checkJson(problems, "diagnose", run.resolve("history.csv").toString(), "--json");
        checkJson(problems, "diagnose", Files.writeString(tmp.resolve("short.csv"), "loss\n1\n0.5\n").toString(),
                "--json");
        checkJson(problems, "lr-find", "--data", "moons", "--steps", "30", "--max-lr", "0.001", "--plot",
                tmp.resolve("lr.png").toString(), "--json");
        checkJson(problems, "minimize", "(x-3)^2+(y+1)^2", "--start", "x=0,y=0", "--steps", "5", "--json");
        checkJson(problems, "minimize", "ln(x)", "--start", "x=-1", "--json");
        checkJson(problems, "graph", "(2*w+3*b)*(2*b+1)", "--at", "w=3,b=4", "--json");
        checkJson(problems, "landscape", "--out", tmp.resolve("landscape").toString(), "--json");
        checkJson(problems, "lesson", "--json");
        for (Lesson l : Lessons.all()) {
            if (!l.name().equals("mnist")) { // trained in LessonGoldenTest on a small set
                checkJson(problems, "lesson", l.name(), "--out", tmp.resolve(l.name()).toString(), "--json");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
