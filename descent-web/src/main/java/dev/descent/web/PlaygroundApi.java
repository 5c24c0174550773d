package dev.descent.web;

import dev.descent.io.Json;
import dev.descent.optim.OptimizerKind;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The playground's training sessions, one per browser page. The page asks for a session ({@code POST
 * /api/playground/session} with its setup; the server makes the id), opens its event stream ({@code GET
 * /api/playground/ID/events}) and then plays, pauses, steps, resets, edits weights and uploads points with POSTs. While
 * it plays, one job per session trains on a server thread and sends the state over the stream at most every
 * {@link Limits#updateInterval()}; the job stops when the stream closes (the page went away), after
 * {@link Limits#maxSteps()} steps, when the loss diverges, and when nobody touched the page for
 * {@link Limits#idleTimeout()}. Sessions idle that long without a stream are forgotten.
 */
final class PlaygroundApi implements WebServer.Feature {
    /** Most steps one press of "step" may ask for. */
    static final int MAX_STEP_COUNT = 1000;
    /** Largest uploaded CSV text, in characters. */
    static final int MAX_UPLOAD_CHARS = 512 * 1024;

    /** The bounds of the sessions: how many, how long a job trains, how often it reports, when a page counts as gone. */
    record Limits(int maxSessions, long maxSteps, Duration updateInterval, Duration idleTimeout) {
        static Limits defaults() {
            return new Limits(32, 1_000_000, Duration.ofMillis(80), Duration.ofMinutes(15));
        }
    }

    /** Where a job sends the state: the page's SSE stream (a test may pass its own). */
    interface Stream {
        boolean open();

        void send(String event, String data);
    }

    /** A session and the page's side of it: its stream, whether it plays, when the page last asked for anything. */
    static final class Page {
        final PlaygroundSession session;
        volatile Stream stream;
        volatile boolean running;
        volatile long touched = System.currentTimeMillis();
        private Future<?> job;
        /** Whether a job is in its training loop (guarded by the page's lock). */
        private boolean looping;

        Page(PlaygroundSession session) {
            this.session = session;
        }

        boolean streamOpen() {
            Stream s = stream;
            return s != null && s.open();
        }
    }

    private final Limits limits;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService jobs = Executors.newCachedThreadPool(daemon("descent-playground-job"));
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            daemon("descent-playground-reaper"));

    PlaygroundApi() {
        this(Limits.defaults());
    }

    PlaygroundApi(Limits limits) {
        this.limits = limits;
        reaper.scheduleWithFixedDelay(() -> reap(System.currentTimeMillis()), 30, 30, TimeUnit.SECONDS);
    }

    @Override
    public void register(WebServer.Site site) {
        site.get("/api/playground/choices", ctx -> Api.json(ctx, choices()));
        site.post("/api/playground/session", ctx -> {
            Page page = create(PlaygroundSetup.parse(body(ctx)));
            Api.json(ctx, page.session.snapshot(0, -1, true));
        });
        site.post("/api/playground/{id}/reset", ctx -> withPage(ctx, page -> {
            stop(page);
            page.session.reset(PlaygroundSetup.parse(body(ctx)));
            answer(ctx, page, true);
        }));
        site.post("/api/playground/{id}/play", ctx -> withPage(ctx, page -> {
            play(page);
            answer(ctx, page, false);
        }));
        site.post("/api/playground/{id}/pause", ctx -> withPage(ctx, page -> {
            stop(page);
            answer(ctx, page, false);
        }));
        site.post("/api/playground/{id}/step", ctx -> withPage(ctx, page -> {
            Map<String, Object> body = body(ctx);
            int count = wholeNumber(body, "count", 1, 1, MAX_STEP_COUNT);
            stop(page);
            long left = limits.maxSteps() - page.session.step();
            if (left <= 0) {
                throw new IllegalArgumentException("steps: this page has taken the most steps one session may take ("
                        + limits.maxSteps() + "); reset to start again");
            }
            page.session.train((int) Math.min(count, left));
            answer(ctx, page, false);
        }));
        site.post("/api/playground/{id}/weight", ctx -> withPage(ctx, page -> {
            Map<String, Object> body = body(ctx);
            page.session.setWeight(wholeNumber(body, "layer", -1, 0, PlaygroundSetup.MAX_LAYERS),
                    wholeNumber(body, "from", -1, 0, PlaygroundSetup.MAX_NEURONS - 1),
                    wholeNumber(body, "to", -1, 0, PlaygroundSetup.MAX_NEURONS - 1), number(body, "value"));
            answer(ctx, page, false);
        }));
        site.post("/api/playground/{id}/upload", ctx -> withPage(ctx, page -> {
            Map<String, Object> body = body(ctx);
            Object csv = body.get("csv");
            if (!(csv instanceof String text)) {
                throw new IllegalArgumentException("upload: csv must be the text of the file");
            }
            if (text.length() > MAX_UPLOAD_CHARS) {
                throw new IllegalArgumentException("upload is " + text.length() + " characters, more than the "
                        + MAX_UPLOAD_CHARS + " accepted");
            }
            Object setup = body.get("setup");
            @SuppressWarnings("unchecked")
            Map<String, Object> values = setup instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            stop(page);
            page.session.upload(PlaygroundData.parseCsv(text), PlaygroundSetup.parse(values));
            answer(ctx, page, true);
        }));
        site.get("/api/playground/{id}/state", ctx -> withPage(ctx, page -> answer(ctx, page,
                Boolean.parseBoolean(Api.param(ctx, "points", "false")))));
        site.get("/api/playground/{id}/model.safetensors", ctx -> withPage(ctx, page -> {
            ctx.contentType("application/octet-stream");
            ctx.header("Content-Disposition", "attachment; filename=\"playground.safetensors\"");
            WebServer.noStore(ctx);
            ctx.result(page.session.safetensors());
        }));
        site.get("/api/playground/{id}/history.csv", ctx -> withPage(ctx, page -> {
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"playground-history.csv\"");
            WebServer.noStore(ctx);
            ctx.result(page.session.historyCsv().getBytes(StandardCharsets.UTF_8));
        }));
        site.sse("/api/playground/{id}/events", client -> {
            Page page = pages.get(client.ctx().pathParam("id"));
            if (page == null) {
                client.sendEvent("gone", Api.toJson(Map.of("error", gone(client.ctx().pathParam("id")))));
                client.close();
                return;
            }
            client.keepAlive();
            page.touched = System.currentTimeMillis();
            Stream stream = sseStream(client);
            client.onClose(() -> closed(page, stream));
            page.stream = stream;
            stream.send("ready", Api.toJson(Map.of("step", page.session.step())));
        });
    }

    /** What the page offers, from the core's registries, with each optimizer's usual learning rate and the bounds. */
    static Map<String, Object> choices() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", PlaygroundSetup.DATA_SETS);
        out.put("activations", PlaygroundSetup.activations());
        out.put("losses", PlaygroundSetup.losses());
        java.util.List<Object> optimizers = new java.util.ArrayList<>();
        for (OptimizerKind k : OptimizerKind.values()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("label", k.label());
            o.put("name", k.displayName());
            o.put("learningRate", k.defaultLearningRate());
            o.put("fullBatch", k.fullBatch());
            optimizers.add(o);
        }
        out.put("optimizers", optimizers);
        out.put("defaults", PlaygroundSetup.defaults().toMap());
        out.put("maxLayers", PlaygroundSetup.MAX_LAYERS);
        out.put("maxNeurons", PlaygroundSetup.MAX_NEURONS);
        out.put("maxPoints", PlaygroundSetup.MAX_POINTS);
        out.put("maxClasses", PlaygroundSetup.MAX_CLASSES);
        out.put("maxStepCount", MAX_STEP_COUNT);
        return out;
    }

    /** A new session for {@code setup}, forgetting the least recently touched one when there are too many. */
    Page create(PlaygroundSetup setup) {
        PlaygroundSession session = new PlaygroundSession(HexFormat.of().formatHex(randomBytes()), setup);
        while (pages.size() >= limits.maxSessions()) {
            pages.values().stream().min((a, b) -> Long.compare(a.touched, b.touched)).ifPresent(oldest -> {
                oldest.running = false;
                pages.remove(oldest.session.id);
            });
        }
        Page page = new Page(session);
        pages.put(session.id, page);
        return page;
    }

    Page page(String id) {
        return pages.get(id);
    }

    int sessionCount() {
        return pages.size();
    }

    /** Starts the page's training job, unless one runs already; the page must have its event stream open. */
    void play(Page page) {
        if (!page.streamOpen()) {
            throw new IllegalArgumentException("play: this page has no open event stream; reload the page");
        }
        if (page.session.step() >= limits.maxSteps()) {
            throw new IllegalArgumentException("steps: this page has taken the most steps one session may take ("
                    + limits.maxSteps() + "); reset to start again");
        }
        synchronized (page) {
            page.running = true;
            if (!page.looping) {
                page.looping = true;
                page.job = jobs.submit(() -> run(page));
            }
        }
    }

    /**
     * Stops the page's job and waits for it to end, so that what the answer shows is the last step taken: the job
     * sends its last state before it ends.
     */
    static void stop(Page page) {
        Future<?> job;
        synchronized (page) {
            page.running = false;
            job = page.job;
        }
        if (job != null) {
            try {
                job.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // a job that failed or hangs is not this request's business: the state is still the session's
            }
        }
    }

    /** The job: trains in slices of a few tens of milliseconds and sends the state at the update interval. */
    void run(Page page) {
        PlaygroundSession session = page.session;
        long interval = limits.updateInterval().toNanos();
        long lastSent = System.nanoTime();
        int[] cursor = {0, -1}; // history rows and version the stream has
        while (true) {
            synchronized (page) {
                if (!page.running || !page.streamOpen()) {
                    page.looping = false;
                    break;
                }
            }
            long sliceEnd = System.nanoTime() + Math.max(interval / 2, 1);
            do {
                if (session.step() >= limits.maxSteps() || session.train(1) == 0) {
                    page.running = false; // the step bound, or the loss diverged
                }
            } while (page.running && System.nanoTime() < sliceEnd);
            if (System.currentTimeMillis() - page.touched > limits.idleTimeout().toMillis()) {
                page.running = false;
            }
            if (!page.running || System.nanoTime() - lastSent >= interval) {
                send(page, cursor);
                lastSent = System.nanoTime();
            }
            // leave the lock and a little time to the page's requests and to other work on a shared machine
            Thread.yield();
        }
    }

    private static void send(Page page, int[] cursor) {
        Stream stream = page.stream;
        if (stream == null) {
            return;
        }
        Map<String, Object> state = page.session.snapshot(cursor[0], cursor[1], false);
        state.put("running", page.running);
        cursor[0] = (int) state.get("historyFrom") + ((java.util.List<?>) state.get("history")).size();
        cursor[1] = (int) state.get("historyVersion");
        stream.send("state", Api.toJson(state));
    }

    /** Forgets pages untouched for the idle timeout that have no open stream, and stops jobs nobody watches. */
    void reap(long now) {
        for (Page page : pages.values()) {
            boolean idle = now - page.touched > limits.idleTimeout().toMillis();
            Stream stream = page.stream;
            if (stream != null && stream.open() && !page.running) {
                stream.send("ping", "{}"); // a closed page shows up as a failed write
            }
            if (idle) {
                page.running = false;
                if (!page.streamOpen()) {
                    pages.remove(page.session.id);
                }
            }
        }
    }

    private static void closed(Page page, Stream stream) {
        if (page.stream == stream) {
            page.running = false;
            page.stream = null;
        }
    }

    private static Stream sseStream(SseClient client) {
        return new Stream() {
            @Override
            public boolean open() {
                return !client.terminated();
            }

            @Override
            public void send(String event, String data) {
                client.sendEvent(event, data);
            }
        };
    }

    private interface PageAction {
        void apply(Page page) throws Exception;
    }

    private void withPage(Context ctx, PageAction action) throws Exception {
        String id = ctx.pathParam("id");
        Page page = pages.get(id);
        if (page == null) {
            Api.error(ctx, 404, gone(id));
            return;
        }
        page.touched = System.currentTimeMillis();
        action.apply(page);
    }

    private static String gone(String id) {
        return "no playground session '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
                + "' (sessions end when their page has been idle a while); reload the page";
    }

    private void answer(Context ctx, Page page, boolean points) {
        Map<String, Object> body = ctx.method().name().equals("GET") ? Map.of() : bodyOrEmpty(ctx);
        Map<String, Object> state = page.session.snapshot(wholeNumber(body, "historyFrom", 0, 0, Integer.MAX_VALUE),
                wholeNumber(body, "historyVersion", -1, -1, Integer.MAX_VALUE), points);
        state.put("running", page.running);
        Api.json(ctx, state);
    }

    private static Map<String, Object> bodyOrEmpty(Context ctx) {
        try {
            return body(ctx);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    /** The request's JSON object ({} when empty), with one line when it is not JSON. */
    static Map<String, Object> body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return Json.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the request body must be a JSON object: " + e.getMessage());
        }
    }

    private static int wholeNumber(Map<String, Object> body, String name, int fallback, int min, int max) {
        Object v = body.get(name);
        if (v == null) {
            if (fallback < min) {
                throw new IllegalArgumentException(name + " is missing");
            }
            return fallback;
        }
        double x;
        try {
            x = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'");
        }
        if (x != Math.rint(x) || x < min || x > max) {
            throw new IllegalArgumentException(name + " must be a whole number between " + min + " and " + max
                    + ", was " + v);
        }
        return (int) x;
    }

    private static double number(Map<String, Object> body, String name) {
        Object v = body.get(name);
        try {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v != null) {
                return Double.parseDouble(String.valueOf(v).strip());
            }
        } catch (NumberFormatException e) {
            // the message below names it
        }
        throw new IllegalArgumentException(name + " must be a number, was " + (v == null ? "missing" : "'" + v + "'"));
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
