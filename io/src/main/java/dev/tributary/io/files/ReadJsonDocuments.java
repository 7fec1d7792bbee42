package dev.tributary.io.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.auto.value.AutoValue;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads the JSON documents of every file matching a path or glob ({@link InputFiles#match}),
 * whatever the layout: one object per file (pretty-printed or not), an array of objects, or JSON
 * Lines. Each document is emitted with its file and byte offset; a file that is not valid JSON goes
 * to {@link DeadLetters#TAG} from the first document that cannot be read, and the other files carry
 * on.
 *
 * <p>A file is read as JSON Lines when its first line is a complete JSON object and more follows:
 * then every line is a document of its own, so one malformed line rejects only itself. JSON Lines
 * files stream line by line; other files are read whole (one model per file is the usual layout).
 * Documents come out where their file was read: redistribute them (after counting them) so that a
 * few large files still parse in parallel.
 */
@AutoValue
public abstract class ReadJsonDocuments extends PTransform<PBegin, PCollectionTuple> {
  /** One id for every instance, so the tag is the same whoever built the transform. */
  private static final TupleTag<SourceRecord> DOCUMENTS = new TupleTag<>("documents") {};

  abstract String getFilepattern();

  public static ReadJsonDocuments from(String filepattern) {
    return new AutoValue_ReadJsonDocuments(filepattern);
  }

  public TupleTag<SourceRecord> documentsTag() {
    return DOCUMENTS;
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    PCollection<ReadableFile> files =
        input
            .apply("Match", new MatchInputFiles(getFilepattern()))
            .apply("Open", FileIO.readMatches());
    PCollectionTuple read =
        DeadLetters.parDo(
            files,
            new SplitDocumentsFn(),
            DOCUMENTS,
            Coders.of(input.getPipeline(), SourceRecord.class));
    return read;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("filepattern", getFilepattern()));
  }

  static final class SplitDocumentsFn extends DoFn<ReadableFile, SourceRecord> {
    private static final JsonFactory JSON = new JsonFactory();

    @ProcessElement
    public void process(@Element ReadableFile file, MultiOutputReceiver out) throws IOException {
      String source = file.getMetadata().resourceId().toString();
      if (isJsonLines(file)) {
        try (SeekableByteChannel channel = file.openSeekable()) {
          ReadLinesFn.LineReader lines = new ReadLinesFn.LineReader(channel);
          for (long offset = 0; ; offset = lines.position()) {
            String line = lines.readLine();
            if (line == null) {
              return;
            }
            if (!line.isBlank()) {
              out.get(DOCUMENTS).output(SourceRecord.of(Location.file(source, offset), line));
            }
          }
        }
      }
      byte[] bytes = file.readFullyAsBytes();
      long start = 0;
      try (JsonParser parser = JSON.createParser(bytes)) {
        JsonToken token = parser.nextToken();
        boolean array = token == JsonToken.START_ARRAY;
        token = array ? parser.nextToken() : token;
        int documents = 0;
        for (; token != null && token != JsonToken.END_ARRAY; token = parser.nextToken()) {
          start = parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          long end = parser.currentLocation().getByteOffset();
          out.get(DOCUMENTS)
              .output(SourceRecord.of(Location.file(source, start), text(bytes, start, end)));
          documents++;
          start = skipSeparators(bytes, end, array); // a failure from here on follows this one
        }
        if (documents == 0) {
          out.get(DeadLetters.TAG)
              .output(
                  DeadLetter.of(
                      Location.file(source, 0),
                      1,
                      Steps.PARSE,
                      "no JSON document in the file",
                      ""));
        } else if (array) {
          start = skipSeparators(bytes, parser.currentLocation().getByteOffset(), false);
          if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "content after the array of documents");
          }
        }
      } catch (JsonProcessingException e) {
        String reason =
            String.format(
                "not valid JSON at line %d, column %d: %s",
                e.getLocation().getLineNr(), e.getLocation().getColumnNr(), e.getOriginalMessage());
        out.get(DeadLetters.TAG)
            .output(
                DeadLetter.of(
                    Location.file(source, start),
                    0,
                    Steps.PARSE,
                    reason,
                    text(bytes, start, bytes.length)));
      }
    }

    /** True when the first line holds exactly one JSON object and more lines follow. */
    private static boolean isJsonLines(ReadableFile file) throws IOException {
      try (SeekableByteChannel channel = file.openSeekable()) {
        ReadLinesFn.LineReader lines = new ReadLinesFn.LineReader(channel);
        String first = lines.readLine();
        if (first == null || !first.strip().startsWith("{") || lines.readLine() == null) {
          return false;
        }
        try (JsonParser parser = JSON.createParser(first)) {
          parser.nextToken();
          parser.skipChildren();
          return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
          return false;
        }
      }
    }

    /**
     * The first byte at or after {@code from} that is not JSON whitespace (or, with comma, a
     * comma).
     */
    private static long skipSeparators(byte[] bytes, long from, boolean comma) {
      int i = (int) from;
      while (i < bytes.length
          && (bytes[i] == ' '
              || bytes[i] == '\t'
              || bytes[i] == '\n'
              || bytes[i] == '\r'
              || (comma && bytes[i] == ','))) {
        i++;
      }
      return i;
    }

    private static String text(byte[] bytes, long start, long end) {
      return new String(bytes, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    }
  }
}
