package dev.descent.cli;

import dev.descent.web.WebServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent serve}: the web page — playground, descent lab, graph view, runs — served from this machine until
 * Ctrl-C. Everything is computed in Java by the same core as the other commands; the page only draws.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the web page: playground, descent lab, graph view and the runs under --runs.",
        footer = {"", "Examples:", "  descent serve                 (then open http://127.0.0.1:8080/)",
            "  descent serve --port 0 --open (a free port, opened in the browser)",
            "", "Only this machine can reach it unless --host says otherwise; stop it with Ctrl-C."})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens it to "
                    + "the network).")
    String host;

    @Option(names = "--runs", defaultValue = "runs", paramLabel = "DIR",
            description = "Directory of training runs to list and show (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--open", description = "Open the page in the default browser.")
    boolean open;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, was " + port);
        }
        if (host.isBlank()) {
            throw new UsageException("--host must name an address, e.g. 127.0.0.1");
        }
        WebServer server;
        try {
            server = WebServer.start(new WebServer.Settings(host.strip(), port, runs),
                    List.of(new dev.descent.cli.web.LessonsFeature()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(bindProblem(e), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("serving on " + server.url());
        out.println("(Ctrl-C stops it)");
        out.flush();
        if (open) {
            openBrowser(server.url(), spec.commandLine().getErr());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "descent-serve-stop"));
        stopped.await();
        return 0;
    }

    private String bindProblem(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "--port " + port + " on " + host + ": cannot listen there (" + t.getMessage()
                        + "); choose another port, or --port 0 for a free one";
            }
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "--host " + host + ": not an address of this machine";
            }
        }
        return "cannot start the server on " + host + ":" + port + ": " + Main.message(e);
    }

    private static void openBrowser(String url, PrintWriter err) {
        try {
            new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            try {
                if (java.awt.Desktop.isDesktopSupported()) {
                    java.awt.Desktop.getDesktop().browse(URI.create(url));
                    return;
                }
            } catch (Exception ignored) {
                // fall through to the note
            }
            err.println("descent: could not open a browser; open " + url + " yourself");
            err.flush();
        }
    }
}
