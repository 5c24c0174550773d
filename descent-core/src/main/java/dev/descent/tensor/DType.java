package dev.descent.tensor;

/** Element type of a tensor: 32-bit floats (the default, for training) or 64-bit doubles (for gradient checks). */
public enum DType {
    F32(4),
    F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }
}
