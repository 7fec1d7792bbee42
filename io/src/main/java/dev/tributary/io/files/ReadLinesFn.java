package dev.tributary.io.files;

import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;

/**
 * Reads the lines of text files as a splittable DoFn over byte ranges, so one large file is read by
 * every worker in parallel. A line belongs to the range holding its first byte; each line is
 * emitted with its file, byte offset and (optionally) the file's header line. Blank lines carry no
 * record and are skipped.
 */
@DoFn.BoundedPerElement
class ReadLinesFn extends DoFn<ReadableFile, SourceRecord> {
  private static final int BUFFER = 1 << 16;
  private static final String BOM = "\uFEFF";
  private final boolean hasHeader;
  private final long splitBytes;

  ReadLinesFn(boolean hasHeader, long splitBytes) {
    this.hasHeader = hasHeader;
    this.splitBytes = splitBytes;
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element ReadableFile file) {
    return new OffsetRange(0, file.getMetadata().sizeBytes());
  }

  @SplitRestriction
  public void split(@Restriction OffsetRange range, OutputReceiver<OffsetRange> out) {
    for (OffsetRange part : range.split(splitBytes, splitBytes / 4)) {
      out.output(part);
    }
  }

  @ProcessElement
  public void process(
      @Element ReadableFile file,
      RestrictionTracker<OffsetRange, Long> tracker,
      OutputReceiver<SourceRecord> out)
      throws IOException {
    String source = file.getMetadata().resourceId().toString();
    try (SeekableByteChannel channel = file.openSeekable()) {
      LineReader reader = new LineReader(channel);
      String header = hasHeader ? reader.headerLine() : null;
      long start = tracker.currentRestriction().getFrom();
      reader.seekToLineStartingAtOrAfter(start, hasHeader);
      // Claim each line's first byte before reading it: the first claim at or past the range's
      // end (at the latest, the end of the file) stops the range.
      for (long offset = reader.position(); tracker.tryClaim(offset); offset = reader.position()) {
        String line = reader.readLine();
        if (line != null && !line.isBlank()) {
          out.output(SourceRecord.of(Location.file(source, offset), line, header));
        }
      }
    }
  }

  /** A buffered UTF-8 line reader over a seekable channel that knows each line's byte offset. */
  static final class LineReader {
    private final SeekableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private byte[] line = new byte[256];
    private long position; // file offset of buffer.position()

    LineReader(SeekableByteChannel channel) {
      this.channel = channel;
      buffer.flip();
    }

    long position() {
      return position;
    }

    /** The first line of the file, without BOM or line terminator; leaves the reader at 0. */
    String headerLine() throws IOException {
      seek(0);
      String header = readLine();
      seek(0);
      return header == null ? "" : header;
    }

    /**
     * Positions the reader at the first line starting at or after {@code start}: the line that
     * straddles {@code start} belongs to the previous range. At 0 the header is skipped.
     */
    void seekToLineStartingAtOrAfter(long start, boolean skipHeader) throws IOException {
      if (start == 0) {
        seek(0);
        if (skipHeader) {
          readLine();
        }
        return;
      }
      seek(start - 1);
      readLine(); // the rest of the line holding byte start-1, up to and including its newline
    }

    private void seek(long offset) throws IOException {
      channel.position(offset);
      buffer.clear().flip();
      position = offset;
    }

    /**
     * The next line without its CR/LF, or null at the end of the file; the first line of the file
     * also without a UTF-8 byte-order mark, which would otherwise start its first record.
     */
    String readLine() throws IOException {
      boolean first = position == 0;
      int length = 0;
      while (true) {
        if (!buffer.hasRemaining()) {
          buffer.clear();
          int read = channel.read(buffer);
          buffer.flip();
          if (read <= 0) {
            return length == 0 ? null : decode(length, first);
          }
        }
        byte[] bytes = buffer.array();
        int from = buffer.position();
        int limit = buffer.limit();
        int i = from;
        while (i < limit && bytes[i] != '\n') {
          i++;
        }
        int chunk = i - from;
        if (length + chunk > line.length) {
          line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
        }
        System.arraycopy(bytes, from, line, length, chunk);
        length += chunk;
        boolean newline = i < limit;
        buffer.position(newline ? i + 1 : i);
        position += chunk + (newline ? 1 : 0);
        if (newline) {
          return decode(length, first);
        }
      }
    }

    private String decode(int length, boolean first) {
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      String text = new String(line, 0, length, StandardCharsets.UTF_8);
      return first && text.startsWith(BOM) ? text.substring(1) : text;
    }
  }
}
