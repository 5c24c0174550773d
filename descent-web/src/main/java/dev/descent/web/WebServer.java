package dev.descent.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The server behind {@code descent serve}: static pages that only draw, and a JSON API that computes everything
 * through the core (the same registries, {@code Expression}, optimizers and {@code Trainer} as the command line), so
 * the page and the command cannot disagree. Binds to loopback unless told otherwise, and guards every request with
 * {@link RequestGuard}.
 */
public final class WebServer implements AutoCloseable {
    /** Largest request body accepted (an uploaded CSV of 2-D points fits many times over). */
    public static final long MAX_REQUEST_BYTES = 2L << 20;

    /** Where and what to serve: {@code port} 0 picks a free port; {@code runs} is the directory of training runs. */
    public record Settings(String host, int port, Path runs) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(runs, "runs");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
        }

        /** Loopback, a free port, {@code runs/} in the working directory: for tests and programs. */
        public static Settings loopback(int port) {
            return new Settings("127.0.0.1", port, Path.of("runs"));
        }
    }

    /**
     * A piece of the site: its routes, added to the server's configuration. Views register themselves in
     * {@link Views}; the CLI may add more (for example its lessons) when it starts the server.
     */
    public interface Feature {
        void register(Site site);
    }

    /** What a {@link Feature} may add: GET and POST routes, and Server-Sent Event streams, all behind the guard. */
    public interface Site {
        void get(String path, io.javalin.http.Handler handler);

        void post(String path, io.javalin.http.Handler handler);

        void sse(String path, Consumer<io.javalin.http.sse.SseClient> client);

        /** The settings the server was started with. */
        Settings settings();
    }

    private final Javalin app;
    private final Settings settings;

    private WebServer(Javalin app, Settings settings) {
        this.app = app;
        this.settings = settings;
    }

    /** Starts a server with the built-in views and any {@code extra} features; returns once it listens. */
    public static WebServer start(Settings settings, List<Feature> extra) {
        RequestGuard guard = new RequestGuard(settings.host());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/dev/descent/web/static";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.routes.before(guard::check);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> Api.error(ctx, 400, e.getMessage()));
            config.routes.exception(dev.descent.expr.ExpressionException.class,
                    (e, ctx) -> Api.error(ctx, 400, e.getMessage()));
            Site site = new Site() {
                @Override
                public void get(String path, io.javalin.http.Handler handler) {
                    config.routes.get(path, handler);
                }

                @Override
                public void post(String path, io.javalin.http.Handler handler) {
                    config.routes.post(path, handler);
                }

                @Override
                public void sse(String path, Consumer<io.javalin.http.sse.SseClient> client) {
                    config.routes.sse(path, client);
                }

                @Override
                public Settings settings() {
                    return settings;
                }
            };
            for (Feature f : Views.builtIn()) {
                f.register(site);
            }
            for (Feature f : extra) {
                f.register(site);
            }
        });
        app.start(settings.host(), settings.port());
        guard.listeningOn(app.port());
        return new WebServer(app, settings);
    }

    /** The port it listens on (the one picked, when asked for port 0). */
    public int port() {
        return app.port();
    }

    /** The address to open in a browser, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String host = settings.host();
        if (isWildcard(host)) {
            host = "127.0.0.1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }

    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    static boolean isLoopback(String host) {
        try {
            return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Serves one page of the site (a file under the static resources) as HTML. */
    public static io.javalin.http.Handler page(String name) {
        String resource = "/dev/descent/web/static/" + name;
        return ctx -> {
            try (InputStream in = WebServer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing page resource " + resource);
                }
                ctx.contentType("text/html; charset=utf-8");
                ctx.header("Cache-Control", "no-cache");
                ctx.result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }
}
