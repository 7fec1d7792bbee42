package dev.tributary.io.files;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ReadLinesTest {
  private static final long SPLIT = 1024;

  @TempDir Path dir;

  @Test
  void everyLineOnceWithItsOffsetAndHeaderAcrossManySplits(TestPipeline pipeline)
      throws IOException {
    StringBuilder text = new StringBuilder("id,name,value\n");
    for (int i = 0; i < 2000; i++) {
      text.append(i).append(",name-").append(i).append(",").append("x".repeat(i % 37)).append('\n');
    }
    Path file = write("big.csv", text.toString());
    assertThat("the file must span many ranges", Files.size(file), greaterThan(40 * SPLIT));
    List<SourceRecord> expected = expectedLines(file, true);
    assertEquals(2000, expected.size());

    PCollection<SourceRecord> lines =
        pipeline.apply(ReadLines.from(file.toString()).withHeader().withSplitBytes(SPLIT));
    PAssert.that(lines).containsInAnyOrder(expected);
    PAssert.that(
            lines.apply(MapElements.into(TypeDescriptors.strings()).via(SourceRecord::getText)))
        .satisfies(
            texts -> {
              for (String t : texts) {
                assertFalse(t.startsWith("id,"), "the header is never a record");
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void handWrittenOffsetsCrlfBlankLinesAndNoTrailingNewline(TestPipeline pipeline)
      throws IOException {
    // 0: "h1,h2\r\n" (7 bytes), 7: "a,1\r\n", 12: "\r\n" (blank), 14: "   \n" (blank),
    // 18: "b,2\n", 22: "\n", 23: "c,3" (no newline)
    Path file = write("small.csv", "h1,h2\r\na,1\r\n\r\n   \nb,2\n\nc,3");
    String source = file.toString();
    PAssert.that(pipeline.apply(ReadLines.from(source).withHeader().withSplitBytes(SPLIT)))
        .containsInAnyOrder(
            SourceRecord.of(Location.of(source, 7), "a,1", "h1,h2"),
            SourceRecord.of(Location.of(source, 18), "b,2", "h1,h2"),
            SourceRecord.of(Location.of(source, 23), "c,3", "h1,h2"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void crlfFileSplitIntoManyRanges(TestPipeline pipeline) throws IOException {
    StringBuilder text = new StringBuilder("a,b\r\n");
    for (int i = 0; i < 1500; i++) {
      text.append(i).append(",").append("y".repeat(i % 11)).append("\r\n");
      if (i % 100 == 0) {
        text.append("\r\n"); // blank CRLF lines in between
      }
    }
    Path file = write("crlf.csv", text.toString());
    List<SourceRecord> expected = expectedLines(file, true);
    assertEquals(1500, expected.size());
    for (SourceRecord line : expected) {
      assertFalse(line.getText().contains("\r"));
    }
    PAssert.that(pipeline.apply(ReadLines.from(file.toString()).withHeader().withSplitBytes(SPLIT)))
        .containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void byteOrderMarkIsNotPartOfTheHeader(TestPipeline pipeline) throws IOException {
    Path file = dir.resolve("bom.csv");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "id,name\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file, concat(bom, body));
    String source = file.toString();
    PAssert.that(pipeline.apply(ReadLines.from(source).withHeader().withSplitBytes(SPLIT)))
        .containsInAnyOrder(
            SourceRecord.of(Location.of(source, 11), "1,a", "id,name"),
            SourceRecord.of(Location.of(source, 15), "2,b", "id,name"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void byteOrderMarkIsNotPartOfTheFirstRecordWithoutHeader(TestPipeline pipeline)
      throws IOException {
    Path file = dir.resolve("bom.jsonl");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(file, concat(bom, "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8)));
    String source = file.toString();
    // The first line starts at byte 0; its text must not carry the BOM, or a parser sees junk.
    PAssert.that(pipeline.apply(ReadLines.from(source).withSplitBytes(SPLIT)))
        .containsInAnyOrder(
            SourceRecord.of(Location.of(source, 0), "{\"a\":1}", null),
            SourceRecord.of(Location.of(source, 11), "{\"a\":2}", null));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lineLongerThanTheBufferAndManyRanges(TestPipeline pipeline) throws IOException {
    String longLine = "L," + "z".repeat(200_000); // > 64 KiB buffer, spans ~200 ranges
    StringBuilder text = new StringBuilder("k,v\n");
    for (int i = 0; i < 50; i++) {
      text.append(i).append(",before\n");
    }
    text.append(longLine).append('\n');
    for (int i = 0; i < 50; i++) {
      text.append(i).append(",after\n");
    }
    text.append(longLine); // and once more as the last line, without newline
    Path file = write("long.csv", text.toString());
    List<SourceRecord> expected = expectedLines(file, true);
    assertEquals(102, expected.size());
    assertEquals(2, expected.stream().filter(l -> l.getText().equals(longLine)).count());
    PAssert.that(pipeline.apply(ReadLines.from(file.toString()).withHeader().withSplitBytes(SPLIT)))
        .containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void headerLongerThanARange(TestPipeline pipeline) throws IOException {
    String header = "c" + String.join(",c", java.util.Collections.nCopies(800, "x")); // ~2.4 KB
    StringBuilder text = new StringBuilder(header).append('\n');
    for (int i = 0; i < 300; i++) {
      text.append("row").append(i).append('\n');
    }
    Path file = write("wide.csv", text.toString());
    List<SourceRecord> expected = expectedLines(file, true);
    assertEquals(300, expected.size());
    assertEquals(header, expected.get(0).getHeader());
    PAssert.that(pipeline.apply(ReadLines.from(file.toString()).withHeader().withSplitBytes(SPLIT)))
        .containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void globOverFilesWithDifferentHeaders(TestPipeline pipeline) throws IOException {
    List<SourceRecord> expected = new ArrayList<>();
    String[] headers = {"id,lat,lon", "lon,lat,id", "LAT , id,lon,extra"};
    for (int f = 0; f < headers.length; f++) {
      StringBuilder text = new StringBuilder(headers[f]).append('\n');
      for (int i = 0; i < 100 * (f + 1); i++) {
        text.append(f).append(',').append(i).append(",file").append(f).append('\n');
      }
      Path file = write("part-" + f + ".csv", text.toString());
      expected.addAll(expectedLines(file, true));
    }
    write("ignored.txt", "not,matched\n1,2\n");
    write("empty.csv", ""); // matched, contributes nothing
    assertEquals(600, expected.size());
    PCollection<SourceRecord> lines =
        pipeline.apply(
            ReadLines.from(dir.resolve("*.csv").toString()).withHeader().withSplitBytes(SPLIT));
    PAssert.that(lines).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void multiByteUtf8WithSplitPointsInsideCharacters(TestPipeline pipeline) throws IOException {
    String[] words = {"Žluťoučký kůň", "Přírůstek", "東京都", "🚕🚖🚗", "naïve café", "Ελληνικά", "a"};
    StringBuilder text = new StringBuilder("název,město\n");
    Random random = new Random(42);
    for (int i = 0; i < 1200; i++) {
      int n = 1 + random.nextInt(4);
      for (int w = 0; w < n; w++) {
        text.append(words[random.nextInt(words.length)]).append(w + 1 < n ? "," : "");
      }
      text.append('\n');
    }
    Path file = write("utf8.csv", text.toString());
    byte[] bytes = Files.readAllBytes(file);
    // Make sure the test means something: several 1 KiB boundaries fall inside a character.
    int inside = 0;
    for (long b = SPLIT; b < bytes.length; b += SPLIT) {
      if ((bytes[(int) b] & 0xC0) == 0x80) {
        inside++;
      }
    }
    assertThat("split points inside multi-byte characters", inside, greaterThan(3));
    List<SourceRecord> expected = expectedLines(file, true);
    assertEquals(1200, expected.size());
    PCollection<SourceRecord> lines =
        pipeline.apply(ReadLines.from(file.toString()).withHeader().withSplitBytes(SPLIT));
    PAssert.that(lines).containsInAnyOrder(expected);
    PAssert.that(lines)
        .satisfies(
            all -> {
              for (SourceRecord line : all) {
                assertFalse(line.getText().contains("\uFFFD"), "broken character in " + line);
                assertEquals("název,město", line.getHeader());
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void manyLinesInOneRangeSurviveRunnerCheckpoints(TestPipeline pipeline) throws IOException {
    // One range of 20k lines: the direct runner checkpoints a splittable DoFn every few outputs,
    // so the reader resumes mid-range many times.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Path file = write("lines.txt", text.toString());
    List<SourceRecord> expected = expectedLines(file, false);
    PCollection<SourceRecord> lines = pipeline.apply(ReadLines.from(file.toString()));
    PAssert.that(lines).containsInAnyOrder(expected);
    PAssert.thatSingleton(lines.apply(Count.globally())).isEqualTo(20_000L);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void headerOnlyAndBlankOnlyFilesGiveNothing(TestPipeline pipeline) throws IOException {
    write("a.csv", "just,a,header\n");
    write("b.csv", "just,a,header");
    write("c.csv", "h\n\n\r\n   \n");
    PAssert.that(
            pipeline.apply(
                ReadLines.from(dir.resolve("*.csv").toString()).withHeader().withSplitBytes(SPLIT)))
        .empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void readsEveryRecordOnceAcrossFilesAndRanges(TestPipeline pipeline) throws IOException {
    StringBuilder a = new StringBuilder("h\n");
    for (int i = 0; i < 777; i++) {
      a.append("a").append(i).append(i % 50 == 0 ? "\n\n" : "\n");
    }
    StringBuilder b = new StringBuilder("h\n");
    for (int i = 0; i < 333; i++) {
      b.append("b").append(i).append('\n');
    }
    write("a.csv", a.toString());
    write("b.csv", b.toString());
    PAssert.thatSingleton(
            pipeline
                .apply(
                    ReadLines.from(dir.resolve("*.csv").toString())
                        .withHeader()
                        .withSplitBytes(SPLIT))
                .apply(Count.globally()))
        .isEqualTo(777L + 333);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void noMatchFailsThePipeline(TestPipeline pipeline) {
    pipeline.apply(ReadLines.from(dir.resolve("nothing-*.csv").toString()).withHeader());
    Exception e = assertThrows(Exception.class, () -> pipeline.run().waitUntilFinish());
    assertThat(String.valueOf(e.getMessage()), containsString("nothing-*.csv"));
  }

  @Test
  void splitSizeBelowOneKibibyteIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ReadLines.from("x").withSplitBytes(1023));
    assertThat(e.getMessage(), containsString("1023"));
    assertThrows(NullPointerException.class, () -> ReadLines.from(null));
  }

  @Test
  void withMethodsLeaveTheOriginalAsItWasAndShowInDisplayData() {
    ReadLines plain = ReadLines.from("data/*.csv");
    ReadLines configured = plain.withHeader().withSplitBytes(SPLIT);
    assertEquals(
        Map.of(
            "filepattern",
            "data/*.csv",
            "hasHeader",
            false,
            "splitBytes",
            ReadLines.DEFAULT_SPLIT_BYTES),
        displayData(plain));
    assertEquals(
        Map.of("filepattern", "data/*.csv", "hasHeader", true, "splitBytes", SPLIT),
        displayData(configured));
  }

  @Test
  void oracleAgreesWithHandCountedOffsets() throws IOException {
    // The reference reader below is what the pipelines are compared with; check it once by hand.
    Path file = write("o.csv", "\uFEFFh\r\nx\n\ny\r\nz");
    List<SourceRecord> lines = expectedLines(file, true);
    String s = file.toString();
    assertEquals(
        List.of(
            SourceRecord.of(Location.of(s, 6), "x", "h"),
            SourceRecord.of(Location.of(s, 9), "y", "h"),
            SourceRecord.of(Location.of(s, 12), "z", "h")),
        lines);
    assertTrue(expectedLines(file, false).get(0).getText().equals("h"));
  }

  // --- helpers ---

  private static Map<String, Object> displayData(ReadLines transform) {
    Map<String, Object> items = new HashMap<>();
    DisplayData.from(transform).items().forEach(item -> items.put(item.getKey(), item.getValue()));
    return items;
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * A plain sequential reading of {@code file}: the lines ReadLines must emit, each with the offset
   * of its first byte; CR before LF and a leading BOM dropped, blank lines and the header skipped.
   */
  static List<SourceRecord> expectedLines(Path file, boolean withHeader) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String source = file.toString();
    List<long[]> spans = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i > start || i < bytes.length) {
          spans.add(new long[] {start, i});
        }
        start = i + 1;
      }
    }
    Map<Integer, String> texts = new HashMap<>();
    for (int n = 0; n < spans.size(); n++) {
      int from = (int) spans.get(n)[0];
      int to = (int) spans.get(n)[1];
      if (to > from && bytes[to - 1] == '\r') {
        to--;
      }
      String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
      if (from == 0 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      texts.put(n, text);
    }
    String header = withHeader && !spans.isEmpty() ? texts.get(0) : null;
    List<SourceRecord> lines = new ArrayList<>();
    for (int n = withHeader ? 1 : 0; n < spans.size(); n++) {
      String text = texts.get(n);
      if (!text.isBlank()) {
        lines.add(SourceRecord.of(Location.of(source, spans.get(n)[0]), text, header));
      }
    }
    return lines;
  }
}
