package dev.descent.web;

import dev.descent.text.Messages;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/messages?lang=en|zh}: every sentence pattern of the core's message bundles, so the page shows the
 * same words as the command line in either language.
 */
final class MessagesApi implements WebServer.Feature {
    @Override
    public void register(WebServer.Site site) {
        site.get("/api/messages", ctx -> {
            String lang = Api.param(ctx, "lang", "en");
            if (!lang.equals("en") && !lang.equals("zh")) {
                throw new IllegalArgumentException("lang must be en or zh, was '" + lang + "'");
            }
            Messages m = Messages.of(Locale.forLanguageTag(lang));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("lang", lang);
            out.put("messages", m.patterns());
            ctx.header("Cache-Control", "max-age=60");
            ctx.contentType("application/json; charset=utf-8");
            ctx.result(Api.toJson(out));
        });
    }
}
