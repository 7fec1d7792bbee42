package dev.tributary.io.files;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ReadJsonDocumentsTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir Path dir;

  @Test
  void prettyPrintedObjectIsOneDocument(TestPipeline pipeline) throws IOException {
    String object =
        "{\n  \"id\": 1,\n  \"name\": \"a, b\",\n  \"parts\": [\n    {\"x\": 1}\n  ]\n}";
    String s = write("one.json", object + "\n");
    Read read = read(pipeline, s);
    PAssert.that(read.documents).containsInAnyOrder(SourceRecord.of(Location.of(s, 0), object));
    PAssert.that(read.deadLetters).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void arrayOfObjectsIsOneDocumentPerElement(TestPipeline pipeline) throws IOException {
    String first = "{\"id\": 1}";
    String second = "{\"id\": 2, \"nested\": [1, {\"a\": [2]}], \"s\": \"]}\"}";
    String third = "{\n    \"id\": 3\n  }";
    String text = "[\n  " + first + ",\n  " + second + " ,\n  " + third + "\n]\n";
    String s = write("array.json", text);
    Read read = read(pipeline, s);
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(s, 4), first),
            SourceRecord.of(Location.of(s, text.indexOf(second)), second),
            SourceRecord.of(Location.of(s, text.indexOf(third)), third));
    PAssert.that(read.deadLetters).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void jsonLinesAreOneDocumentPerLineUnparsedAndBlankLinesSkipped(TestPipeline pipeline)
      throws IOException {
    // 0: {"id":1} (9 bytes with \n), 9: malformed (15), 24: blank, 25: spaces (4), 29: CRLF line,
    // 39: last line without newline.
    String text = "{\"id\":1}\n{\"id\": 2, oops\n\n   \n{\"id\":3}\r\n{\"id\":4}";
    String s = write("lines.jsonl", text);
    Read read = read(pipeline, s);
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(s, 0), "{\"id\":1}"),
            SourceRecord.of(Location.of(s, 9), "{\"id\": 2, oops"),
            SourceRecord.of(Location.of(s, 29), "{\"id\":3}"),
            SourceRecord.of(Location.of(s, 39), "{\"id\":4}"));
    PAssert.that(read.deadLetters).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void byteOrderMarkIsSkippedInEveryLayout(TestPipeline pipeline) throws IOException {
    String object = "{\n  \"id\": 1\n}";
    String pretty = write("pretty.json", BOM, object + "\n");
    String array = write("array.json", BOM, "[{\"id\": 2}, {\"id\": 3}]");
    String lines = write("lines.jsonl", BOM, "{\"id\":4}\n{\"id\": 5, oops\n{\"id\":6}\n");
    String bad = write("bad.json", BOM, "{\n  \"id\": 7,\n");
    Read read = read(pipeline, dir.resolve("*.json*").toString());
    // Offsets count the BOM's three bytes; no text starts with it.
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(pretty, 3), object),
            SourceRecord.of(Location.of(array, 4), "{\"id\": 2}"),
            SourceRecord.of(Location.of(array, 15), "{\"id\": 3}"),
            SourceRecord.of(Location.of(lines, 0), "{\"id\":4}"),
            SourceRecord.of(Location.of(lines, 12), "{\"id\": 5, oops"),
            SourceRecord.of(Location.of(lines, 27), "{\"id\":6}"));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              assertLetter(single(letters), bad, 3, "{\n  \"id\": 7,\n");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void invalidFileIsOneDeadLetterAndTheOtherFilesAreStillRead(TestPipeline pipeline)
      throws IOException {
    String good = write("a-good.json", "{\n  \"id\": 1\n}\n");
    String truncated = "{\n  \"id\": 2,\n  \"name\": \"cut";
    String bad = write("b-bad.json", truncated);
    String array = write("c-array.json", "[{\"id\": 3}]");
    Read read = read(pipeline, dir.resolve("*.json").toString());
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(good, 0), "{\n  \"id\": 1\n}"),
            SourceRecord.of(Location.of(array, 1), "{\"id\": 3}"));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              DeadLetter letter = single(letters);
              assertLetter(letter, bad, 0, truncated);
              assertThat(letter.getReason(), startsWith("not valid JSON at line 3, column "));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void invalidElementOfAnArrayKeepsTheElementsBeforeIt(TestPipeline pipeline) throws IOException {
    String text = "[\n  {\"id\": 1},\n  {\"id\": 2, \"x\": tru},\n  {\"id\": 3}\n]\n";
    String s = write("array.json", text);
    int failing = text.indexOf("{\"id\": 2");
    Read read = read(pipeline, s);
    PAssert.that(read.documents)
        .containsInAnyOrder(SourceRecord.of(Location.of(s, 4), "{\"id\": 1}"));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              DeadLetter letter = single(letters);
              assertLetter(letter, s, failing, text.substring(failing));
              assertThat(letter.getReason(), startsWith("not valid JSON at line 3, column "));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void failureBetweenArrayElementsStartsAtTheElementAfterTheLastGoodOne(TestPipeline pipeline)
      throws IOException {
    String badValue = write("bad-value.json", "[{\"id\": 1}, tru, {\"id\": 3}]");
    String noComma = write("no-comma.json", "[{\"id\": 1}\n {\"id\": 2}]");
    Read read = read(pipeline, dir.resolve("*.json").toString());
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(badValue, 1), "{\"id\": 1}"),
            SourceRecord.of(Location.of(noComma, 1), "{\"id\": 1}"));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              all.sort((a, b) -> a.getSource().compareTo(b.getSource()));
              assertEquals(2, all.size(), "dead letters: " + all);
              assertLetter(all.get(0), badValue, 12, "tru, {\"id\": 3}]");
              assertLetter(all.get(1), noComma, 12, "{\"id\": 2}]");
              assertThat(all.get(1).getReason(), startsWith("not valid JSON at line 2, column "));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void emptyFileIsADeadLetter(TestPipeline pipeline) throws IOException {
    String empty = write("empty.json", "");
    String blank = write("blank.json", " \n\n\t\n");
    Read read = read(pipeline, dir.resolve("*.json").toString());
    PAssert.that(read.documents).empty();
    PAssert.that(read.deadLetters)
        .containsInAnyOrder(
            DeadLetter.of(Location.of(empty, 0), 1, "parse", "no JSON document in the file", ""),
            DeadLetter.of(Location.of(blank, 0), 1, "parse", "no JSON document in the file", ""));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void contentAfterTheArrayIsADeadLetter(TestPipeline pipeline) throws IOException {
    String text = "[\n  {\"id\": 1},\n  {\"id\": 2}\n]\n{\"id\": 3}\n";
    String s = write("after.json", text);
    int after = text.indexOf("{\"id\": 3}");
    Read read = read(pipeline, s);
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(s, 4), "{\"id\": 1}"),
            SourceRecord.of(Location.of(s, 17), "{\"id\": 2}"));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              DeadLetter letter = single(letters);
              assertLetter(letter, s, after, "{\"id\": 3}\n");
              assertThat(letter.getReason(), startsWith("not valid JSON at line 5, column "));
              assertThat(
                  letter.getReason(), containsString("content after the array of documents"));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void invalidContentAfterTheArrayIsADeadLetterOfItsOwn(TestPipeline pipeline) throws IOException {
    String text = "[{\"id\": 1}, {\"id\": 2}]\n  oops\n";
    String s = write("after.json", text);
    int after = text.indexOf("oops");
    Read read = read(pipeline, s);
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(s, 1), "{\"id\": 1}"),
            SourceRecord.of(Location.of(s, 12), "{\"id\": 2}"));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              DeadLetter letter = single(letters);
              assertLetter(letter, s, after, "oops\n");
              assertThat(letter.getReason(), startsWith("not valid JSON at line 2, column "));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void twoConcatenatedPrettyPrintedObjectsAreTwoDocuments(TestPipeline pipeline)
      throws IOException {
    String first = "{\n  \"id\": 1,\n  \"tags\": [\"a\"]\n}";
    String second = "{\n  \"id\": 2\n}";
    String s = write("two.json", first + "\n" + second + "\n");
    Read read = read(pipeline, s);
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(s, 0), first),
            SourceRecord.of(Location.of(s, first.length() + 1), second));
    PAssert.that(read.deadLetters).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void garbageBetweenConcatenatedObjectsRejectsOnlyWhatFollows(TestPipeline pipeline)
      throws IOException {
    String first = "{\n  \"id\": 1\n}";
    String rest = "oops {\n  \"id\": 2\n}\n";
    String s = write("two.json", first + "\n" + rest);
    Read read = read(pipeline, s);
    PAssert.that(read.documents).containsInAnyOrder(SourceRecord.of(Location.of(s, 0), first));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              DeadLetter letter = single(letters);
              // Not the first document again, which was read: from where the failure begins.
              assertLetter(letter, s, first.length() + 1, rest);
              assertThat(letter.getReason(), startsWith("not valid JSON at line 4, column "));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void globOverSeveralFilesOfEveryLayout(TestPipeline pipeline) throws IOException {
    List<SourceRecord> expected = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      String object = "{\n  \"file\": " + f + "\n}";
      expected.add(SourceRecord.of(Location.of(write("object-" + f + ".json", object), 0), object));
    }
    String array = write("array.json", "[{\"a\": 1},{\"a\": 2}]");
    expected.add(SourceRecord.of(Location.of(array, 1), "{\"a\": 1}"));
    expected.add(SourceRecord.of(Location.of(array, 10), "{\"a\": 2}"));
    String lines = write("lines.json", "{\"l\": 1}\n{\"l\": 2}\n");
    expected.add(SourceRecord.of(Location.of(lines, 0), "{\"l\": 1}"));
    expected.add(SourceRecord.of(Location.of(lines, 9), "{\"l\": 2}"));
    write("other.txt", "{\"not\": \"matched\"}");
    Files.createDirectories(dir.resolve("sub"));
    write("sub/nested.json", "{\"not\": \"matched either\"}");
    Read read = read(pipeline, dir.resolve("*.json").toString());
    PAssert.that(read.documents).containsInAnyOrder(expected);
    PAssert.that(read.deadLetters).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void offsetsAreByteOffsets(TestPipeline pipeline) throws IOException {
    // "ü" is 1 char and 2 bytes, "🚕" 2 chars and 4 bytes: what follows them starts 3 bytes after
    // its character index.
    String first = "{\"name\": \"Müller 🚕\"}";
    String second = "{\"name\": \"x\"}";
    String arrayText = "[\n  " + first + ",\n  " + second + "\n]";
    String array = write("array.json", arrayText);
    String concatenated = write("two.json", first + "\n" + second);
    String lines = write("lines.jsonl", first + "\n" + second + "\n" + first + "\n");
    assertEquals(29, arrayText.indexOf(second), "characters");
    assertEquals(32, arrayText.substring(0, 29).getBytes(StandardCharsets.UTF_8).length, "bytes");
    Read read = read(pipeline, dir.resolve("*.json*").toString());
    PAssert.that(read.documents)
        .containsInAnyOrder(
            SourceRecord.of(Location.of(array, 4), first),
            SourceRecord.of(Location.of(array, 32), second),
            SourceRecord.of(Location.of(concatenated, 0), first),
            SourceRecord.of(Location.of(concatenated, 25), second),
            SourceRecord.of(Location.of(lines, 0), first),
            SourceRecord.of(Location.of(lines, 25), second),
            SourceRecord.of(Location.of(lines, 39), first));
    PAssert.that(read.deadLetters).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void deadLetterOffsetIsAByteOffsetToo(TestPipeline pipeline) throws IOException {
    String text = "[{\"name\": \"ü\"}, {\"name\": ]";
    String s = write("bad.json", text);
    Read read = read(pipeline, s);
    PAssert.that(read.documents)
        .containsInAnyOrder(SourceRecord.of(Location.of(s, 1), "{\"name\": \"ü\"}"));
    PAssert.that(read.deadLetters)
        .satisfies(
            letters -> {
              assertLetter(single(letters), s, 17, "{\"name\": ]");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void noMatchFailsThePipeline(TestPipeline pipeline) {
    pipeline.apply(ReadJsonDocuments.from(dir.resolve("nothing-*.json").toString()));
    Exception e = assertThrows(Exception.class, () -> pipeline.run().waitUntilFinish());
    assertThat(String.valueOf(e.getMessage()), containsString("nothing-*.json"));
  }

  @Test
  void documentsTagIsTheSameForEveryInstance() {
    ReadJsonDocuments one = ReadJsonDocuments.from("a/*.json");
    assertEquals(one.documentsTag(), ReadJsonDocuments.from("b/*.json").documentsTag());
    assertEquals("documents", one.documentsTag().getId());
    assertEquals(
        List.of("filepattern=a/*.json"),
        DisplayData.from(one).items().stream()
            .map(item -> item.getKey() + "=" + item.getValue())
            .toList());
    assertThrows(NullPointerException.class, () -> ReadJsonDocuments.from(null));
  }

  // --- helpers ---

  private record Read(PCollection<SourceRecord> documents, PCollection<DeadLetter> deadLetters) {}

  private static Read read(TestPipeline pipeline, String filepattern) {
    ReadJsonDocuments transform = ReadJsonDocuments.from(filepattern);
    PCollectionTuple out = pipeline.apply(transform);
    return new Read(out.get(transform.documentsTag()), out.get(DeadLetters.TAG));
  }

  private String write(String name, String text) throws IOException {
    return write(name, new byte[0], text);
  }

  private String write(String name, byte[] prefix, String text) throws IOException {
    Path file = dir.resolve(name);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, bytes, prefix.length, body.length);
    Files.write(file, bytes);
    return file.toString();
  }

  private static DeadLetter single(Iterable<DeadLetter> letters) {
    List<DeadLetter> all = new ArrayList<>();
    letters.forEach(all::add);
    assertEquals(1, all.size(), "dead letters: " + all);
    return all.get(0);
  }

  /** A parse failure: located by byte offset, its line still to be resolved, the raw text. */
  private static void assertLetter(DeadLetter letter, String source, long offset, String raw) {
    assertEquals(source, letter.getSource());
    assertEquals(offset, letter.getOffset(), "offset of " + letter);
    assertEquals(0, letter.getLine());
    assertEquals("", letter.getPath());
    assertEquals("parse", letter.getStep());
    assertEquals(raw, letter.getRaw());
  }
}
