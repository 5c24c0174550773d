package bench.peers;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The training protocol of bench/perf/DescentPerf.java, for a {@link Peer}: data preloaded, full batches only, the
 * same seeded permutation per epoch as DescentPerf, an untimed warm-up of {@code WARMUP_SECONDS} (default 3) on a
 * throwaway model, then {@code EPOCHS} timed epochs and the test accuracy. Prints the one {@code impl=} line of
 * key=value pairs that bench/perf/report.py reads. Arguments: CONFIG EPOCHS THREADS [DATA_DIR].
 */
public final class PeerBench {
    private PeerBench() {
    }

    /** Runs {@code peer} with the command-line arguments of the other benchmark programs. */
    public static void run(Peer peer, String[] args) throws Exception {
        String config = args.length > 0 ? args[0] : "a";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Path.of(args.length > 3 ? args[3] : "/usr/share/datasets/fashion-mnist");
        double warmupSeconds = Double.parseDouble(System.getenv().getOrDefault("WARMUP_SECONDS", "3"));

        FashionMnist data = FashionMnist.load(dir);
        int n = data.trainLabels().length;
        peer.prepare(data, threads);
        data = null; // a peer that converted the data keeps only its own copy: Java's copy may be collected
        int[] order = new int[n];

        Peer.Model model = peer.build(config, 1);
        int batch = model.batchSize();
        int steps = n / batch; // full batches only (drop_last), as every implementation
        Peer.Model warm = peer.build(config, 1);
        shuffle(order, 999);
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int s = 0; s < 20 || System.nanoTime() < warmEnd; s++) {
            warm.step(order, (s % steps) * batch);
        }

        var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long allocBytes = 0;
        long allocSteps = 0;
        double seconds = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, 1000 + epoch);
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                // JVM-heap bytes allocated by the training thread over 200 steps, as DescentPerf measures them
                boolean measure = epoch == epochs && s >= steps / 2 && s < steps / 2 + 200;
                long before = measure ? threadBean.getThreadAllocatedBytes(tid) : 0;
                model.step(order, s * batch);
                if (measure) {
                    allocBytes += threadBean.getThreadAllocatedBytes(tid) - before;
                    allocSteps++;
                }
            }
            seconds += (System.nanoTime() - t0) / 1e9;
        }
        double accuracy = model.testAccuracy();
        long samples = (long) steps * batch * epochs;
        String note = model.deviation().isEmpty() ? "" : " note=" + model.deviation().replace(' ', '_');
        System.out.printf(Locale.ROOT,
                "impl=%s config=%s epochs=%d threads=%d samples_per_s=%.0f s_per_epoch=%.3f test_acc=%.4f"
                        + " loss=%.5f rss_mib=%.0f bytes_per_step=%d%s%n",
                peer.name(), config, epochs, model.threads(), samples / seconds, seconds / epochs, accuracy,
                model.loss(), peakRssMiB(), allocSteps == 0 ? -1 : allocBytes / allocSteps, note);
    }

    /** Fisher–Yates with a seeded SplittableRandom: the same order as DescentPerf's for the same seed. */
    static void shuffle(int[] order, long seed) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Peak resident set size of this process (VmHWM), in MiB. */
    static double peakRssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
