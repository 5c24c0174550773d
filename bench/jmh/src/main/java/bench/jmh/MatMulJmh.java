package bench.jmh;

import dev.descent.tensor.kernel.Gemms;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link MatMulBenchmark} under JMH for every backend this JVM can use and prints GFLOP/s (2·m·k·n per product,
 * JMH's mean throughput) per shape, backend and thread count: a table, or with {@code kv} one
 * {@code impl=descent backend=B shape=MxKxN threads=T gflops=G engine=jmh} line per case for bench/perf/report.py.
 *
 * <p>Usage: {@code java -cp CLASSPATH bench.jmh.MatMulJmh [kv]}; environment: {@code JMH_WARMUP} and
 * {@code JMH_ITERATIONS} (iterations, default 3 and 5), {@code JMH_SECONDS} (per iteration, default 1),
 * {@code JMH_FORKS} (default 1), {@code BACKENDS} (default: all available plus java), {@code SHAPES}.
 */
public final class MatMulJmh {
    private MatMulJmh() {
    }

    public static void main(String[] args) throws Exception {
        boolean keyValue = args.length > 0 && args[0].equals("kv");
        List<String> backends = new ArrayList<>(List.of("java"));
        backends.addAll(Gemms.available());
        String chosen = System.getenv("BACKENDS");
        if (chosen != null && !chosen.isBlank()) {
            backends = List.of(chosen.trim().split("[ ,]+"));
        }
        double seconds = Double.parseDouble(env("JMH_SECONDS", "1"));
        var builder = new OptionsBuilder()
                .include(MatMulBenchmark.class.getName())
                .param("backend", backends.toArray(String[]::new))
                .warmupIterations(Integer.parseInt(env("JMH_WARMUP", "3")))
                .measurementIterations(Integer.parseInt(env("JMH_ITERATIONS", "5")))
                .warmupTime(TimeValue.milliseconds((long) (seconds * 1000)))
                .measurementTime(TimeValue.milliseconds((long) (seconds * 1000)))
                .forks(Integer.parseInt(env("JMH_FORKS", "1")))
                // the forks get this JVM's module flags (the Vector API backend needs --add-modules)
                .jvmArgsAppend(vectorFlag());
        String shapes = System.getenv("SHAPES");
        if (shapes != null && !shapes.isBlank()) {
            builder.param("shape", shapes.trim().split("[ ,]+"));
        }
        if (keyValue) {
            // JMH's own progress goes to stderr-like noise; the kv lines are what the caller greps
            builder.verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        if (!keyValue) {
            System.out.printf(Locale.ROOT, "%n%-16s %-10s %8s %10s %10s%n", "m x k x n", "backend", "threads", "GFLOP/s",
                    "± (99.9%)");
        }
        for (RunResult r : results) {
            var params = r.getParams();
            String shape = params.getParam("shape");
            String[] d = shape.split("x");
            double flops = 2.0 * Double.parseDouble(d[0]) * Double.parseDouble(d[1]) * Double.parseDouble(d[2]);
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            double gflops = score * flops / 1e9;
            if (keyValue) {
                System.out.printf(Locale.ROOT, "impl=descent backend=%s shape=%s threads=%s gflops=%.2f engine=jmh%n",
                        params.getParam("backend"), shape, params.getParam("threads"), gflops);
            } else {
                System.out.printf(Locale.ROOT, "%-16s %-10s %8s %10.2f %10.2f%n", shape, params.getParam("backend"),
                        params.getParam("threads"), gflops, Double.isNaN(error) ? 0 : error * flops / 1e9);
            }
        }
    }

    private static String[] vectorFlag() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? new String[] {"--add-modules", "jdk.incubator.vector"} : new String[0];
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
