package dev.tributary.io.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Arrays;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Where each line of a file starts: the line number (1 for the first) of any byte offset by a
 * binary search. For files small enough to index whole (a few million lines at most), so each
 * record of a file gets its line without gathering the file's records in one place; {@link
 * ResolveLineNumbers} serves files of any size, with the offsets to resolve in hand.
 */
public final class LineIndex {
  private static final int BUFFER = 1 << 16;

  private final long[] starts;
  private final int lines;

  private LineIndex(long[] starts, int lines) {
    this.starts = starts;
    this.lines = lines;
  }

  /** Indexes {@code file} (a path or URI Beam's file systems open) in one pass. */
  public static LineIndex of(String file) throws IOException {
    long[] starts = new long[1024];
    int lines = 1; // line 1 starts at 0
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)))) {
      byte[] buffer = new byte[BUFFER];
      long position = 0;
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            if (lines == starts.length) {
              starts = Arrays.copyOf(starts, lines * 2);
            }
            starts[lines++] = position + i + 1;
          }
        }
        position += read;
      }
    }
    return new LineIndex(starts, lines);
  }

  /** The line holding byte {@code offset}; past the end, the last line. */
  public long lineOf(long offset) {
    int at = Arrays.binarySearch(starts, 0, lines, offset);
    return at >= 0 ? at + 1 : -at - 1;
  }
}
