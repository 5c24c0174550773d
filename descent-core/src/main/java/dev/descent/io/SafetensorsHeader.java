package dev.descent.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.descent.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file, read with the streaming parser field by field against the format, so that
 * nothing but the expected shapes of JSON is ever accepted or nested; and the check that its tensors tile the data.
 */
final class SafetensorsHeader {
    static final String METADATA = "__metadata__";
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8; // the largest Java array Descent allocates
    // A valid header nests three deep (root, tensor, shape); the reader rejects deeper values field by field.
    static final JsonFactory JSON = Json.factory(8, Safetensors.MAX_HEADER_BYTES);

    /** One header entry, its numbers already checked against each other but not yet against the file. */
    static final class Entry {
        final String name;
        final DType dtype;
        final int[] shape;
        final long begin;
        final long end;

        Entry(String name, DType dtype, int[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }
    }

    final List<Entry> entries = new ArrayList<>();
    final Map<String, String> metadata = new LinkedHashMap<>();
    private final String source;
    private JsonParser p;
    private String tensor; // the entry being read, for messages

    private SafetensorsHeader(String source) {
        this.source = source;
    }

    /** Parses and checks a header: each entry's numbers agree with each other, not yet with the file. */
    static SafetensorsHeader read(String source, byte[] header) throws IOException {
        SafetensorsHeader h = new SafetensorsHeader(source);
        h.read(header);
        return h;
    }

    private void read(byte[] header) throws IOException {
        CharBuffer text = utf8(header);
        Set<String> names = new HashSet<>();
        boolean sawMetadata = false;
        try (JsonParser parser = JSON.createParser(text.array(), text.arrayOffset(), text.limit())) {
            p = parser;
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw bad(source, "the header must be a JSON object, found " + found(t));
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (METADATA.equals(name)) {
                    if (sawMetadata) {
                        throw bad(source, "the header has '" + METADATA + "' twice");
                    }
                    sawMetadata = true;
                    readMetadata();
                } else {
                    if (!names.add(name)) {
                        throw bad(source, name, "the name appears twice in the header");
                    }
                    tensor = name;
                    entries.add(readEntry(name));
                    tensor = null;
                }
            }
            if (p.nextToken() != null) {
                throw bad(source, "unexpected content after the header's JSON object");
            }
        } catch (JsonProcessingException e) {
            String what = "malformed header JSON: " + Json.describe(e);
            throw tensor == null ? bad(source, what) : bad(source, tensor, what);
        }
    }

    private CharBuffer utf8(byte[] header) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(header));
        } catch (CharacterCodingException e) {
            throw bad(source, "the header is not valid UTF-8");
        }
    }

    private void readMetadata() throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw bad(source, "'" + METADATA + "' must be an object of strings, found " + found(t));
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw bad(source, "'" + METADATA + "' entry '" + key + "' must be a string, found "
                        + found(value));
            }
            if (metadata.containsKey(key)) {
                throw bad(source, "'" + METADATA + "' has key '" + key + "' twice");
            }
            metadata.put(key, p.getText());
        }
    }

    private Entry readEntry(String name) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw bad(source, name, "expected an object with dtype, shape and data_offsets, found " + found(t));
        }
        DType dtype = null;
        int[] shape = null;
        long[] offsets = null;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            boolean repeated;
            switch (field) {
                case "dtype":
                    repeated = dtype != null;
                    dtype = readDtype();
                    break;
                case "shape":
                    repeated = shape != null;
                    shape = readShape();
                    break;
                case "data_offsets":
                    repeated = offsets != null;
                    offsets = readOffsets();
                    break;
                default:
                    throw bad(source, name, "unknown field '" + field
                            + "' (expected dtype, shape and data_offsets)");
            }
            if (repeated) {
                throw bad(source, name, "field '" + field + "' appears twice");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw bad(source, name, "missing field '" + missing + "'");
        }
        long elements = 1;
        for (int d : shape) {
            elements *= d; // at most 2^31 * 2^31: no overflow
            if (elements > MAX_ELEMENTS) {
                throw bad(source, name, "shape " + Arrays.toString(shape) + " has more than " + MAX_ELEMENTS
                        + " elements, more than one Descent tensor can hold");
            }
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw bad(source, name, "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long needed = elements * dtype.bytes();
        if (end - begin != needed) {
            throw bad(source, name, "shape " + Arrays.toString(shape) + " of " + dtypeName(dtype) + " needs "
                    + needed + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private DType readDtype() throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw bad(source, tensor, "dtype must be a string, found " + found(t));
        }
        String name = p.getText();
        switch (name) {
            case "F32":
                return DType.F32;
            case "F64":
                return DType.F64;
            default:
                throw bad(source, tensor, "unsupported dtype '" + name + "' (Descent reads F32 and F64)");
        }
    }

    private int[] readShape() throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_ARRAY) {
            throw bad(source, tensor, "shape must be an array of integers, found " + found(t));
        }
        int[] dims = new int[Safetensors.MAX_RANK];
        int rank = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (rank == Safetensors.MAX_RANK) {
                throw bad(source, tensor, "shape has more than " + Safetensors.MAX_RANK + " dimensions");
            }
            long d = readInteger(t, "shape");
            if (d > Integer.MAX_VALUE) {
                throw bad(source, tensor, "shape dimension " + d + " is too large");
            }
            dims[rank++] = (int) d;
        }
        return Arrays.copyOf(dims, rank);
    }

    private long[] readOffsets() throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_ARRAY) {
            throw bad(source, tensor, "data_offsets must be an array [begin, end], found " + found(t));
        }
        long[] offsets = new long[2];
        int count = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (count == 2) {
                throw bad(source, tensor, "data_offsets must hold exactly two numbers, [begin, end]");
            }
            offsets[count++] = readInteger(t, "data_offsets");
        }
        if (count != 2) {
            throw bad(source, tensor, "data_offsets must hold exactly two numbers, [begin, end], found "
                    + count);
        }
        return offsets;
    }

    /** A non-negative integer that fits in a long. */
    private long readInteger(JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw bad(source, tensor, field + " must hold integers, found " + found(t));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw bad(source, tensor, field + " value " + p.getText() + " is too large");
        }
        long value = p.getLongValue();
        if (value < 0) {
            throw bad(source, tensor, field + " value " + value + " is negative");
        }
        return value;
    }

    private String found(JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the header";
        }
        String text = p.getText();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
    }

    /** Checks that the tensors tile the data exactly: in bounds, no overlap, no gap, nothing left over. */
    static List<Entry> checkLayout(String source, List<Entry> entries, long dataBytes) {
        for (Entry e : entries) {
            if (e.end > dataBytes) {
                throw bad(source, e.name, "data_offsets [" + e.begin + ", " + e.end + "] run past the end of the"
                        + " data, which holds " + dataBytes + " bytes (truncated?)");
            }
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.<Entry>comparingLong(e -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin < expected) {
                throw bad(source, e.name, "data_offsets [" + e.begin + ", " + e.end + "] overlap tensor '"
                        + previous + "', which ends at " + expected);
            }
            if (e.begin > expected) {
                throw bad(source, e.name, "data_offsets [" + e.begin + ", " + e.end + "] leave a gap of "
                        + (e.begin - expected) + " bytes after "
                        + (previous == null ? "the start of the data" : "tensor '" + previous + "'"));
            }
            expected = e.end;
            previous = e.name;
        }
        if (expected != dataBytes) {
            throw bad(source, (dataBytes - expected) + " bytes after the end of the last tensor's data"
                    + " belong to no tensor");
        }
        return sorted;
    }

    static String dtypeName(DType dtype) {
        switch (dtype) {
            case F32:
                return "F32";
            case F64:
                return "F64";
            default:
                throw new IllegalArgumentException("safetensors: no dtype name for " + dtype);
        }
    }

    static IllegalArgumentException bad(String source, String what) {
        return new IllegalArgumentException(source + ": " + what);
    }

    static IllegalArgumentException bad(String source, String tensor, String what) {
        return new IllegalArgumentException(source + ": tensor '" + tensor + "': " + what);
    }
}
