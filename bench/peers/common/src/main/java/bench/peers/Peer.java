package bench.peers;

/**
 * One library under benchmark: it converts the preloaded data to its own form once, then builds fresh models of
 * configuration a or c that {@link PeerBench} trains with the shared protocol.
 */
public interface Peer {
    /** The implementation name in the results table ({@code impl=}). */
    String name();

    /** Called once before any model is built: converts the data and fixes the library's thread count. */
    void prepare(FashionMnist data, int threads);

    /** A freshly initialized model of {@code config} ("a" or "c"), seeded so that runs repeat. */
    Model build(String config, long seed);

    /** A model being trained. */
    interface Model {
        int batchSize();

        /** One training step on the training rows {@code order[from]} … {@code order[from + batchSize() - 1]}. */
        void step(int[] order, int from);

        /** The loss of the last step, as the library reports it. */
        double loss();

        /** Fraction of the 10,000 test images classified correctly. */
        double testAccuracy();

        /** Threads the training actually uses (a library may not parallelize). */
        int threads();

        /** What differs from the benchmark's specification of the configuration, or "" when nothing does. */
        String deviation();
    }
}
