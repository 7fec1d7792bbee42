package dev.tributary.io.files;

import dev.tributary.io.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/** The files an {@code --input} path or glob names, or one line saying why there are none. */
public final class InputFiles {
  private InputFiles() {}

  /** Matches {@code filepattern} on any Beam file system (call FileSystems.setDefault... first). */
  public static List<Metadata> match(String filepattern) {
    if (filepattern == null || filepattern.isBlank()) {
      throw new UsageException(
          "no input given: pass --input=FILE or a glob such as --input='data/*'");
    }
    try {
      MatchResult result = FileSystems.match(filepattern, EmptyMatchTreatment.ALLOW);
      List<Metadata> files = new ArrayList<>(result.metadata());
      if (files.isEmpty()) {
        throw new UsageException(
            "no input file matches '" + filepattern + "': check the path given to --input");
      }
      return files;
    } catch (IOException e) {
      throw new UsageException("cannot list '" + filepattern + "': " + e.getMessage(), e);
    }
  }
}
