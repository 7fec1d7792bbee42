package dev.tributary.pipelines.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What one command of a question CLI did: its exit code and the lines on stdout and stderr. */
public record CliRun(int code, List<String> out, List<String> err) {

  /** A CLI's {@code run(args)} writing to {@code out}. */
  @FunctionalInterface
  public interface Main {
    int run(PrintStream out) throws Exception;
  }

  /**
   * Runs {@code main} through {@link Launcher}, as a script would: a mistake becomes one line on
   * stderr and its exit code. Only the CLI's own lines are caught, not what other threads log.
   */
  public static CliRun of(Main main) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Launcher.run(
            () -> main.run(new PrintStream(out, true, StandardCharsets.UTF_8)),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(
        code,
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** Exit code 2, nothing on stdout, and one line on stderr that starts with {@code message}. */
  public void assertMistake(String message) {
    assertEquals(2, code, "exit code; stderr " + err);
    assertEquals(List.of(), out, "stdout");
    assertEquals(1, err.size(), err.toString());
    assertTrue(err.get(0).startsWith("error: " + message), err.get(0));
  }
}
