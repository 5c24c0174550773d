package dev.descent.blas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import dev.descent.tensor.kernel.Gemm;
import dev.descent.tensor.kernel.Parallelism;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@code C = op(A)·op(B)} by OpenBLAS's {@code cblas_sgemm}, row-major, run on Descent's own worker threads.
 *
 * <p>Threads: OpenBLAS itself is kept single-threaded ({@code openblas_set_num_threads(1)} once, at load). A product
 * big enough to split is cut into {@link Parallelism#threads()} slabs of C rows (or columns, whichever dimension is
 * longer), and {@link Parallelism#forEach} runs one single-threaded {@code cblas_sgemm} per slab on the same pool as
 * the Java kernels. So {@code Parallelism.setThreads} (the CLI's and the trainer's thread setting) governs OpenBLAS
 * too, and no OpenBLAS worker spins waiting for work while the Java kernels want the cores: with OpenBLAS's own
 * pthreads, one epoch of configuration c ran at 2,000 samples/s on 2 threads against 41,000 on 1 (2-core machine
 * under load); see bench/matmul.sh.
 *
 * <p>The operands are copied into per-thread direct buffers and C copied back: JavaCPP's {@code float[]} and heap
 * {@code FloatBuffer} overloads pin nothing, they call {@code Get/ReleaseFloatArrayElements}, which on HotSpot
 * allocate and copy the <em>whole</em> array each call (measured: 1.7 ms for a 1x1x1 product on 64 Ki-float arrays,
 * so a batched product at an offset would pay for the whole batch every time). Copying just the m·k + k·n + m·n
 * floats used is a memcpy each, O(n²) against the product's O(n³).
 *
 * <p>Each element of C is summed by one single-threaded OpenBLAS call in its fixed K order, so for one thread count
 * and one machine the bits are the same every run; they differ from the Java kernel's (FMA, another K order).
 */
final class OpenBlasGemm implements Gemm {
    /**
     * Products with fewer multiply-adds (m·k·n) than this are declined: the native call costs about 0.15 µs, which
     * the Java kernel beats on products of a few hundred multiply-adds (measured on a 2-core AMD EPYC with
     * {@code bench/matmul.sh crossover}; 8x8x8 is already 1.3x faster in OpenBLAS, 10x10x16 2x).
     * {@code -Ddescent.blas.minWork=N} overrides it; 0 sends every product to OpenBLAS (to time it on every shape).
     */
    static final long MIN_WORK = Long.getLong("descent.blas.minWork", 512);
    /**
     * Products with fewer rows than this and B not transposed are declined: OpenBLAS runs them as a matrix-vector
     * product that is 2-3x slower than the Java kernel (1x784x30: 12.6 against 6 µs; 4 rows: even).
     */
    static final int MIN_ROWS = 4;
    /**
     * Products with fewer multiply-adds than this run as one call on the caller's thread; larger ones are split
     * across {@link Parallelism#threads()}. OpenBLAS's own threshold for using its threads (2^18, from its
     * interface/gemm.c: SMP_THRESHOLD_MIN × GEMM_MULTITHREAD_THRESHOLD); {@code -Ddescent.blas.parallelWork=N}.
     */
    static final long PARALLEL_WORK = Long.getLong("descent.blas.parallelWork", 1L << 18);
    /** The fewest rows (or columns) of C a slab gets: thinner slabs waste OpenBLAS's 16- and 32-wide kernels. */
    static final int MIN_SLAB = 32;

    private static Optional<Gemm> instance;

    private static final ThreadLocal<Operands> OPERANDS = ThreadLocal.withInitial(Operands::new);

    private final long minWork;

    OpenBlasGemm(long minWork) {
        this.minWork = minWork;
    }

    /** The one instance per JVM, or empty when the natives do not load here. Loads them on the first call. */
    static synchronized Optional<Gemm> instance() {
        if (instance == null) {
            instance = load() ? Optional.of(new OpenBlasGemm(MIN_WORK)) : Optional.empty();
        }
        return instance;
    }

    private static boolean load() {
        try {
            Loader.load(openblas_nolapack.class);
            // blas_set_num_threads prints to stdout when it finds no thread setter: make sure it will find one
            if (Loader.addressof("openblas_set_num_threads") == null) {
                return false;
            }
            // Descent's threads run OpenBLAS in parallel (see the class comment); its own pool stays idle
            openblas_nolapack.blas_set_num_threads(1);
            return true;
        } catch (LinkageError | RuntimeException e) {
            // no natives for this platform in the class path, or they failed to link
            return false;
        }
    }

    @Override
    public String name() {
        return OpenBlasGemmProvider.NAME;
    }

    @Override
    public boolean multiply(float[] a, int aOff, boolean transposeA, float[] b, int bOff, boolean transposeB,
                            float[] c, int cOff, int m, int k, int n) {
        long work = (long) m * k * n;
        if (minWork > 0 && (work < minWork || (m < MIN_ROWS && !transposeB))) {
            return false;
        }
        int threads = Parallelism.threads();
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int slabs = work < PARALLEL_WORK ? 1 : Math.max(1, Math.min(threads, extent / MIN_SLAB));
        Operands o = OPERANDS.get();
        o.reserve(m * k, k * n, m * n, slabs);
        o.a.put(0, a, aOff, m * k);
        o.b.put(0, b, bOff, k * n);
        if (slabs == 1) {
            slab(o, 0, transposeA, transposeB, m, k, n, true, 0, m);
        } else {
            Parallelism.forEach(slabs, s -> slab(o, s, transposeA, transposeB, m, k, n, byRows,
                    (int) ((long) extent * s / slabs), (int) ((long) extent * (s + 1) / slabs)));
        }
        o.c.get(0, c, cOff, m * n);
        return true;
    }

    /**
     * One single-threaded {@code cblas_sgemm} on rows [from, to) of C ({@code byRows}) or its columns [from, to),
     * through slab {@code s}'s own views of the operand buffers.
     */
    private static void slab(Operands o, int s, boolean transposeA, boolean transposeB, int m, int k, int n,
                             boolean byRows, int from, int to) {
        // row-major leading dimensions: the stored row lengths, [k,m] for a transposed A, [n,k] for a transposed B
        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        FloatBuffer va = o.aViews[s].position(byRows ? (transposeA ? from : from * k) : 0);
        FloatBuffer vb = o.bViews[s].position(byRows ? 0 : (transposeB ? from * k : from));
        FloatBuffer vc = o.cViews[s].position(byRows ? from * n : from);
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                byRows ? to - from : m, byRows ? n : to - from, k, 1f, va, lda, vb, ldb, 0f, vc, n);
    }

    /**
     * One calling thread's direct buffers for A, B and C, grown on demand and reused so steady state allocates
     * nothing, and for each slab its own views of them (JavaCPP passes a buffer's address plus its position).
     */
    private static final class Operands {
        FloatBuffer a = allocate(0);
        FloatBuffer b = allocate(0);
        FloatBuffer c = allocate(0);
        FloatBuffer[] aViews = new FloatBuffer[0];
        FloatBuffer[] bViews = new FloatBuffer[0];
        FloatBuffer[] cViews = new FloatBuffer[0];

        void reserve(int aSize, int bSize, int cSize, int slabs) {
            boolean grown = false;
            if (a.capacity() < aSize) {
                a = allocate(aSize);
                grown = true;
            }
            if (b.capacity() < bSize) {
                b = allocate(bSize);
                grown = true;
            }
            if (c.capacity() < cSize) {
                c = allocate(cSize);
                grown = true;
            }
            if (grown || aViews.length < slabs) {
                int count = Math.max(slabs, aViews.length);
                aViews = views(a, count);
                bViews = views(b, count);
                cViews = views(c, count);
            }
        }

        private static FloatBuffer[] views(FloatBuffer buffer, int count) {
            FloatBuffer[] views = new FloatBuffer[count];
            for (int i = 0; i < count; i++) {
                views[i] = buffer.duplicate();
            }
            return views;
        }

        private static FloatBuffer allocate(int floats) {
            return ByteBuffer.allocateDirect(Float.BYTES * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    @Override
    public String toString() {
        return "OpenBlasGemm(minWork=" + minWork + ")";
    }
}
