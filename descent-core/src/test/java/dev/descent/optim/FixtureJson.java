package dev.descent.optim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the PyTorch fixture files (test resources) into maps, lists, doubles, booleans and strings. */
public final class FixtureJson {
    private FixtureJson() {
    }

    /** The parsed resource {@code /fixtures/NAME}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String name) {
        try (InputStream in = FixtureJson.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /fixtures/" + name);
            }
            try (JsonParser p = new JsonFactory().createParser(in)) {
                p.nextToken();
                return (Map<String, Object>) value(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, value(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            default:
                throw new IllegalStateException("unexpected JSON token " + t);
        }
    }

    /** A list of numbers as a double array. */
    public static double[] doubles(Object list) {
        List<?> l = (List<?>) list;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) l.get(i);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Object list) {
        return (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object map) {
        return (Map<String, Object>) map;
    }

    public static double number(Map<String, Object> map, String key) {
        return (Double) map.get(key);
    }
}
