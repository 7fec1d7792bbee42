package dev.tributary.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import dev.tributary.pipelines.runtime.Job;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The registry is the one list of pipelines: names are unique, and the README's table is it. */
public class PipelinesTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  /** The registry's names, for parameterized tests. */
  public static Stream<String> names() {
    return Pipelines.ALL.stream().map(Job::name);
  }

  @Test
  void namesAreUniqueAndEveryJobCountsAtLeastOneLevel() {
    assertEquals(Pipelines.ALL.size(), names().distinct().count());
    Pipelines.ALL.forEach(job -> assertTrue(!job.levels().isEmpty(), job.name()));
  }

  @Test
  void anUnknownNameIsOneLineNamingTheKnownOnes() {
    UsageException e = assertThrows(UsageException.class, () -> Pipelines.named("nope"));
    assertEquals("unknown pipeline 'nope'; pipelines: " + Pipelines.names(), e.getMessage());
  }

  /** {@code scripts/run.sh --list}: name, main class and description, a line per pipeline. */
  @Test
  void listPrintsTheRegistry() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Main.main(new String[] {"--list"});
    } finally {
      System.setOut(saved);
    }
    assertEquals(
        Pipelines.ALL.stream()
            .map(j -> j.name() + "\t" + j.getClass().getName() + "\t" + j.description())
            .toList(),
        out.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** README.md's "| `scripts/run.sh NAME` | description |" rows are the registry's, in order. */
  @Test
  void theReadmeTableListsEveryPipeline() throws Exception {
    Matcher row =
        Pattern.compile("(?m)^\\| `scripts/run\\.sh ([a-z]+)` \\| (.*?) \\|")
            .matcher(Files.readString(ROOT.resolve("README.md")));
    List<String> readme = row.results().map(r -> r.group(1) + ": " + r.group(2)).toList();
    assertEquals(
        Pipelines.ALL.stream().map(job -> job.name() + ": " + job.description()).toList(),
        readme,
        "README.md's pipeline table is not the registry's (dev.tributary.pipelines.Pipelines)");
  }
}
