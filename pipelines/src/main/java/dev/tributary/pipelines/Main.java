package dev.tributary.pipelines;

import dev.tributary.io.UsageException;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobOptions;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.Launcher;
import java.util.Arrays;

/**
 * The command line of every pipeline ({@code scripts/run.sh}):
 *
 * <pre>
 * Main --list                  the pipelines, one per line: name, main class, description
 * Main NAME [--option=value]   runs pipeline NAME ({@code --help} lists its options)
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("--list")) {
      for (Job<?> job : Pipelines.ALL) {
        System.out.println(job.name() + "\t" + job.getClass().getName() + "\t" + job.description());
      }
      return;
    }
    Launcher.exit(
        () -> {
          if (args.length == 0 || args[0].startsWith("--")) {
            throw new UsageException(
                "usage: scripts/run.sh PIPELINE [--option=value ...] | --list; pipelines: "
                    + Pipelines.names());
          }
          return run(Pipelines.named(args[0]), Arrays.copyOfRange(args, 1, args.length));
        });
  }

  private static <O extends JobOptions> int run(Job<O> job, String[] args) {
    return JobRunner.run(job, args);
  }
}
