package dev.descent.web;

import dev.descent.nn.Filters;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.text.Messages;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.LayerStats;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run {@code descent train --serve} is training, as the dashboard sees it live: its callbacks record every
 * step's loss and learning rate, every epoch, and (while a page watches) per-layer samples of {@link LayerStats};
 * {@code GET /api/live} names the run and {@code GET /api/live/events?lang=en|zh} streams it as Server-Sent Events,
 * a whole {@link RunView} ("run") whenever it changed, at most {@value #UPDATES_PER_SECOND} times a second, and the
 * finished run last ("end"). The callbacks only read the model, so training takes the same numbers with or without.
 */
public final class LiveRun implements WebServer.Feature {
    /** How often a watching page is sent the run at most. */
    static final int UPDATES_PER_SECOND = 3;
    /** Layer samples kept; beyond, every other one is dropped (the curve keeps its shape, the memory its bound). */
    static final int MAX_LAYER_SAMPLES = 2000;

    private final String name;
    private final Map<String, String> info;
    private final double chanceLoss;
    private final Optimizer optimizer;
    private final LayerStats layerStats;
    private final Module model;
    private final AtomicInteger watchers = new AtomicInteger();
    /** Steps taken before this process started (a resumed run): layer samples count from there. */
    private final int startSteps;

    // written by the training thread, read by the pages' threads: all under this object's lock
    private double[] stepLoss;
    private double[] stepRate;
    private double[] stepNorm;
    private int steps;
    private List<EpochResult> epochs;
    private final List<LayerStats.Sample> samples = new ArrayList<>();
    private History finished;
    private long version;
    /** The first convolution's weights as of the last epoch (or the start), null for a perceptron. */
    private Filters filters;

    private LiveRun(String name, Map<String, String> info, double chanceLoss, Module model, Optimizer optimizer,
                    int sampleEvery, History start) {
        this.name = name;
        this.info = Map.copyOf(info);
        this.chanceLoss = chanceLoss;
        this.optimizer = optimizer;
        this.layerStats = LayerStats.of(model, sampleEvery, () -> watchers.get() > 0, this::addSample);
        this.model = model;
        this.filters = Filters.firstConvolution(model).orElse(null);
        this.stepLoss = start.stepLosses();
        this.stepRate = start.stepLearningRates();
        this.stepNorm = start.stepGradientNorms();
        this.steps = stepLoss.length;
        this.startSteps = steps;
        this.epochs = start.epochs();
    }

    /**
     * The live view of run {@code name} (its directory's name) trained with {@code info}'s settings, continuing
     * {@code start} (empty for a new run); per-layer samples every {@code sampleEvery} steps while watched.
     */
    public static LiveRun of(String name, Map<String, String> info, double chanceLoss, Module model,
                             Optimizer optimizer, int sampleEvery, History start) {
        return new LiveRun(name, info, chanceLoss, model, optimizer, Math.max(2, sampleEvery), start);
    }

    /** The callbacks to add to the trainer. */
    public List<Callback> callbacks() {
        return List.of(new Recorder(), layerStats);
    }

    /** Whether a page is watching now. */
    public boolean watched() {
        return watchers.get() > 0;
    }

    /** Training ended with {@code history}: pages are sent the finished run and stop listening. */
    public synchronized void finish(History history) {
        finished = history;
        version++;
        notifyAll();
    }

    /** Waits up to {@code timeout} for the watching pages to receive the finished run (before the server stops). */
    public void awaitDelivered(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (watchers.get() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Override
    public void register(WebServer.Site site) {
        site.get("/api/live", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            synchronized (this) {
                out.put("running", finished == null);
            }
            Api.json(ctx, out);
        });
        site.sse("/api/live/events", this::stream);
    }

    private void stream(SseClient client) {
        Messages messages = RunsApi.messages(client.ctx());
        watchers.incrementAndGet();
        try {
            long sent = -1;
            while (!client.terminated()) {
                long seen;
                boolean done;
                synchronized (this) {
                    if (version == sent) {
                        wait(1000 / UPDATES_PER_SECOND);
                    }
                    seen = version;
                    done = finished != null;
                }
                if (seen != sent) {
                    client.sendEvent(done ? "end" : "run", Api.toJson(view(messages)));
                    sent = seen;
                    if (done) {
                        return;
                    }
                    Thread.sleep(1000 / UPDATES_PER_SECOND);
                } else {
                    client.sendComment("waiting"); // finds a page that went away
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchers.decrementAndGet();
        }
    }

    /** The run as the page shows it now: a {@link RunView} of the history so far, with the layer samples. */
    Map<String, Object> view(Messages messages) {
        History history;
        List<LayerStats.Sample> layerSamples;
        RunView.Status status;
        Filters firstLayer;
        synchronized (this) {
            firstLayer = filters;
            status = finished != null ? RunView.Status.FINISHED : RunView.Status.RUNNING;
            history = finished != null ? finished : History.restore(Arrays.copyOf(stepLoss, steps),
                    Arrays.copyOf(stepRate, steps), Arrays.copyOf(stepNorm, steps), epochs);
            layerSamples = List.copyOf(samples);
        }
        Map<String, Object> view = RunView.of(name, status, info, history, chanceLoss, messages);
        view.put("layers", layers(layerSamples));
        view.put("filters", RunView.filters(firstLayer));
        return view;
    }

    private Map<String, Object> layers(List<LayerStats.Sample> list) {
        int layers = layerStats.layers().size();
        double[] step = new double[list.size()];
        double[][] gradient = new double[layers][list.size()];
        double[][] ratio = new double[layers][list.size()];
        for (int i = 0; i < list.size(); i++) {
            LayerStats.Sample s = list.get(i);
            step[i] = startSteps + s.step();
            for (int l = 0; l < layers; l++) {
                gradient[l][i] = s.gradientNorms()[l];
                ratio[l][i] = s.updateRatios()[l];
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("names", layerStats.layers());
        out.put("step", step);
        out.put("gradientNorm", Arrays.asList((Object[]) gradient));
        out.put("updateRatio", Arrays.asList((Object[]) ratio));
        return out;
    }

    private synchronized void addSample(LayerStats.Sample sample) {
        if (samples.size() == MAX_LAYER_SAMPLES) {
            for (int i = samples.size() - 1; i > 0; i -= 2) {
                samples.remove(i);
            }
        }
        samples.add(sample);
        version++;
    }

    /** Records each step (loss, learning rate; the gradient norm comes with the epoch) and each epoch. */
    private final class Recorder implements Callback {
        @Override
        public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
            double rate = optimizer.learningRate();
            synchronized (LiveRun.this) {
                if (steps == stepLoss.length) {
                    int grown = Math.max(1024, steps * 2);
                    stepLoss = Arrays.copyOf(stepLoss, grown);
                    stepRate = Arrays.copyOf(stepRate, grown);
                    stepNorm = Arrays.copyOf(stepNorm, grown);
                }
                stepLoss[steps] = loss;
                stepRate[steps] = rate;
                stepNorm[steps] = Double.NaN;
                steps++;
                version++;
            }
        }

        @Override
        public void onEpoch(EpochResult result, History history) {
            // the history is the record: its step gradient norms fill the epoch's steps
            double[] loss = history.stepLosses();
            double[] rate = history.stepLearningRates();
            double[] norm = history.stepGradientNorms();
            List<EpochResult> all = history.epochs();
            // copied here, on the training thread between steps, so the page never sees weights half-updated
            Filters now = Filters.firstConvolution(model).orElse(null);
            synchronized (LiveRun.this) {
                filters = now;
                stepLoss = loss;
                stepRate = rate;
                stepNorm = norm;
                steps = loss.length;
                epochs = all;
                version++;
            }
        }
    }
}
