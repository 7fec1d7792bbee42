package dev.tributary.pipelines.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The question CLIs' option values. */
class CliArgsTest {
  @Test
  void daysAreCheckedStrictly() {
    assertEquals(LocalDate.of(2025, 10, 26), CliArgs.date("--from", "2025-10-26"));
    assertEquals(null, CliArgs.date("--from", null));
    assertThrows(UsageException.class, () -> CliArgs.date("--from", "2025-02-30"));
    assertThrows(UsageException.class, () -> CliArgs.date("--to", "26.10.2025"));
  }

  @Test
  void aSubcommandIsOneOfTheCommandsElseOneLineWithTheUsage() {
    String usage = "usage: x.sh a | b";
    String[] args = {"b", "--n", "3"};
    assertEquals("b", CliArgs.command(args, List.of("a", "b"), usage));
    assertEquals("3", CliArgs.afterCommand(args, usage).value("--n", null));
    assertEquals(
        "unknown command 'c'; " + usage,
        assertThrows(
                UsageException.class,
                () -> CliArgs.command(new String[] {"c"}, List.of("a", "b"), usage))
            .getMessage());
    assertEquals(
        "no command; " + usage,
        assertThrows(
                UsageException.class, () -> CliArgs.command(new String[0], List.of("a"), usage))
            .getMessage());
    assertTrue(CliArgs.asksForHelp(new String[] {"--help"}));
    assertFalse(CliArgs.asksForHelp(new String[] {"a", "--help"}));
  }
}
