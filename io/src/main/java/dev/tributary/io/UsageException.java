package dev.tributary.io;

/**
 * A problem the user can fix (a missing file, a wrong option, an unreachable database). The message
 * is one line that says what is wrong and how to fix it; launchers print it instead of a stack
 * trace.
 */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The first line of a message: what a one-line error keeps of a library's. */
  public static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
