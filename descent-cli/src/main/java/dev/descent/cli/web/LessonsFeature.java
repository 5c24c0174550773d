package dev.descent.cli.web;

import dev.descent.cli.lesson.Lesson;
import dev.descent.cli.lesson.Lessons;
import dev.descent.cli.lesson.MnistLesson;
import dev.descent.cli.lesson.Query;
import dev.descent.cli.lesson.WhichWeightsMatter;
import dev.descent.text.Messages;
import dev.descent.web.Api;
import dev.descent.web.WebServer;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tutorials' lessons as pages ({@code /lessons}, {@code /lessons/NAME}) and the "which weights matter" view
 * ({@code /weights}), added to {@code descent serve} by the command line, where the lessons live. Every number comes
 * from the same lesson code as {@code descent lesson NAME}; the page only draws.
 */
public final class LessonsFeature implements WebServer.Feature {
    private final DigitModels models = new DigitModels();

    @Override
    public void register(WebServer.Site site) {
        site.get("/lessons", WebServer.page("lessons.html"));
        site.get("/lessons/{name}", WebServer.page("lesson.html"));
        site.get("/weights", WebServer.page("weights.html"));
        site.get("/api/lessons", ctx -> Api.json(ctx, list(messages(ctx))));
        site.get("/api/lessons/{name}", ctx -> Api.json(ctx, lesson(ctx.pathParam("name"), query(ctx),
                messages(ctx))));
        site.sse("/api/lessons/mnist/train", models::stream);
        site.get("/api/weights", ctx -> Api.json(ctx, models.weights(ctx)));
    }

    /** The lessons grouped by the tutorial they come from (the first of their tutorials), with their summaries. */
    static Map<String, Object> list(Messages m) {
        Map<Integer, List<Object>> groups = new java.util.TreeMap<>();
        for (Lesson l : Lessons.all()) {
            int tutorial = Integer.parseInt(l.seeds().split("/")[0]);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", l.name());
            row.put("tutorials", tutorials(l));
            row.put("summary", l.summary(m.chineseText()));
            groups.computeIfAbsent(tutorial, k -> new ArrayList<>()).add(row);
        }
        List<Object> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Object>> g : groups.entrySet()) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("tutorial", g.getKey());
            group.put("title", m.get("web.lessons.tutorial." + g.getKey()));
            group.put("lessons", g.getValue());
            out.add(group);
        }
        return Map.of("tutorials", out);
    }

    /** One lesson's page: its name, summary, inputs, steps, numbers and the address of the same setup elsewhere. */
    static Map<String, Object> lesson(String name, Query query, Messages m) {
        Lesson lesson = Lessons.find(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", lesson.name());
        out.put("tutorials", tutorials(lesson));
        out.put("summary", lesson.summary(m.chineseText()));
        out.putAll(lesson.page(query, m).tree());
        return out;
    }

    /** "0/2" for seeds "000/002", as the command's header names them. */
    private static String tutorials(Lesson l) {
        return l.seeds().replaceAll("\\b0+(\\d)", "$1");
    }

    static Query query(Context ctx) {
        return (name, fallback) -> Api.param(ctx, name, fallback);
    }

    static Messages messages(Context ctx) {
        String lang = Api.param(ctx, "lang", "en");
        if (!lang.equals("en") && !lang.equals("zh")) {
            throw new IllegalArgumentException("lang must be en or zh, was '" + lang + "'");
        }
        return Messages.of(Locale.forLanguageTag(lang));
    }

    /** The mnist lesson's live runs, kept by (seed, steps) so the weights view asks the model that was trained. */
    static final class DigitModels {
        /** Runs kept; a run is small (13,002 parameters) and the same (seed, steps) always trains the same model. */
        private static final int KEPT = 4;
        private final Map<String, MnistLesson.Trained> trained = new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MnistLesson.Trained> eldest) {
                return size() > KEPT;
            }
        };
        /** One training at a time on this server: a second waits for the first. */
        private final Object training = new Object();

        /** Trains (or finds) the run and streams its steps, then the trained first layer, over Server-Sent Events. */
        void stream(io.javalin.http.sse.SseClient client) {
            Context ctx = client.ctx();
            try {
                int steps = Api.integer(ctx, "steps", 300, 1, MnistLesson.MAX_LIVE_STEPS);
                long seed = Api.integer(ctx, "seed", 42, 0, Integer.MAX_VALUE);
                MnistLesson.Trained run = train(seed, steps, new dev.descent.train.Callback() {
                    @Override
                    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                        if (client.terminated()) {
                            throw new Abandoned();
                        }
                        if (step % 10 == 0 || step == stepsPerEpoch) {
                            client.sendEvent("step", Api.toJson(Map.of("step", step, "steps", stepsPerEpoch,
                                    "loss", loss)));
                        }
                    }
                });
                client.sendEvent("done", Api.toJson(done(run)));
            } catch (Abandoned e) {
                // the page went away: the run stops, nothing to answer
            } catch (IllegalArgumentException e) {
                client.sendEvent("failed", Api.toJson(Map.of("error", e.getMessage())));
            }
            client.close();
        }

        MnistLesson.Trained train(long seed, int steps, dev.descent.train.Callback progress) {
            String key = seed + "/" + steps;
            synchronized (training) {
                MnistLesson.Trained run;
                synchronized (trained) {
                    run = trained.get(key);
                }
                if (run == null) {
                    run = MnistLesson.train(seed, steps, progress);
                    synchronized (trained) {
                        trained.put(key, run);
                    }
                } else {
                    double[] losses = run.history().stepLosses();
                    progress.onStep(1, losses.length, losses.length, losses[losses.length - 1]);
                }
                return run;
            }
        }

        static Map<String, Object> done(MnistLesson.Trained run) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("steps", run.history().stepLosses().length);
            out.put("losses", run.history().stepLosses());
            out.put("testAccuracy", run.testAccuracy());
            out.put("testLoss", run.testLoss());
            out.put("parameters", run.model().parameterCount());
            // the first layer's weights, stored [784, 16]: neuron j's 28×28 image is column j
            double[] w = run.model().parameters().get(0).value().toDoubleArray();
            int neurons = w.length / 784;
            List<Object> images = new ArrayList<>();
            for (int j = 0; j < neurons; j++) {
                double[] image = new double[784];
                for (int i = 0; i < 784; i++) {
                    image[i] = w[i * neurons + j];
                }
                images.add(image);
            }
            out.put("firstLayer", images);
            return out;
        }

        /** {@code GET /api/weights?seed=42&steps=300&pixels=HEX&digit=D&top=20}: the nudges for a drawn digit. */
        Map<String, Object> weights(Context ctx) {
            int steps = Api.integer(ctx, "steps", 300, 1, MnistLesson.MAX_LIVE_STEPS);
            long seed = Api.integer(ctx, "seed", 42, 0, Integer.MAX_VALUE);
            int digit = Api.integer(ctx, "digit", -1, -1, 9);
            int top = Api.integer(ctx, "top", 20, 1, WhichWeightsMatter.MAX_TOP);
            float[] pixels = pixels(Api.param(ctx, "pixels", ""));
            MnistLesson.Trained run = train(seed, steps, new dev.descent.train.Callback() { });
            WhichWeightsMatter.Result r = WhichWeightsMatter.of(run.model(), pixels, digit, top);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("probabilities", r.probabilities());
            out.put("predicted", r.predicted());
            out.put("digit", r.target());
            out.put("cost", r.cost());
            out.put("testAccuracy", run.testAccuracy());
            out.put("maps", List.of(r.firstLayer()));
            List<Object> ranked = new ArrayList<>();
            for (WhichWeightsMatter.Weight w : r.ranked()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("parameter", w.parameter());
                row.put("row", w.row());
                row.put("column", w.column());
                row.put("value", w.value());
                row.put("nudge", w.nudge());
                ranked.add(row);
            }
            out.put("ranked", ranked);
            return out;
        }

        /** 784 hexadecimal digits, one per pixel row by row, 0 (white) to f (full ink). */
        static float[] pixels(String hex) {
            if (hex.length() != 784) {
                throw new IllegalArgumentException("pixels must be 784 hexadecimal digits (28×28), was "
                        + hex.length() + " characters");
            }
            float[] out = new float[784];
            for (int i = 0; i < 784; i++) {
                int v = Character.digit(hex.charAt(i), 16);
                if (v < 0) {
                    throw new IllegalArgumentException("pixels must be hexadecimal digits 0-f, character " + i
                            + " was '" + hex.charAt(i) + "'");
                }
                out[i] = v / 15f;
            }
            return out;
        }
    }

    /** Thrown from a training step when the page that asked for it has gone. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the page went away", null, false, false);
        }
    }
}
