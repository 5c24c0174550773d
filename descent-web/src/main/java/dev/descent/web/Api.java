package dev.descent.web;

import dev.descent.io.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON answers of the API, written with the core's JSON writer: camelCase keys, numbers as numbers, and a number
 * that does not exist (NaN, infinite) as {@code null} with {@code <key>Reason} beside it, as {@code --json} does.
 */
public final class Api {
    private Api() {
    }

    /** Answers {@code tree} as JSON, never cached. */
    public static void json(Context ctx, Map<String, ?> tree) {
        ctx.contentType("application/json; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        ctx.result(toJson(tree));
    }

    /** Answers an error as {@code {"error": message}} with {@code status}. */
    public static void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, Map.of("error", message == null ? "error" : message));
    }

    /**
     * The JSON text of {@code tree} on one line: arrays become lists, NaN and infinite numbers {@code null} with
     * {@code <key>Reason} beside them, enums their lower-case names. The CLI's lesson reports use it too.
     */
    public static String toJson(Map<String, ?> tree) {
        @SuppressWarnings("unchecked")
        Map<String, Object> clean = (Map<String, Object>) clean(tree);
        return Json.toJson(clean);
    }

    /** A query parameter, or {@code fallback} when absent or blank. */
    public static String param(Context ctx, String name, String fallback) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A query parameter as a number, with a message naming it when it is not one. */
    public static double number(Context ctx, String name, double fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + v + "'");
        }
    }

    /** A query parameter as an integer within {@code [min, max]}, with a message naming it otherwise. */
    public static int integer(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        int n;
        if (v == null || v.isBlank()) {
            n = fallback;
        } else {
            try {
                n = Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'");
            }
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    private static Object clean(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (v instanceof double[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (double x : a) {
                out.add(Double.isFinite(x) ? x : null);
            }
            return out;
        }
        if (v instanceof float[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (float x : a) {
                out.add(Float.isFinite(x) ? x : null);
            }
            return out;
        }
        if (v instanceof int[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (int x : a) {
                out.add(x);
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, clean(e.getValue()));
                if (e.getValue() instanceof Double d && !Double.isFinite(d)) {
                    out.put(key + "Reason", Double.isNaN(d) ? "notANumber" : "infinite");
                }
            }
            return out;
        }
        if (v instanceof Collection<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                out.add(clean(x));
            }
            return out;
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        return v;
    }
}
