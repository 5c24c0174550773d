package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the JSON metadata reader ({@link Json#parse}): any text parses to a tree that writes
 * back to text parsing to the same tree, or is refused with an {@link IllegalArgumentException} with a message
 * (deep nesting, duplicate keys, trailing content, malformed JSON). Seeds: {@code JsonFuzzTestInputs/}.
 */
class JsonFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRejects(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Map<String, Object> tree;
        try {
            tree = Json.parse(text);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
            return;
        }
        assertEquals(tree, Json.parse(Json.toJson(tree)));
    }
}
