package dev.descent.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, readable by Python's
 * {@code safetensors} and by PyTorch, JAX and NumPy through it.
 *
 * <p>Layout: an 8-byte little-endian header length N; N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype": "F32"|"F64", "shape": [...], "data_offsets": [begin, end]}}, plus an optional
 * {@code "__metadata__"} object of strings, padded with spaces so the data starts 8-byte aligned; then the data:
 * each tensor's values little-endian and row-major, offsets relative to the end of the header, tensors packed
 * without gaps. Tensors are written in the map's order, which reading gives back.
 *
 * <p>Reading trusts nothing in the file: every length, offset, shape and dtype is checked against the others and
 * against the file's real size before any tensor is allocated, so a damaged or hostile file gives an
 * {@link IllegalArgumentException} naming the file and the tensor, never an {@link OutOfMemoryError}.
 */
public final class Safetensors {
    /** Largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Most dimensions a tensor may have (NumPy's limit). */
    public static final int MAX_RANK = 64;

    private static final String METADATA = "__metadata__";
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8; // the largest Java array Descent allocates
    private static final int CHUNK_BYTES = 1 << 20;
    // A valid header nests three deep (root, tensor, shape); the reader rejects deeper values field by field.
    private static final JsonFactory HEADER_JSON = Json.factory(8, MAX_HEADER_BYTES);

    private Safetensors() {
    }

    /** Writes {@code tensors} without metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} (in the map's order) and {@code metadata} to {@code file}, atomically: a crash leaves
     * the previous file or the new one, whole.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Layout layout = Layout.of(file.toString(), tensors, metadata); // validates before touching the disk
        AtomicFiles.write(file, layout::writeTo);
    }

    /** The safetensors bytes of {@code tensors} and {@code metadata}, as {@link #write} would store them. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Layout layout = Layout.of("safetensors", tensors, metadata);
        long total = 8 + layout.header.length + layout.dataBytes;
        if (total > MAX_ELEMENTS) {
            throw new IllegalArgumentException("safetensors: " + total + " bytes do not fit in one byte array;"
                    + " write to a file instead");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        try {
            layout.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** Reads every tensor and the metadata of {@code file}. */
    public static SafetensorsFile read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(source, channel.size(), (position, into) -> {
                long at = position;
                while (into.hasRemaining()) {
                    int n = channel.read(into, at);
                    if (n < 0) {
                        throw new EOFException(source + ": the file shrank while it was being read");
                    }
                    at += n;
                }
            });
        }
    }

    /** Reads tensors and metadata from safetensors bytes. */
    public static SafetensorsFile fromBytes(byte[] bytes) {
        try {
            return parse("safetensors bytes", bytes.length,
                    (position, into) -> into.put(bytes, (int) position, into.remaining()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading an array does not fail
        }
    }

    /**
     * What a safetensors file holds: its tensors in the file's header order, and its string metadata (empty when
     * the file has none). Both maps are unmodifiable; the tensors are fresh leaves the caller owns.
     */
    public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public SafetensorsFile {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata,
                    "metadata")));
        }

        /** The tensor called {@code name}; an error listing the names there are if it is missing. */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no tensor '" + name + "'; the file has " + tensors.keySet());
            }
            return t;
        }
    }

    // ------------------------------------------------------------------ writing

    /** The validated header and the tensors in data order. */
    private static final class Layout {
        final byte[] header;
        final List<Tensor> tensors;
        final long dataBytes;

        private Layout(byte[] header, List<Tensor> tensors, long dataBytes) {
            this.header = header;
            this.tensors = tensors;
            this.dataBytes = dataBytes;
        }

        static Layout of(String target, Map<String, Tensor> tensors, Map<String, String> metadata) {
            Objects.requireNonNull(tensors, "tensors");
            Objects.requireNonNull(metadata, "metadata");
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            List<Tensor> order = new ArrayList<>(tensors.size());
            long offset = 0;
            try (JsonGenerator g = HEADER_JSON.createGenerator(json)) {
                g.writeStartObject();
                if (!metadata.isEmpty()) {
                    g.writeObjectFieldStart(METADATA);
                    for (Map.Entry<String, String> e : metadata.entrySet()) {
                        if (e.getKey() == null || e.getValue() == null) {
                            throw new IllegalArgumentException(target + ": metadata keys and values must not be"
                                    + " null, found " + e.getKey() + "=" + e.getValue());
                        }
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                }
                for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                    String name = e.getKey();
                    Tensor t = e.getValue();
                    if (name == null || METADATA.equals(name)) {
                        throw new IllegalArgumentException(target + ": a tensor cannot be named " + name
                                + (name == null ? "" : " (reserved for metadata)"));
                    }
                    if (t == null) {
                        throw new IllegalArgumentException(target + ": tensor '" + name + "' is null");
                    }
                    long bytes = (long) t.numel() * t.dtype().bytes();
                    g.writeObjectFieldStart(name);
                    g.writeStringField("dtype", dtypeName(t.dtype()));
                    int[] shape = t.shape();
                    g.writeArrayFieldStart("shape");
                    for (int d : shape) {
                        g.writeNumber(d);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("data_offsets");
                    g.writeNumber(offset);
                    g.writeNumber(offset + bytes);
                    g.writeEndArray();
                    g.writeEndObject();
                    order.add(t);
                    offset += bytes;
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            while ((8 + json.size()) % 8 != 0) {
                json.write(' '); // align the data to 8 bytes, as the reference writer does
            }
            return new Layout(json.toByteArray(), order, offset);
        }

        void writeTo(OutputStream out) throws IOException {
            ByteBuffer chunk = ByteBuffer.allocate(chunkBytes(dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
            chunk.putLong(header.length);
            out.write(chunk.array(), 0, 8);
            out.write(header);
            for (Tensor t : tensors) {
                int n = t.numel();
                int per = chunk.capacity() / t.dtype().bytes();
                for (int i = 0; i < n; i += per) {
                    int count = Math.min(per, n - i);
                    chunk.clear();
                    if (t.dtype() == DType.F32) {
                        chunk.asFloatBuffer().put(t.floatData(), i, count);
                    } else {
                        chunk.asDoubleBuffer().put(t.doubleData(), i, count);
                    }
                    out.write(chunk.array(), 0, count * t.dtype().bytes());
                }
            }
        }
    }

    private static String dtypeName(DType dtype) {
        switch (dtype) {
            case F32:
                return "F32";
            case F64:
                return "F64";
            default:
                throw new IllegalArgumentException("safetensors: no dtype name for " + dtype);
        }
    }

    /** A buffer of whole elements (a multiple of 8 bytes), no bigger than the data needs. */
    private static int chunkBytes(long dataBytes) {
        return (int) Math.min(CHUNK_BYTES, Math.max(8, (dataBytes + 7) & ~7L));
    }

    // ------------------------------------------------------------------ reading

    /** Random-access reads of a file or an array: fills {@code into} from {@code position} or fails. */
    @FunctionalInterface
    private interface Source {
        void read(long position, ByteBuffer into) throws IOException;
    }

    /** One header entry, its numbers already checked against each other but not yet against the file. */
    private static final class Entry {
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

    private static SafetensorsFile parse(String source, long size, Source in) throws IOException {
        if (size < 8) {
            throw bad(source, "the file is " + size + " bytes, too short for the 8-byte header length"
                    + " (truncated, or not a safetensors file)");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        in.read(0, prefix);
        long headerBytes = prefix.getLong(0);
        if (headerBytes < 0 || headerBytes > MAX_HEADER_BYTES) {
            throw bad(source, "header length " + Long.toUnsignedString(headerBytes) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (headerBytes > size - 8) {
            throw bad(source, "header length " + headerBytes + " runs past the end of the " + size
                    + "-byte file (truncated?)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
        in.read(8, header);
        HeaderReader reader = new HeaderReader(source);
        reader.read(header.array());

        long dataStart = 8 + headerBytes;
        List<Entry> dataOrder = checkLayout(source, reader.entries, size - dataStart);
        // Only now, with every tensor's bytes known to lie inside the file, is anything big allocated.
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : reader.entries) {
            tensors.put(e.name, Tensor.zeros(e.dtype, e.shape));
        }
        ByteBuffer chunk = ByteBuffer.allocateDirect(chunkBytes(size - dataStart)).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : dataOrder) {
            Tensor t = tensors.get(e.name);
            int n = t.numel();
            int elementBytes = e.dtype.bytes();
            int per = chunk.capacity() / elementBytes;
            for (int i = 0; i < n; i += per) {
                int count = Math.min(per, n - i);
                chunk.clear().limit(count * elementBytes);
                in.read(dataStart + e.begin + (long) i * elementBytes, chunk);
                chunk.flip();
                if (e.dtype == DType.F32) {
                    chunk.asFloatBuffer().get(t.floatData(), i, count);
                } else {
                    chunk.asDoubleBuffer().get(t.doubleData(), i, count);
                }
            }
        }
        return new SafetensorsFile(tensors, reader.metadata);
    }

    /** Checks that the tensors tile the data exactly: in bounds, no overlap, no gap, nothing left over. */
    private static List<Entry> checkLayout(String source, List<Entry> entries, long dataBytes) {
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

    /**
     * Reads the header with the streaming parser, field by field against the format, so that nothing but the
     * expected shapes of JSON is ever accepted or nested.
     */
    private static final class HeaderReader {
        final String source;
        final List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        private JsonParser p;
        private String tensor; // the entry being read, for messages

        HeaderReader(String source) {
            this.source = source;
        }

        void read(byte[] header) throws IOException {
            CharBuffer text = utf8(header);
            Set<String> names = new HashSet<>();
            boolean sawMetadata = false;
            try (JsonParser parser = HEADER_JSON.createParser(text.array(), text.arrayOffset(), text.limit())) {
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
            int[] dims = new int[MAX_RANK];
            int rank = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (rank == MAX_RANK) {
                    throw bad(source, tensor, "shape has more than " + MAX_RANK + " dimensions");
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
    }

    private static IllegalArgumentException bad(String source, String what) {
        return new IllegalArgumentException(source + ": " + what);
    }

    private static IllegalArgumentException bad(String source, String tensor, String what) {
        return new IllegalArgumentException(source + ": tensor '" + tensor + "': " + what);
    }
}
