package dev.descent.loss;

/** How per-element losses become one number: kept as they are, averaged, or summed. */
public enum Reduction { NONE, MEAN, SUM }
