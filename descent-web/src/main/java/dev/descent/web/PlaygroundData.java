package dev.descent.web;

import dev.descent.data.DataPair;
import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The playground's points: one of the core's generated two-dimensional sets, or an uploaded CSV of {@code x,y,label}
 * lines, split seeded into training and test points by the setup's percentage.
 */
final class PlaygroundData {
    private PlaygroundData() {
    }

    /** The generated set the setup names, {@code points} in all, split into training and test points. */
    static DataPair generate(PlaygroundSetup setup) {
        int n = setup.points();
        double noise = setup.noise();
        long seed = setup.seed();
        Dataset all = switch (setup.data()) {
            case "moons" -> Generated.moons(n, noise, seed);
            case "circles" -> Generated.circles(n, noise, 0.5, seed);
            case "spirals" -> Generated.spirals(n, setup.classes(), noise, seed);
            case "xor" -> Generated.xor(n, noise, seed);
            case "blobs" -> Generated.blobs(n, setup.classes(), noise, seed);
            default -> throw new IllegalArgumentException("data must be one of "
                    + String.join(", ", PlaygroundSetup.DATA_SETS) + ", was '" + setup.data() + "'");
        };
        return split(all, setup);
    }

    /** {@code all} split seeded: {@code train}% for training, the rest for testing (at least one of each). */
    static DataPair split(Dataset all, PlaygroundSetup setup) {
        double testFraction = 1 - setup.trainPercent() / 100.0;
        int testSize = (int) Math.round(all.size() * testFraction);
        if (testSize < 1 || testSize >= all.size()) {
            testFraction = 1.0 / all.size(); // tiny uploads: keep one test point
        }
        Dataset.Split split = all.split(testFraction, setup.seed());
        return new DataPair(split.train(), split.validation());
    }

    /**
     * The points of an uploaded CSV text: one {@code x,y,label} per line, an optional header line, blank lines
     * ignored; labels are whole numbers or names, 2 to {@link PlaygroundSetup#MAX_CLASSES} distinct ones, numbered in
     * sorted order. At most {@link PlaygroundSetup#MAX_POINTS} points; errors name the line.
     */
    static Dataset parseCsv(String text) {
        String[] lines = text.split("\r\n|\n|\r", -1);
        List<float[]> xy = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split("[,;\t]", -1);
            if (cells.length != 3) {
                throw new IllegalArgumentException("upload line " + number + ": expected 3 values x,y,label, found "
                        + cells.length + " ('" + shorten(line) + "')");
            }
            float x;
            float y;
            try {
                x = Float.parseFloat(cells[0].strip());
                y = Float.parseFloat(cells[1].strip());
            } catch (NumberFormatException e) {
                if (xy.isEmpty() && names.isEmpty() && i == firstLine(lines)) {
                    continue; // a header line such as x,y,label
                }
                throw new IllegalArgumentException("upload line " + number + ": x and y must be numbers ('"
                        + shorten(line) + "')");
            }
            if (!Float.isFinite(x) || !Float.isFinite(y)) {
                throw new IllegalArgumentException("upload line " + number + ": x and y must be finite ('"
                        + shorten(line) + "')");
            }
            String label = cells[2].strip();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("upload line " + number + ": the label is empty");
            }
            if (xy.size() == PlaygroundSetup.MAX_POINTS) {
                throw new IllegalArgumentException("upload line " + number + ": more than "
                        + PlaygroundSetup.MAX_POINTS + " points");
            }
            xy.add(new float[] {x, y});
            names.add(label);
        }
        if (xy.size() < PlaygroundSetup.MIN_POINTS) {
            throw new IllegalArgumentException("upload: at least " + PlaygroundSetup.MIN_POINTS
                    + " points x,y,label are needed, found " + xy.size());
        }
        Map<String, Integer> classes = classes(names);
        if (classes.size() < 2 || classes.size() > PlaygroundSetup.MAX_CLASSES) {
            throw new IllegalArgumentException("upload: 2 to " + PlaygroundSetup.MAX_CLASSES
                    + " different labels are needed, found " + classes.size() + " " + classes.keySet());
        }
        float[] features = new float[2 * xy.size()];
        int[] labels = new int[xy.size()];
        for (int k = 0; k < xy.size(); k++) {
            features[2 * k] = xy.get(k)[0];
            features[2 * k + 1] = xy.get(k)[1];
            labels[k] = classes.get(names.get(k));
        }
        return Dataset.classification("upload", features, new int[] {2}, labels, classes.size());
    }

    /** Labels to class numbers: numeric labels in numeric order, otherwise names in alphabetical order. */
    private static Map<String, Integer> classes(List<String> names) {
        boolean numeric = names.stream().allMatch(s -> s.matches("-?\\d{1,9}"));
        TreeMap<String, Integer> sorted = numeric
                ? new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                : new TreeMap<>();
        for (String s : names) {
            sorted.put(s, 0);
            if (sorted.size() > PlaygroundSetup.MAX_CLASSES) {
                break;
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String s : sorted.keySet()) {
            out.put(s, out.size());
        }
        return out;
    }

    private static int firstLine(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static String shorten(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "…";
    }
}
