package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --lang zh} the commands print no English sentence: every word of three letters or more is Chinese or a
 * technical token (an option, a file path, a name the user typed, a model, loss or optimizer name, a unit).
 */
class ChineseOutputTest {
    /** Names and abbreviations that stay as they are in Chinese text. */
    private static final Set<String> TECHNICAL = Set.of("sgd", "adam", "momentum", "nesterov", "adagrad", "rmsprop",
            "newton", "lbfgs", "MAE", "RMSE", "DOT", "SVG", "Graphviz", "dot", "Tsvg", "moons", "digits", "tanh",
            "sigmoid", "relu", "cross-entropy", "quadratic", "mse", "descent", "eval", "train", "vector", "precision",
            "recall", "support", "macro", "NaN", "Infinity", "Nesterov", "Adagrad", "RMSprop", "Adam", "apt-get",
            "install", "graphviz", "step", "cosine", "constant", "standard_normal", "xavier_uniform", "epochs", "sqrt",
            "seed", "batch", "loss", "activation", "init", "schedule", "line", "FILE", "NAME", "lesson", "openblas",
            // the ops of the graph command, the names of the lessons (what the user types)
            "input", "scale", "add", "mul", "const", "parabola", "chain-rule", "nonlinear", "neuron",
            "contour", "learning-rates", "local-minima", "losses", "optimizers", "mnist",
            // names of people, functions and things from the tutorials
            "Hessian", "Himmelblau", "Nielsen", "delta", "log", "print");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z_'-]{2,}");

    @TempDir
    Path tmp;

    /** The English words of {@code out}, leaving out the model's structure and technical tokens. */
    private static List<String> english(String out) {
        List<String> found = new ArrayList<>();
        for (String line : out.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("Sequential(") || l.matches("\\(\\d+\\): .*") || l.equals(")")) {
                continue; // the model's toString: class names and arguments, the same in every language
            }
            if (l.startsWith("digraph") || l.contains("[") || l.equals("}") || l.startsWith("true\\pred")) {
                continue; // Graphviz DOT source and the confusion matrix's corner: formats, not sentences
            }
            // formulas ("mean((w*x+b-y)^2)") are the user's or the tutorial's notation
            for (String token : l.replaceAll("[^\\s，。：；（）]*[*^][^\\s，。：；（）]*", " ").split("[\\s，。：；（）()、,:;|]+")) {
                if (token.contains("/") || token.startsWith("-") || token.contains("=") || token.contains("∂")
                        || token.contains("_") || token.matches(".*[A-Za-z]\\.[A-Za-z].*")) {
                    continue; // paths, file names, options, settings, column names and expressions
                }
                Matcher m = WORD.matcher(token);
                while (m.find()) {
                    if (!TECHNICAL.contains(m.group())) {
                        found.add(m.group() + "  ← " + l);
                    }
                }
            }
        }
        return found;
    }

    private static void check(List<String> problems, String... args) {
        String[] withZh = new String[args.length + 2];
        System.arraycopy(args, 0, withZh, 0, args.length);
        withZh[args.length] = "--lang";
        withZh[args.length + 1] = "zh";
        CommandRun r = CommandRun.of(withZh);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
        for (String e : english(r.out())) {
            problems.add(args[0] + ": " + e);
        }
    }

    @Test
    void commandsSpeakChineseThroughout() throws Exception {
        List<String> problems = new ArrayList<>();
        Path run = tmp.resolve("run");
        check(problems, "train", "--data", "moons", "--model", "2-8-2", "--loss", "cross-entropy", "--epochs", "3",
                "--threads", "1", "--out", run.toString());
        check(problems, "train", "--data", "moons", "--model", "2-8-2", "--loss", "cross-entropy", "--epochs", "3",
                "--threads", "1", "--out", tmp.resolve("patience").toString(), "--until", "loss<10");
        check(problems, "eval", run.toString());
        Path points = Files.writeString(tmp.resolve("points.csv"), "x,y\n-0.5,0.5\n1.5,-0.4,1\n");
        check(problems, "predict", run.toString(), points.toString());
        check(problems, "diagnose", run.resolve("history.csv").toString());
        check(problems, "lr-find", "--data", "moons", "--steps", "30", "--max-lr", "0.001", "--plot",
                tmp.resolve("lr.png").toString());
        check(problems, "minimize", "x^2+5", "--start", "x=7000", "--steps", "3");
        check(problems, "minimize", "ln(x)", "--start", "x=-1");
        check(problems, "minimize", "x^2+5", "--start", "x=7000", "--lr", "1.5", "--steps", "200");
        check(problems, "graph", "(2*w+3*b)*(2*b+1)", "--at", "w=3,b=4");
        check(problems, "landscape", "--out", tmp.resolve("landscape").toString());
        check(problems, "lesson");
        for (dev.descent.cli.lesson.Lesson l : dev.descent.cli.lesson.Lessons.all()) {
            if (!l.name().equals("mnist")) { // trained in LessonGoldenTest on a small set
                check(problems, "lesson", l.name(), "--out", tmp.resolve(l.name()).toString());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
