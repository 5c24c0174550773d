package dev.descent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every sentence exists in both languages, with the same arguments, and formats as written. */
class MessagesTest {
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)[^}]*}");

    private static Properties read(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream(file)) {
            assertTrue(in != null, "missing " + file);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> arguments(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyKeyHasBothLanguagesWithTheSameArguments() throws IOException {
        Properties en = read("messages.properties");
        Properties zh = read("messages_zh.properties");
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(en.stringPropertyNames())) {
            if (!zh.containsKey(key)) {
                problems.add(key + " has no Chinese text");
            } else if (!arguments(en.getProperty(key)).equals(arguments(zh.getProperty(key)))) {
                problems.add(key + " has arguments " + arguments(en.getProperty(key)) + " in English but "
                        + arguments(zh.getProperty(key)) + " in Chinese");
            }
        }
        for (String key : new TreeSet<>(zh.stringPropertyNames())) {
            if (!en.containsKey(key)) {
                problems.add(key + " has Chinese text but no English");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(en.isEmpty());
    }

    @Test
    void chineseTextIsNotACopyOfTheEnglish() throws IOException {
        Properties en = read("messages.properties");
        Properties zh = read("messages_zh.properties");
        List<String> copies = new ArrayList<>();
        for (String key : zh.stringPropertyNames()) {
            String z = zh.getProperty(key);
            // arguments, punctuation and proper names ("{0}: {1}", "Adam") may be the same in both languages
            if (z.equals(en.getProperty(key))
                    && z.replaceAll("\\{[^}]*}", "").matches(".*[A-Za-z]{3,}[^A-Za-z]+[A-Za-z]{3,}.*")) {
                copies.add(key);
            }
        }
        assertTrue(copies.isEmpty(), "English left in messages_zh.properties: " + copies);
    }

    @Test
    void apostrophesAreDoubledSoMessageFormatKeepsThem() throws IOException {
        for (String file : List.of("messages.properties", "messages_zh.properties")) {
            Properties p = read(file);
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                assertFalse(v.replace("''", "").contains("'"), file + " " + key
                        + ": a single ' starts a MessageFormat quote and vanishes; write '' for an apostrophe");
            }
        }
    }

    @Test
    void formatsArgumentsWithoutTheMachineLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("evidence: 1,000 points", Messages.english().get("diagnosis.evidence",
                    Messages.english().get("diagnosis.evidence.points", 1000)));
            assertEquals("证据：4 个点", Messages.chinese().get("diagnosis.evidence",
                    Messages.chinese().get("diagnosis.evidence.points", 4)));
        } finally {
            Locale.setDefault(saved);
        }
        assertEquals(Messages.chinese(), Messages.of(Locale.SIMPLIFIED_CHINESE));
        assertEquals(Messages.english(), Messages.of(Locale.FRENCH));
        assertEquals(", ", Messages.english().get("diagnosis.evidence.separator"));
    }

    @Test
    void unknownKeyIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Messages.english().get("no.such.key"));
        assertTrue(e.getMessage().contains("no.such.key"), e.getMessage());
    }
}
