package dev.descent.web;

import dev.descent.text.Messages;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's runs: {@code /runs} lists the runs under {@code --runs}, {@code /runs/NAME} shows one; their numbers
 * come from {@code GET /api/runs} and {@code GET /api/runs/NAME?lang=en|zh} (a {@link RunView} of the run's
 * checkpoint). Names are checked by {@link RunsDirectory}, so no URL reaches a file outside the runs directory.
 */
final class RunsApi implements WebServer.Feature {
    @Override
    public void register(WebServer.Site site) {
        RunsDirectory runs = new RunsDirectory(site.settings().runs());
        site.get("/runs", WebServer.page("runs.html"));
        site.get("/runs/{name}", WebServer.page("run.html"));
        site.get("/api/runs", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("directory", runs.root().toString());
            out.put("runs", runs.list());
            Api.json(ctx, out);
        });
        site.get("/api/runs/{name}", ctx -> {
            try {
                Api.json(ctx, RunView.of(ctx.pathParam("name"), runs.load(ctx.pathParam("name")), messages(ctx)));
            } catch (RunsDirectory.NotFound e) {
                Api.error(ctx, 404, e.getMessage());
            }
        });
    }

    /** The words of {@code ?lang=en|zh} (English when absent). */
    static Messages messages(Context ctx) {
        String lang = Api.param(ctx, "lang", "en");
        if (!lang.equals("en") && !lang.equals("zh")) {
            throw new IllegalArgumentException("lang must be en or zh, was '" + lang + "'");
        }
        return Messages.of(Locale.forLanguageTag(lang));
    }
}
