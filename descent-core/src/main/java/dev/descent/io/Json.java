package dev.descent.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint metadata as JSON trees of {@code Map<String, ?>} (objects, key order kept), {@code List}/arrays,
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}, over jackson-core's streaming parser.
 *
 * <p>Doubles are written with the shortest decimal that reads back to the same bits, so a round trip is exact;
 * NaN and ±Infinity are written as the bare words {@code NaN}, {@code Infinity}, {@code -Infinity}, as Python's
 * {@code json} module does, so a diverged loss survives. Reading gives objects as {@code LinkedHashMap}, arrays as
 * {@code ArrayList}, integers as {@code Integer}, {@code Long} or {@code BigInteger} (the smallest that holds
 * them) and other numbers as {@code Double}. Documents deeper than {@link #MAX_DEPTH} or longer than
 * {@link #MAX_BYTES}, duplicate keys and trailing content are errors.
 */
public final class Json {
    /** Deepest nesting of objects and arrays accepted, reading or writing. */
    public static final int MAX_DEPTH = 100;
    /** Longest document accepted, in bytes (or chars). */
    public static final long MAX_BYTES = 64L << 20;

    private static final JsonFactory FACTORY = factory(MAX_DEPTH, MAX_BYTES);

    private Json() {
    }

    /** A compact one-line JSON text of {@code tree}. */
    public static String toJson(Map<String, ?> tree) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            writeValue(g, tree, "(root)", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes {@code tree} as indented JSON (UTF-8, final newline) to {@code file}, atomically. */
    public static void write(Path file, Map<String, ?> tree) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, tree); // first, so a bad tree fails before the file is touched
        AtomicFiles.write(file, bytes::writeTo);
    }

    /** Writes {@code tree} as indented JSON (UTF-8, final newline) to {@code out}, which is left open. */
    public static void write(OutputStream out, Map<String, ?> tree) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeValue(g, tree, "(root)", 0);
            g.writeRaw('\n');
        }
    }

    /** Parses a JSON object. */
    public static Map<String, Object> parse(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readDocument(p, "JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not fail but for malformed input, caught below
        }
    }

    /** Reads a JSON object from {@code file}; malformed content gives an {@link IllegalArgumentException}. */
    public static Map<String, Object> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(file + ": JSON file of " + size + " bytes exceeds the limit of "
                    + MAX_BYTES);
        }
        try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
            return readDocument(p, file.toString());
        }
    }

    /** A factory with Descent's limits; the same settings serve the safetensors header. */
    static JsonFactory factory(int maxDepth, long maxBytes) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxDocumentLength(maxBytes)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(maxDepth).build())
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                // field names are used once; interning them only invites hash-flooding from hostile files
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .build();
    }

    /** The parser's complaint without Jackson's source excerpt, plus where it happened. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return e.getOriginalMessage() + where;
    }

    private static Map<String, Object> readDocument(JsonParser p, String source) throws IOException {
        try {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(source + ": expected a JSON object, found "
                        + (t == null ? "no content" : p.getText()));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) readValue(p, t, source);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException(source + ": unexpected content after the JSON object at line "
                        + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": malformed JSON: " + describe(e), e);
        }
    }

    /** Recursion is bounded: the parser refuses to nest deeper than MAX_DEPTH. */
    private static Object readValue(JsonParser p, JsonToken t, String source) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw new IllegalArgumentException(source + ": duplicate key '" + key + "' at line "
                                + p.currentLocation().getLineNr());
                    }
                    map.put(key, readValue(p, p.nextToken(), source));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, next, source));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException(source + ": unexpected " + t + " at line "
                        + p.currentLocation().getLineNr());
        }
    }

    private static void writeValue(JsonGenerator g, Object value, String key, int depth) throws IOException {
        boolean scalar = value == null || value instanceof String || value instanceof Boolean
                || value instanceof Number;
        if (!scalar && depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("JSON: nesting deeper than " + MAX_DEPTH + " under key '" + key
                    + "' (a map or list that contains itself?)");
        }
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String) {
            g.writeString((String) value);
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Double) {
            g.writeNumber((double) (Double) value);
        } else if (value instanceof Float) {
            g.writeNumber((float) (Float) value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            g.writeNumber((BigInteger) value);
        } else if (value instanceof BigDecimal) {
            g.writeNumber((BigDecimal) value);
        } else if (value instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON: object keys must be strings, found " + e.getKey()
                            + " under key '" + key + "'");
                }
                String name = (String) e.getKey();
                g.writeFieldName(name);
                writeValue(g, e.getValue(), name, depth + 1);
            }
            g.writeEndObject();
        } else if (value instanceof Iterable) {
            g.writeStartArray();
            for (Object element : (Iterable<?>) value) {
                writeValue(g, element, key, depth + 1);
            }
            g.writeEndArray();
        } else if (value instanceof Object[]) {
            g.writeStartArray();
            for (Object element : (Object[]) value) {
                writeValue(g, element, key, depth + 1);
            }
            g.writeEndArray();
        } else if (value instanceof double[]) {
            double[] a = (double[]) value;
            g.writeArray(a, 0, a.length);
        } else if (value instanceof float[]) {
            g.writeStartArray();
            for (float x : (float[]) value) {
                g.writeNumber(x);
            }
            g.writeEndArray();
        } else if (value instanceof int[]) {
            int[] a = (int[]) value;
            g.writeArray(a, 0, a.length);
        } else if (value instanceof long[]) {
            long[] a = (long[]) value;
            g.writeArray(a, 0, a.length);
        } else {
            throw new IllegalArgumentException("JSON: cannot write a " + value.getClass().getName()
                    + " under key '" + key + "' (use maps, lists, strings, numbers, booleans or null)");
        }
    }
}
