package dev.descent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The one JSON object a command prints with {@code --json}, written with jackson-core's streaming generator.
 *
 * <p>Conventions, the same in every command: keys are camelCase; numbers are JSON numbers, never strings; a number
 * that does not exist (NaN or an infinity, which JSON cannot hold) is {@code null}, and a field named
 * {@code <key>Reason} beside it says why ("off", "regression", "unknown", or else "notANumber" / "infinite").
 * Inside arrays a missing number is a bare {@code null}.
 */
final class JsonOutput implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final JsonGenerator g;
    private final PrintWriter out;

    private JsonOutput(PrintWriter out) {
        this.out = out;
        try {
            g = FACTORY.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the top-level object on {@code out}; {@link #close()} ends it. */
    static JsonOutput to(PrintWriter out) {
        return new JsonOutput(out);
    }

    JsonOutput field(String name, String value) {
        return write(() -> {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeStringField(name, value);
            }
        });
    }

    /** A number; NaN or an infinity becomes {@code null} with {@code <name>Reason} "notANumber" or "infinite". */
    JsonOutput field(String name, double value) {
        return field(name, value, Double.isNaN(value) ? "notANumber" : "infinite");
    }

    /** A number; NaN or an infinity becomes {@code null} with {@code <name>Reason} set to {@code reason}. */
    JsonOutput field(String name, double value, String reason) {
        return write(() -> {
            if (Double.isFinite(value)) {
                g.writeNumberField(name, value);
            } else {
                g.writeNullField(name);
                g.writeStringField(name + "Reason", reason);
            }
        });
    }

    JsonOutput field(String name, long value) {
        return write(() -> g.writeNumberField(name, value));
    }

    JsonOutput field(String name, boolean value) {
        return write(() -> g.writeBooleanField(name, value));
    }

    JsonOutput field(String name, double[] values) {
        return write(() -> {
            g.writeArrayFieldStart(name);
            for (double v : values) {
                number(v);
            }
            g.writeEndArray();
        });
    }

    JsonOutput field(String name, int[] values) {
        return write(() -> {
            g.writeArrayFieldStart(name);
            for (int v : values) {
                g.writeNumber(v);
            }
            g.writeEndArray();
        });
    }

    /** A matrix as an array of rows. */
    JsonOutput field(String name, int[][] rows) {
        return write(() -> {
            g.writeArrayFieldStart(name);
            for (int[] row : rows) {
                g.writeArray(row, 0, row.length);
            }
            g.writeEndArray();
        });
    }

    /** A run's settings as an object of typed values (the checkpoint keeps them as strings; JSON readers should not). */
    JsonOutput settings(RunSettings s) {
        startObject("settings").field("data", s.data()).field("limit", (long) s.limit());
        if (s.model().convolutional()) {
            field("model", s.model().toString()); // the grammar: a list of widths would lose the layers
        } else {
            field("model", s.model().widths());
        }
        field("activation", s.activation().label())
                .field("init", s.init().name().toLowerCase(java.util.Locale.ROOT)).field("loss", s.loss().label())
                .field("optimizer", s.optimizer().label()).field("learningRate", s.learningRate())
                .field("batch", (long) s.batch()).field("dtype", s.dtype().name()).field("seed", s.seed())
                .field("schedule", s.schedule()).field("clipNorm", s.clipNorm(), "off")
                .field("epochs", (long) s.epochs());
        return endObject();
    }

    /** Files by a camelCase key made of the name and its extension: loss.png → lossPng, model.safetensors → modelSafetensors. */
    JsonOutput files(String name, java.util.List<java.nio.file.Path> files) {
        startObject(name);
        for (java.nio.file.Path f : files) {
            field(camelCase(f.getFileName().toString()), f.toString());
        }
        return endObject();
    }

    /** "loss.png" → "lossPng", "lr-find.csv" → "lrFindCsv". */
    static String camelCase(String words) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : words.toCharArray()) {
            if (c == '.' || c == '-' || c == '_' || c == ' ') {
                upper = sb.length() > 0;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    JsonOutput startObject(String name) {
        return write(() -> g.writeObjectFieldStart(name));
    }

    JsonOutput startArray(String name) {
        return write(() -> g.writeArrayFieldStart(name));
    }

    /** An object as an array element. */
    JsonOutput startObject() {
        return write(g::writeStartObject);
    }

    JsonOutput endObject() {
        return write(g::writeEndObject);
    }

    JsonOutput endArray() {
        return write(g::writeEndArray);
    }

    private void number(double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private JsonOutput write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public void close() {
        write(() -> {
            g.writeEndObject();
            g.flush();
        });
        out.println();
        out.flush();
    }
}
