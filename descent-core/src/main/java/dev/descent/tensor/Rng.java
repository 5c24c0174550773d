package dev.descent.tensor;

/**
 * A seeded pseudo-random generator, the only source of randomness in Descent: the same seed gives the same
 * sequence on every JVM. The algorithm is xoshiro256** (Blackman and Vigna, 2018), seeded through SplitMix64 as its
 * authors recommend; Gaussians use the Box-Muller transform without caching, so every call consumes two uniforms.
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    private Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    /** A generator whose whole sequence is fixed by {@code seed}. */
    public static Rng of(long seed) {
        return new Rng(seed);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's method with rejection). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, was " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long r = nextLong() >>> 32;
            long m = r * bound;
            if ((m & 0xFFFFFFFFL) >= threshold) {
                return (int) (m >>> 32);
            }
        }
    }

    /** Standard normal N(0, 1) by Box-Muller. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1], so log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Normal with the given mean and standard deviation. */
    public double normal(double mean, double std) {
        return mean + std * nextGaussian();
    }

    /** Shuffles {@code values} in place (Fisher-Yates). */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** A new generator seeded from this one, for an independent stream (e.g. one per layer). */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The generator's full state, for checkpoints. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Restores a state returned by {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException("Rng state must have 4 longs");
        }
        Rng r = new Rng(0);
        r.s0 = state[0];
        r.s1 = state[1];
        r.s2 = state[2];
        r.s3 = state[3];
        return r;
    }
}
