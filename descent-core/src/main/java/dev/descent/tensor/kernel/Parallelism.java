package dev.descent.tensor.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The worker threads kernels split their work across. Work is always split into the same tasks whatever the
 * thread count, and each output element is computed by one task in a fixed order, so results are bitwise
 * identical for any number of threads.
 */
public final class Parallelism {
    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool;

    private Parallelism() {
    }

    /** The number of threads kernels use (default: available processors). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use; 1 runs everything on the caller's thread. */
    public static synchronized void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + count);
        }
        if (count != threads) {
            ForkJoinPool old = pool;
            pool = null;
            threads = count;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallelism.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, f -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(f);
                        t.setName("descent-kernel-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Runs {@code task} for every index in [0, count), in parallel when there are threads to spare. */
    public static void forEach(int count, IntConsumer task) {
        boolean nested = Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
        if (count <= 1 || threads == 1 || nested) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        pool().invoke(new Range(task, 0, count));
    }

    private static final class Range extends RecursiveAction {
        private final IntConsumer task;
        private final int from;
        private final int to;

        Range(IntConsumer task, int from, int to) {
            this.task = task;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                task.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(task, from, mid), new Range(task, mid, to));
        }
    }
}
