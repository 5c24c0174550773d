package dev.descent.cli.lesson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One of the tutorials' worked examples, recomputed by the engine: it returns a {@link Report} of its numbers and
 * writes its figures into {@link Settings#out()}.
 */
public interface Lesson {
    /** The name typed after {@code descent lesson}. */
    String name();

    /** The seed tutorials it reproduces, e.g. {@code 002} or {@code 000/002}. */
    String seeds();

    /** One line saying what the lesson shows. */
    String summary(boolean chinese);

    /** Computes the lesson's numbers and writes its figures. */
    Ran run(Settings settings) throws IOException;

    /**
     * The lesson for the web page, with what the reader changed in {@code query} (defaults: what the tutorial fixed,
     * the command's numbers), its words in {@code messages}' language.
     */
    Page page(Query query, dev.descent.text.Messages messages);

    /**
     * How to run a lesson: where figures go, the language, the seed for random starts and data, an optional target
     * (chain-rule, nonlinear), an optional data directory (mnist).
     */
    record Settings(Path out, boolean chinese, long seed, Double target, String data) {
        public Settings {
            if (out == null) {
                throw new IllegalArgumentException("output directory must be given");
            }
        }

        /** Chinese figure text only when a font can draw it; otherwise figures stay in English (no empty boxes). */
        public boolean figuresInChinese() {
            return chinese && Text.canDrawChinese();
        }
    }

    /** A lesson's numbers: printable as text in either language and as one JSON object. */
    interface Report {
        String text(boolean chinese);

        Map<String, Object> json();
    }

    /** What a run produced: the report and the figures written. */
    record Ran(Report report, List<Path> figures) {
        public Ran {
            figures = List.copyOf(figures);
        }
    }
}
