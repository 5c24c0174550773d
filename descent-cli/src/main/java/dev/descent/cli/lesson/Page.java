package dev.descent.cli.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lesson as the web page shows it: the inputs it ran with (the page's controls and URL), its worked example as
 * steps — each with its numbers formatted as the command prints them, a short explanation, and the tutorial's slip
 * where it has one — its numbers as data (the {@code --json} tree, for the page's figures), and the address of the
 * same setup in the lab, the graph view or the playground.
 */
public record Page(Map<String, Object> inputs, List<Step> steps, Map<String, Object> numbers, String open) {
    public Page {
        inputs = new LinkedHashMap<>(inputs);
        steps = List.copyOf(steps);
        numbers = new LinkedHashMap<>(numbers);
    }

    /** The lab's address for a descent of {@code f} ({@code /lab?f=EXPR&start=x=..&lr=..&steps=..&optimizer=gd}). */
    public static String lab(String f, String start, double learningRate, int steps, String optimizer) {
        return "/lab?f=" + encode(f) + "&start=" + start + "&lr=" + Text.g(learningRate) + "&steps=" + steps
                + "&optimizer=" + optimizer;
    }

    /** The graph view's address for {@code f} at a point ({@code /graph?f=EXPR&at=w=3,b=4}). */
    public static String graph(String f, String at) {
        return "/graph?f=" + encode(f) + "&at=" + at;
    }

    private static String encode(String f) {
        return java.net.URLEncoder.encode(f, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A one-variable function sampled for the page's figure, over the span of the first steps of {@code trace} (the
     * ball rolling down the curve): {@code x}, {@code y} of the curve and {@code steps}, {@code values} of the walk.
     */
    static Map<String, Object> curve(dev.descent.minimize.Trace trace, int shown) {
        int n = Math.min(shown, trace.points().size());
        double[] xs = new double[n];
        double[] ys = new double[n];
        double reach = 0;
        for (int i = 0; i < n; i++) {
            xs[i] = trace.points().get(i).at()[0];
            ys[i] = trace.points().get(i).value();
            reach = Math.max(reach, Math.abs(xs[i]));
        }
        reach = reach > 0 && Double.isFinite(reach) ? reach * 1.1 : 1;
        int samples = 121;
        double[] cx = new double[samples];
        double[] cy = new double[samples];
        for (int i = 0; i < samples; i++) {
            cx[i] = -reach + 2 * reach * i / (samples - 1);
            cy[i] = trace.objective().value(cx[i]);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("x", cx);
        out.put("y", cy);
        out.put("steps", xs);
        out.put("values", ys);
        return out;
    }

    /** The page's data as one JSON-ready tree. */
    public Map<String, Object> tree() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inputs", inputs);
        List<Object> list = new ArrayList<>();
        for (Step s : steps) {
            list.add(s.tree());
        }
        out.put("steps", list);
        out.put("numbers", numbers);
        out.put("open", open);
        return out;
    }

    /**
     * One step of the worked example: a title, what it shows, its numbers (a table and/or printed lines, formatted
     * as the command prints them) and, where the tutorial's text slips at this step, the note saying so.
     */
    public record Step(String id, String title, String explanation, List<String> header, List<List<String>> rows,
                       List<String> lines, String slip) {
        public Step {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            lines = List.copyOf(lines);
        }

        /** A step with words only. */
        public static Step of(String id, String title, String explanation) {
            return new Step(id, title, explanation, List.of(), List.of(), List.of(), null);
        }

        /** The same step with {@code table}'s header and rows. */
        Step table(Text.Table table) {
            List<String[]> all = table.rows();
            List<List<String>> body = new ArrayList<>();
            for (String[] r : all.subList(1, all.size())) {
                body.add(List.of(r));
            }
            return new Step(id, title, explanation, List.of(all.get(0)), body, lines, slip);
        }

        /** The same step with printed lines. */
        Step lines(List<String> printed) {
            List<String> all = new ArrayList<>(lines);
            all.addAll(printed);
            return new Step(id, title, explanation, header, rows, all, slip);
        }

        /** The same step with one more printed line. */
        Step line(String printed) {
            return lines(List.of(printed));
        }

        /** The same step with the tutorial's slip called out. */
        Step slip(String note) {
            return new Step(id, title, explanation, header, rows, lines, note);
        }

        Map<String, Object> tree() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("title", title);
            out.put("explanation", explanation);
            out.put("header", header);
            out.put("rows", rows);
            out.put("lines", lines);
            out.put("slip", slip);
            return out;
        }
    }
}
