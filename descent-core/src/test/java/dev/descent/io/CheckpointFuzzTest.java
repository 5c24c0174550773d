package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of checkpoint loading, past the safetensors layer: the metadata's format, architecture,
 * dtype and info JSON, the model tensors against the architecture, the history tensors. Input framing as in
 * {@link SafetensorsFuzzTest}. A checkpoint that loads must save and load again to the same weights; anything else
 * must be refused with an {@link IllegalArgumentException} or an I/O exception with a message.
 * Seeds: {@code CheckpointFuzzTestInputs/}.
 */
class CheckpointFuzzTest {
    private static final Path DIR = tempDir();

    @FuzzTest(maxDuration = "5m")
    void loadsOrRejects(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] bytes = (input[0] & 1) == 0 ? Arrays.copyOfRange(input, 1, input.length)
                : SafetensorsFuzzTest.framed(input);
        Path file = DIR.resolve("in.safetensors");
        Files.write(file, bytes);
        Checkpoint loaded;
        try {
            loaded = Checkpoint.load(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
            return;
        }
        Path again = DIR.resolve("again");
        Checkpoint.save(again, loaded);
        Checkpoint reloaded = Checkpoint.load(again);
        List<Tensor> a = loaded.model().parameterTensors();
        List<Tensor> b = reloaded.model().parameterTensors();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toDoubleArray(), b.get(i).toDoubleArray());
        }
        assertEquals(loaded.history().epochs().size(), reloaded.history().epochs().size());
    }

    private static Path tempDir() {
        try {
            Path shm = Path.of("/dev/shm"); // a RAM disk where there is one: a file per input
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "checkpoint-fuzz")
                    : Files.createTempDirectory("checkpoint-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
