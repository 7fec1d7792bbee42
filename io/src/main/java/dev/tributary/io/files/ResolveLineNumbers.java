package dev.tributary.io.files;

import dev.tributary.transforms.DeadLetter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Fills in the line numbers of dead letters from files. A parallel reader knows only byte offsets;
 * rejected records are few, so one pass over each file that has any, counting newlines up to each
 * rejected offset, gives users the line number they can open in an editor.
 */
public final class ResolveLineNumbers
    extends PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> {
  private static final int BUFFER = 1 << 16;

  public static ResolveLineNumbers create() {
    return new ResolveLineNumbers();
  }

  /**
   * For a stream, whose dead letters never all arrive: each dead letter on its own, by the {@link
   * LineIndex} of its file (indexed once per worker), so for files small enough to index whole.
   */
  public static PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> eachByIndex() {
    return new PTransform<>() {
      @Override
      public PCollection<DeadLetter> expand(PCollection<DeadLetter> deadLetters) {
        return deadLetters
            .apply("LineOfEach", ParDo.of(new IndexFn()))
            .setCoder(deadLetters.getCoder());
      }
    };
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<DeadLetter> deadLetters) {
    return deadLetters
        .apply(
            "BySource", WithKeys.of(DeadLetter::getSource).withKeyType(TypeDescriptors.strings()))
        .apply("GroupBySource", GroupByKey.create())
        .apply("CountNewlines", ParDo.of(new ResolveFn()))
        .setCoder(deadLetters.getCoder());
  }

  /**
   * The line (1 for the first) of each of {@code offsets}, ascending byte offsets into {@code
   * file}: one pass, counting newlines; an offset past the end (the file changed since it was read)
   * gets the last line. Throws FileNotFoundException when {@code file} is no file.
   */
  static long[] lineNumbers(String file, long[] offsets) throws IOException {
    long[] lines = new long[offsets.length];
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)))) {
      byte[] buffer = new byte[BUFFER];
      long position = 0;
      long newlines = 0;
      int read = 0;
      int i = 0;
      for (int k = 0; k < offsets.length; k++) {
        long target = offsets[k];
        while (position < target) {
          if (i == read) {
            read = Math.max(in.read(buffer), 0);
            i = 0;
            if (read == 0) {
              break;
            }
          }
          int stop = (int) Math.min(read, i + (target - position));
          for (int j = i; j < stop; j++) {
            if (buffer[j] == '\n') {
              newlines++;
            }
          }
          position += stop - i;
          i = stop;
        }
        lines[k] = newlines + 1;
      }
    }
    return lines;
  }

  private static final class IndexFn extends DoFn<DeadLetter, DeadLetter> {
    private transient String file;
    private transient LineIndex index;

    @ProcessElement
    public void process(@Element DeadLetter letter, OutputReceiver<DeadLetter> out)
        throws IOException {
      if (letter.getOffset() < 0) {
        out.output(letter);
        return;
      }
      if (!letter.getSource().equals(file)) {
        try {
          index = LineIndex.of(letter.getSource());
        } catch (FileNotFoundException notAFile) {
          out.output(letter); // a topic or record type, not a file: line stays 0
          return;
        }
        file = letter.getSource();
      }
      out.output(letter.withLine(index.lineOf(letter.getOffset())));
    }
  }

  private static final class ResolveFn extends DoFn<KV<String, Iterable<DeadLetter>>, DeadLetter> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<DeadLetter>> fileLetters, OutputReceiver<DeadLetter> out)
        throws IOException {
      List<DeadLetter> letters = new ArrayList<>();
      for (DeadLetter letter : fileLetters.getValue()) {
        if (letter.getOffset() < 0) {
          out.output(letter); // no location in a file: line stays 0
        } else {
          letters.add(letter);
        }
      }
      letters.sort(Comparator.comparingLong(DeadLetter::getOffset));
      if (letters.isEmpty()) {
        return;
      }
      try {
        long[] lines =
            lineNumbers(
                fileLetters.getKey(), letters.stream().mapToLong(DeadLetter::getOffset).toArray());
        for (int k = 0; k < letters.size(); k++) {
          out.output(letters.get(k).withLine(lines[k]));
        }
      } catch (FileNotFoundException notAFile) {
        letters.forEach(out::output); // a topic or record type, not a file: lines stay 0
      }
    }
  }
}
