package dev.descent.web;

import dev.descent.io.Checkpoint;
import dev.descent.train.EpochResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs directory as the page may see it: the run directories directly inside it, reached by their names only.
 * A name is letters, digits, {@code .}, {@code _} and {@code -} (no separators, no {@code ..}); a symbolic link, as a
 * run or as its checkpoint, is refused, and the run found must lie directly inside the runs directory's real path. So
 * no URL reaches a file outside it.
 */
final class RunsDirectory {
    /** What a run's name may look like: the names {@code descent train} makes (20250101-120000) and the user's own. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** The most runs the list shows (the newest). */
    static final int MAX_LISTED = 200;

    /** A run name that is not allowed, or names nothing: the page says which. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private final Path root;

    RunsDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The directory of run {@code name}, checked as the class comment says. */
    Path resolve(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("run name must be letters, digits, '.', '_' or '-' (no '..'), was '"
                    + shorten(name) + "'");
        }
        Path dir = root.resolve(name);
        if (Files.isSymbolicLink(dir) || Files.isSymbolicLink(dir.resolve(Checkpoint.FILE_NAME))) {
            throw new IllegalArgumentException("run " + name + " is a symbolic link; only run directories inside "
                    + root + " are shown");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFound("no run " + name + " in " + root);
        }
        try {
            Path realRoot = root.toRealPath();
            Path real = dir.toRealPath();
            if (!realRoot.equals(real.getParent())) {
                throw new IllegalArgumentException("run " + name + " lies outside " + root);
            }
            return real;
        } catch (IOException e) {
            throw new NotFound("no run " + name + " in " + root);
        }
    }

    /** The checkpoint of run {@code name}. */
    Checkpoint load(String name) {
        Path dir = resolve(name);
        if (!Files.isRegularFile(dir.resolve(Checkpoint.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFound("run " + name + " has no checkpoint yet (" + Checkpoint.FILE_NAME + ")");
        }
        try {
            return Checkpoint.load(dir);
        } catch (NoSuchFileException e) {
            throw new NotFound("run " + name + " has no checkpoint yet (" + Checkpoint.FILE_NAME + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("run " + name + ": cannot read its checkpoint: " + e.getMessage(), e);
        }
    }

    /** The runs, newest first: name, time, epochs, last losses and accuracy, and the main settings. */
    List<Map<String, Object>> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> dirs;
        try (Stream<Path> entries = Files.list(root)) {
            dirs = entries.filter(d -> NAME.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                    .filter(d -> Files.isRegularFile(d.resolve(Checkpoint.FILE_NAME), LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparing(RunsDirectory::modified).reversed())
                    .limit(MAX_LISTED).toList();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path d : dirs) {
            Map<String, Object> row = new LinkedHashMap<>();
            String name = d.getFileName().toString();
            row.put("name", name);
            row.put("modified", modified(d));
            try {
                Checkpoint c = load(name);
                Map<String, String> info = c.info();
                for (String key : List.of("data", "model", "optimizer", "lr", "batch", "epochs")) {
                    row.put(key, info.get(key));
                }
                EpochResult last = c.history().last();
                row.put("epochsDone", c.history().epochs().size());
                if (last != null) {
                    row.put("trainLoss", last.trainLoss());
                    row.put("testLoss", last.validationLoss());
                    row.put("testAccuracy", last.validationAccuracy());
                }
            } catch (RuntimeException e) {
                row.put("error", e.getMessage());
            }
            out.add(row);
        }
        return out;
    }

    private static long modified(Path dir) {
        try {
            Path checkpoint = dir.resolve(Checkpoint.FILE_NAME);
            return Files.readAttributes(checkpoint, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .lastModifiedTime().toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String shorten(String name) {
        return name == null ? "" : name.length() > 60 ? name.substring(0, 60) + "…" : name;
    }
}
