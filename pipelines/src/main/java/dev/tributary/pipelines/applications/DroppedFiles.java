package dev.tributary.pipelines.applications;

import dev.tributary.io.files.ContentHash;
import dev.tributary.io.files.InputFiles;
import dev.tributary.io.postgres.Postgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/**
 * The files of a drop folder by their content: each file's SHA-256, and which of them the job has
 * processed before ({@code applications.files}), whatever they are called now. A file is registered
 * once its every line is stored, so one a run did not finish is taken again.
 */
final class DroppedFiles {
  private DroppedFiles() {}

  /** A file and its content's hash. */
  record Dropped(String sha256, String path) {
    String option() {
      return sha256 + " " + path;
    }

    static Dropped ofOption(String option) {
      int space = option.indexOf(' ');
      return new Dropped(option.substring(0, space), option.substring(space + 1));
    }
  }

  /** What a job says of a file skipped because it holds what {@code earlier} held. */
  static String sameBytes(Dropped file, String earlier) {
    return "applications: " + file.path() + " skipped: the same bytes as " + earlier;
  }

  /** What a job says of a file skipped because an earlier run processed its content. */
  static String processedBefore(Dropped file, String earlier) {
    return "applications: " + file.path() + " skipped: processed before, as " + earlier;
  }

  /** The files {@code pattern} names, by path, with their hashes. */
  static List<Dropped> match(String pattern) {
    List<Dropped> files = new ArrayList<>();
    for (Metadata file : InputFiles.match(pattern)) {
      files.add(new Dropped(sha256(file), file.resourceId().toString()));
    }
    return files;
  }

  /** Of {@code files}, the paths of those already processed, by hash: the earlier path of each. */
  static Map<String, String> processed(String jdbcUrl, List<Dropped> files) {
    Map<String, String> seen = new LinkedHashMap<>();
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT sha256, path FROM applications.files WHERE sha256 = ANY (?)")) {
      s.setArray(1, c.createArrayOf("text", files.stream().map(Dropped::sha256).toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          seen.put(r.getString(1), r.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "looking up the processed files failed: " + e.getMessage(), e);
    }
    return seen;
  }

  static String sha256(Metadata file) {
    return sha256(file.resourceId().toString());
  }

  static String sha256(String path) {
    try {
      return ContentHash.sha256(path);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path + ": " + e, e);
    }
  }
}
