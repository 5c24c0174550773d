package dev.descent.cli;

import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.text.Messages;
import dev.descent.train.Callback;
import dev.descent.train.History;
import dev.descent.web.LiveRun;
import dev.descent.web.WebServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/**
 * {@code descent train --serve}: the live dashboard of the run being trained, served on this machine (a free port
 * unless {@code --serve-port}) with the other runs of its parent directory. The URL goes to stderr, so stdout is the
 * same as without {@code --serve}. When training ends the page shows the finished run and the server stops, unless
 * {@code --keep-serving} keeps it until Ctrl-C.
 */
final class LiveServe {
    /** Per-layer samples per epoch at most (one every ⌈steps/this⌉ steps, at least 2), while a page watches. */
    static final int LAYER_SAMPLES_PER_EPOCH = 50;

    @Option(names = "--serve", description = "Show this run live in the browser while it trains: loss, accuracy, "
            + "learning rate, per-layer gradient norms and update ratios, the diagnosis (the URL is printed on stderr).")
    boolean serve;

    @Option(names = "--serve-port", paramLabel = "N", description = "Port for --serve (default: a free one).")
    Integer port;

    @Option(names = "--keep-serving",
            description = "With --serve: keep serving after training ends, until Ctrl-C (default: stop with training).")
    boolean keepServing;

    /** The live view of a run while it trains, and its server. */
    static final class Session implements AutoCloseable {
        private final LiveRun live;
        private final WebServer server;
        private final String url;

        private Session(LiveRun live, WebServer server, String url) {
            this.live = live;
            this.server = server;
            this.url = url;
        }

        List<Callback> callbacks() {
            return live.callbacks();
        }

        /** Training ended: the pages get the finished run. */
        void finish(History history) {
            live.finish(history);
        }

        /** Keeps serving until Ctrl-C when asked; the page shows the finished run meanwhile. */
        void keepServing(PrintWriter err, Messages m) throws InterruptedException {
            err.println("descent: " + m.get("web.runs.cli.keep_serving", url));
            err.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "descent-serve-stop"));
            stopped.await();
        }

        @Override
        public void close() {
            try {
                live.awaitDelivered(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
        }
    }

    /** Checks the options: --serve-port and --keep-serving need --serve. */
    void check() {
        if (!serve && (port != null || keepServing)) {
            throw new UsageException((port != null ? "--serve-port" : "--keep-serving") + " needs --serve");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageException("--serve-port must be between 0 and 65535, was " + port);
        }
    }

    /**
     * Starts the server for the run in {@code dir} and prints its URL on {@code err}; null without {@code --serve}.
     */
    Session start(Path dir, Map<String, String> info, double chanceLoss, Module model, Optimizer optimizer,
                  int stepsPerEpoch, History history, PrintWriter err, Messages m) {
        if (!serve) {
            return null;
        }
        Path run = dir.toAbsolutePath().normalize();
        String name = run.getFileName().toString();
        LiveRun live = LiveRun.of(name, info, chanceLoss, model, optimizer,
                Math.max(2, (stepsPerEpoch + LAYER_SAMPLES_PER_EPOCH - 1) / LAYER_SAMPLES_PER_EPOCH), history);
        int p = port == null ? 0 : port;
        WebServer server;
        try {
            server = WebServer.start(new WebServer.Settings("127.0.0.1", p, run.getParent()), List.of(live));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--serve-port " + p + ": cannot listen there (" + Main.message(e)
                    + "); choose another port, or leave --serve-port out for a free one", e);
        }
        String url = server.url() + "runs/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        err.println("descent: " + m.get("web.runs.cli.serving", url));
        err.flush();
        return new Session(live, server, url);
    }
}
