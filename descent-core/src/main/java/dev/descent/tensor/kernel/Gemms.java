package dev.descent.tensor.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the {@link Gemm} that F32 products use, once per JVM: the one named by the system property
 * {@code descent.gemm} ({@code java} forces the built-in kernel), else the available provider with the highest
 * priority, else none (the built-in kernel).
 */
public final class Gemms {
    /** The system property that selects a backend by name; {@code java} or {@code auto}. */
    public static final String PROPERTY = "descent.gemm";

    private static volatile Gemm active = choose(System.getProperty(PROPERTY, "auto"));

    private Gemms() {
    }

    /** The backend in use, or null when products run on the built-in Java kernel. */
    public static Gemm active() {
        return active;
    }

    /** The name of the backend in use: a provider's name, or {@code java}. */
    public static String activeName() {
        Gemm g = active;
        return g == null ? "java" : g.name();
    }

    /**
     * Switches backend ({@code java}, {@code auto} or a provider's name), for benchmarks and tests that compare
     * backends in one JVM. Throws IllegalArgumentException naming the available ones when {@code name} is not.
     */
    public static synchronized void use(String name) {
        active = choose(name);
    }

    /** The names of the providers that can run on this JVM, best first. */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (GemmProvider p : providers()) {
            if (p.create().isPresent()) {
                names.add(p.name());
            }
        }
        return names;
    }

    private static Gemm choose(String name) {
        if (name == null || name.isBlank() || name.equals("auto")) {
            for (GemmProvider p : providers()) {
                Optional<Gemm> g = p.create();
                if (g.isPresent()) {
                    return g.get();
                }
            }
            return null;
        }
        if (name.equals("java")) {
            return null;
        }
        for (GemmProvider p : providers()) {
            if (p.name().equals(name)) {
                return p.create().orElseThrow(() -> new IllegalArgumentException(
                        PROPERTY + "=" + name + ": that backend cannot run on this JVM or machine"));
            }
        }
        throw new IllegalArgumentException(PROPERTY + "=" + name + ": no such backend; available: java"
                + (available().isEmpty() ? "" : ", " + String.join(", ", available())));
    }

    private static List<GemmProvider> providers() {
        List<GemmProvider> list = new ArrayList<>();
        ServiceLoader<GemmProvider> loader = ServiceLoader.load(GemmProvider.class, Gemms.class.getClassLoader());
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                list.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // a provider whose class cannot load here (missing module or library): skip it
            }
        }
        list.sort(Comparator.comparingInt(GemmProvider::priority).reversed());
        return list;
    }
}
