package dev.descent.cli;

import dev.descent.cli.lesson.Lesson;
import dev.descent.cli.lesson.Lessons;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code descent lesson [NAME]}: lists the tutorials' worked examples, or runs one — printing its numbers,
 * recomputed by the engine, and writing its figures.
 */
@Command(name = "lesson", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The tutorials' worked examples, recomputed: each prints its numbers and writes its figure.",
            "Without NAME: the list of lessons."},
        footer = {"", "Examples:", "  descent lesson", "  descent lesson parabola",
            "  descent lesson chain-rule --target 140 --lang zh", "  descent lesson neuron --json"})
public final class LessonCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The lesson to run.")
    String name;

    @Option(names = "--out", defaultValue = "lessons", paramLabel = "DIR",
            description = "Where figures are written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--target", paramLabel = "X",
            description = "chain-rule: the z to reach (default 150); nonlinear: the c to reach (default 2.13).")
    Double target;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "mnist: train on mnist=DIR or fashion-mnist[=DIR] instead of generated digits.")
    String data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        PrintWriter stdout = spec.commandLine().getOut();
        boolean zh = common.chinese();
        if (name == null) {
            list(stdout, zh);
            return 0;
        }
        Lesson lesson;
        try {
            lesson = Lessons.find(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Files.createDirectories(out);
        Lesson.Ran ran = lesson.run(new Lesson.Settings(out, zh, common.seed(), target, data));
        if (common.json()) {
            Map<String, Object> tree = new LinkedHashMap<>(ran.report().json());
            List<String> figures = new ArrayList<>();
            for (Path p : ran.figures()) {
                figures.add(p.toString());
            }
            tree.put("figures", figures);
            stdout.println(Lessons.toJson(tree));
        } else {
            // tutorials by their number in docs/golden-numbers.md ("002" -> "2"), not the file names a user never sees
            String tutorials = lesson.seeds().replaceAll("\\b0+(\\d)", "$1");
            stdout.println(common.messages().get("lesson.header", lesson.name(), tutorials, lesson.summary(zh)));
            stdout.println();
            stdout.print(ran.report().text(zh));
            for (Path p : ran.figures()) {
                stdout.println(common.messages().get("figure", p.toString()));
            }
        }
        stdout.flush();
        return 0;
    }

    private void list(PrintWriter stdout, boolean zh) {
        if (common.json()) {
            List<Object> lessons = new ArrayList<>();
            for (Lesson l : Lessons.all()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", l.name());
                row.put("seeds", l.seeds());
                row.put("summary", l.summary(zh));
                lessons.add(row);
            }
            stdout.println(Lessons.toJson(Map.of("lessons", lessons)));
            return;
        }
        stdout.println(common.messages().get("lesson.list"));
        int width = 0;
        for (Lesson l : Lessons.all()) {
            width = Math.max(width, l.name().length());
        }
        for (Lesson l : Lessons.all()) {
            stdout.printf("  %-" + width + "s  %-9s  %s%n", l.name(), "[" + l.seeds() + "]", l.summary(zh));
        }
        stdout.flush();
    }
}
