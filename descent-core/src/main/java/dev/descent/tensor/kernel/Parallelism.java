package dev.descent.tensor.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads kernels split their work across. Work is always split into the same tasks whatever the
 * thread count, and each output element is computed by one task in a fixed order, so results are bitwise
 * identical for any number of threads.
 *
 * <p>The caller runs tasks too, beside {@code threads - 1} workers that, after a job, spin for a short while
 * ({@code descent.threads.spinMicros}, default 200 µs) before they park: a training step hands out jobs every few
 * tens of microseconds, and waking a parked thread costs about as much (30 µs per job on a 2-core VM with a
 * {@code ForkJoinPool}; OpenMP and OpenBLAS keep their threads spinning for the same reason). A job started while
 * another caller's job runs, or from inside a task, runs on its caller's thread alone.
 */
public final class Parallelism {
    private static final long SPIN_NANOS = 1000L * Math.max(0, Integer.getInteger("descent.threads.spinMicros", 200));

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile Team team;

    private Parallelism() {
    }

    /** The number of threads kernels use (default: available processors). */
    public static int threads() {
        return threads;
    }

    /**
     * The most threads {@link #setThreads} accepts: 4 per processor, at least 16. More only queue for the same cores,
     * and each costs a stack; 100,000 once started ~32,000 threads before the JVM gave up.
     */
    public static int maxThreads() {
        return Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** Sets the number of threads kernels use, 1 to {@link #maxThreads()}; 1 runs everything on the caller's thread. */
    public static synchronized void setThreads(int count) {
        if (count < 1 || count > maxThreads()) {
            throw new IllegalArgumentException("threads must be 1 to " + maxThreads() + " (4 per processor), was "
                    + count);
        }
        if (count != threads) {
            Team old = team;
            team = null;
            threads = count;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static Team team() {
        Team t = team;
        if (t == null) {
            synchronized (Parallelism.class) {
                t = team;
                if (t == null) {
                    t = new Team(threads - 1);
                    team = t;
                }
            }
        }
        return t;
    }

    /** Runs {@code task} for every index in [0, count), in parallel when there are threads to spare. */
    public static void forEach(int count, IntConsumer task) {
        if (count <= 1 || threads == 1 || Thread.currentThread() instanceof Worker || !team().run(count, task)) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
        }
    }

    /** One call of {@link #forEach}: indexes are claimed one at a time by whichever thread comes first. */
    private static final class Job {
        private static final VarHandle NEXT;
        private static final VarHandle REMAINING;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEXT = lookup.findVarHandle(Job.class, "next", int.class);
                REMAINING = lookup.findVarHandle(Job.class, "remaining", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Which job of its team this is: workers remember the last one they ran by number, not by reference. */
        final long id;
        final IntConsumer task;
        final int count;
        @SuppressWarnings("unused") // through NEXT
        private int next;
        private int remaining;
        /** The first failure of a task; written before the failing index counts as done. */
        volatile Throwable failure;

        Job(long id, IntConsumer task, int count) {
            this.id = id;
            this.task = task;
            this.count = count;
            this.remaining = count;
        }

        /** Runs indexes until none is left to claim. */
        void work() {
            int i;
            while ((i = (int) NEXT.getAndAdd(this, 1)) < count) {
                try {
                    task.accept(i);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                REMAINING.getAndAdd(this, -1);
            }
        }

        boolean done() {
            return (int) REMAINING.getVolatile(this) == 0;
        }
    }

    /** The workers and the job they are on; one job at a time. */
    private static final class Team {
        private final Worker[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        /** Jobs started so far; written only by the caller holding {@link #busy}. */
        private long started;
        volatile Job job;
        volatile boolean stopped;

        Team(int count) {
            workers = new Worker[count];
            for (int w = 0; w < count; w++) {
                workers[w] = new Worker(this, w);
                workers[w].start();
            }
        }

        /** Runs the job with the workers, or returns false at once if another job holds them. */
        boolean run(int count, IntConsumer task) {
            if (!busy.compareAndSet(false, true)) {
                return false;
            }
            try {
                Job j = new Job(++started, task, count);
                job = j;
                for (Worker w : workers) {
                    if (w.parked) {
                        LockSupport.unpark(w);
                    }
                }
                j.work();
                while (!j.done()) {
                    Thread.onSpinWait();
                }
                Throwable failure = j.failure;
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                return true;
            } finally {
                job = null;
                busy.set(false);
            }
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    /** A kernel thread: runs each new job's indexes, spins a while for the next, then parks. */
    private static final class Worker extends Thread {
        private final Team team;
        volatile boolean parked;

        Worker(Team team, int index) {
            super("descent-kernel-" + index);
            this.team = team;
            setDaemon(true);
        }

        @Override
        public void run() {
            long last = 0;
            while (!team.stopped) {
                Job j = team.job;
                if (j != null && j.id != last) {
                    last = j.id;
                    j.work();
                    continue;
                }
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while ((j = team.job) == null || j.id == last) {
                    if (team.stopped) {
                        return;
                    }
                    if (System.nanoTime() - spinUntil < 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    parked = true;
                    j = team.job;
                    if (j == null || j.id == last) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }
}
