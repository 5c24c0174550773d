package dev.descent.cli;

/**
 * A command line that parsed but does not make sense (options that cannot go together, a value out of range): the
 * CLI prints its message on one line and exits with the usage code 2.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
