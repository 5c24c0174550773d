package dev.descent.web;

import dev.descent.text.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code descent report}: the dashboard's view of a run as one HTML file that opens from disk with no server and no
 * network. Everything is inlined: the run's numbers (a {@link RunView}), the words of its language, the page's CSS,
 * the drawing code the served page runs ({@code runview.js} with {@code descent.js}'s helpers), and uPlot, read from
 * its WebJar on the classpath.
 */
public final class Report {
    private static final String STATIC = "/dev/descent/web/static/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    /** {@code export } at the start of a line: the modules are inlined into one script, where nothing is exported. */
    private static final Pattern EXPORT = Pattern.compile("(?m)^export ");

    private Report() {
    }

    /** The report's HTML for {@code view}, in the language of {@code messages}. */
    public static String html(Map<String, Object> view, Messages messages) {
        String lang = messages.chineseText() ? "zh" : "en";
        Map<String, String> words = new TreeMap<>();
        messages.patterns().forEach((key, pattern) -> {
            if (key.startsWith("web.") || key.startsWith("table.")) {
                words.put(key, pattern);
            }
        });
        String name = String.valueOf(view.get("name"));
        String script = EXPORT.matcher(resource(STATIC + "js/descent.js")).replaceAll("") + "\n"
                + EXPORT.matcher(resource(STATIC + "js/runview.js")).replaceAll("") + "\n"
                + "words = " + json(Map.of("w", words)) + ".w;\n"
                + "lang = '" + lang + "';\n"
                + "document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';\n"
                + "translatePage();\n"
                + "document.getElementById('report-note').textContent = t('web.runs.report', "
                + json(Map.of("n", name)) + ".n);\n"
                + "drawRun(document.getElementById('run'), " + json(view) + ", { t, g, uPlot: window.uPlot });\n";
        return "<!doctype html>\n<html lang=\"" + (lang.equals("zh") ? "zh-CN" : "en") + "\">\n<head>\n"
                + "<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>Descent — " + escapeHtml(name) + "</title>\n"
                + "<style>\n" + inline(resource(STATIC + "css/descent.css")) + "\n"
                + inline(resource(UPLOT + "uPlot.min.css")) + "\n" + inline(resource(STATIC + "css/runs.css"))
                + "\n</style>\n"
                + "<script>\n" + inline(resource(UPLOT + "uPlot.iife.min.js")) + "\n</script>\n"
                + "</head>\n<body>\n<main>\n<p id=\"report-note\" class=\"muted report-note\"></p>\n"
                + "<div id=\"run\"></div>\n</main>\n"
                + "<script type=\"module\">\n" + inline(script) + "\n</script>\n</body>\n</html>\n";
    }

    /** JSON safe inside a script element. */
    private static String json(Map<String, ?> tree) {
        return Api.toJson(tree).replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    /** Text inlined into a style or script element, which must not end it early. */
    private static String inline(String text) {
        return text.replace("</script", "<\\/script").replace("</style", "<\\/style");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String path) {
        try (InputStream in = Report.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path + " (is the uPlot WebJar on the classpath?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
