package dev.descent.io;

import static dev.descent.io.SafetensorsHeader.METADATA;
import static dev.descent.io.SafetensorsHeader.bad;
import static dev.descent.io.SafetensorsHeader.dtypeName;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.descent.io.SafetensorsHeader.Entry;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    private static final int CHUNK_BYTES = 1 << 20;

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
        if (total > Integer.MAX_VALUE - 8) {
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
            try (JsonGenerator g = SafetensorsHeader.JSON.createGenerator(json)) {
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

    private static SafetensorsFile parse(String source, long size, Source in) throws IOException {
        if (size < 8) {
            throw bad(source, "the file is " + size + " bytes, too short for the 8-byte header length"
                    + " (truncated, or not a safetensors file)");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        in.read(0, prefix);
        long headerLength = prefix.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw bad(source, "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (headerLength > size - 8) {
            throw bad(source, "header length " + headerLength + " runs past the end of the " + size
                    + "-byte file (truncated?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        in.read(8, headerBytes);
        SafetensorsHeader header = SafetensorsHeader.read(source, headerBytes.array());

        long dataStart = 8 + headerLength;
        List<Entry> dataOrder = SafetensorsHeader.checkLayout(source, header.entries, size - dataStart);
        // Only now, with every tensor's bytes known to lie inside the file, is anything big allocated.
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : header.entries) {
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
        return new SafetensorsFile(tensors, header.metadata);
    }
}
