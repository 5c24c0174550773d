package dev.descent.text;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The sentences of one language, read from {@code dev/descent/text/messages.properties} (English) and
 * {@code messages_zh.properties} (中文). The core returns verdicts and evidence as data; the CLI and the web page
 * turn them into sentences here, so both faces say the same words.
 *
 * <p>Patterns are {@link MessageFormat} patterns, formatted with {@link Locale#ROOT} so output never depends on the
 * machine's locale. Two rules follow from that format: a literal apostrophe is written {@code ''} in the bundle (a
 * single {@code '} starts a quoted span and vanishes), and numbers should be passed already formatted as strings (a
 * bare {@code double} argument would be rounded to three decimals); integers may be passed as they are and print
 * with thousands separators ({@code 1,000}). The bundle files are UTF-8 (Java 9+ reads property bundles so).
 */
public final class Messages {
    /** The base name of the bundles on the class path. */
    public static final String BUNDLE = "dev.descent.text.messages";

    private static final Messages ENGLISH = new Messages(Locale.ROOT);
    private static final Messages CHINESE = new Messages(Locale.CHINESE);

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        // No fallback to the machine's default locale: English is the base bundle, whatever the JVM runs under.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The sentences for {@code locale}: Chinese for any {@code zh} locale, English otherwise. */
    public static Messages of(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH;
    }

    /** The English sentences. */
    public static Messages english() {
        return ENGLISH;
    }

    /** The Chinese sentences (中文). */
    public static Messages chinese() {
        return CHINESE;
    }

    /** Chinese if {@code chinese}, else English: for faces that keep the choice as a flag. */
    public static Messages of(boolean chinese) {
        return chinese ? CHINESE : ENGLISH;
    }

    /** Whether these are the Chinese sentences. */
    public boolean chineseText() {
        return locale.getLanguage().equals("zh");
    }

    /**
     * The sentence under {@code key} with {@code {0}}, {@code {1}}, … replaced by {@code args}.
     *
     * @throws IllegalArgumentException if no bundle has the key
     */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no message '" + key + "' in " + BUNDLE, e);
        }
        return new MessageFormat(pattern, Locale.ROOT).format(args);
    }

    /** Whether a sentence exists under {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /**
     * Every sentence's pattern by key, as the bundle holds it ({@code {0}} placeholders, {@code ''} for an apostrophe):
     * the web page renders these with the same rules as {@link #get}.
     */
    public Map<String, String> patterns() {
        Map<String, String> out = new TreeMap<>();
        for (String key : bundle.keySet()) {
            out.put(key, bundle.getString(key));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Messages(" + (chineseText() ? "zh" : "en") + ")";
    }
}
