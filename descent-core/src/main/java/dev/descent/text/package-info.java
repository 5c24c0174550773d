/** The sentences a user reads, in English and Chinese, kept in message bundles so every face renders the same words. */
package dev.descent.text;
