package dev.tributary.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ResolveLineNumbersTest {
  @TempDir Path dir;

  @Test
  void handCountedLines(TestPipeline pipeline) throws IOException {
    // line 1 "h\r\n" @0, line 2 "a\n" @3, line 3 "\n" @5, line 4 "ü,b\n" @6 (ü is 2 bytes), line 5
    // "c" @11
    Path file = dir.resolve("f.csv");
    Files.writeString(file, "h\r\na\n\nü,b\nc", StandardCharsets.UTF_8);
    String s = file.toString();
    PCollection<DeadLetter> resolved =
        pipeline
            .apply(
                Create.of(
                    letter(s, 11, "c"),
                    letter(s, 0, "h"),
                    letter(s, 6, "ü,b"),
                    letter(s, 3, "a"),
                    letter(s, 6, "ü,b")))
            .apply(ResolveLineNumbers.create());
    PAssert.that(resolved)
        .containsInAnyOrder(
            letter(s, 0, "h").withLine(1),
            letter(s, 3, "a").withLine(2),
            letter(s, 6, "ü,b").withLine(4),
            letter(s, 6, "ü,b").withLine(4),
            letter(s, 11, "c").withLine(5));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void eachByIndexGivesTheSameLinesWithoutGatheringThem(TestPipeline pipeline) throws IOException {
    Path file = dir.resolve("f.csv");
    Files.writeString(file, "h\r\na\n\nü,b\nc", StandardCharsets.UTF_8);
    String s = file.toString();
    DeadLetter noFile = letter("topic-a", 7, "x");
    PCollection<DeadLetter> resolved =
        pipeline
            .apply(Create.of(letter(s, 11, "c"), letter(s, 6, "ü,b"), letter(s, 3, "a"), noFile))
            .apply(ResolveLineNumbers.eachByIndex());
    PAssert.that(resolved)
        .containsInAnyOrder(
            letter(s, 3, "a").withLine(2),
            letter(s, 6, "ü,b").withLine(4),
            letter(s, 11, "c").withLine(5),
            noFile);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void manyLettersAcrossSeveralLargeFiles(TestPipeline pipeline) throws IOException {
    List<DeadLetter> input = new ArrayList<>();
    List<DeadLetter> expected = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      Path file = dir.resolve("part-" + f + ".csv");
      StringBuilder text = new StringBuilder();
      List<Long> offsets = new ArrayList<>();
      long offset = 0;
      int lines = 30_000 + f * 1000; // > 64 KiB buffer, so counting spans many reads
      for (int i = 0; i < lines; i++) {
        String line = (i % 7 == 0 ? "Řádek " : "line ") + i + (i % 3 == 0 ? "\r\n" : "\n");
        offsets.add(offset);
        offset += line.getBytes(StandardCharsets.UTF_8).length;
        text.append(line);
      }
      Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
      String s = file.toString();
      for (int i = f; i < lines; i += 997) { // includes the first line of file 0
        input.add(letter(s, offsets.get(i), "line " + i));
        expected.add(letter(s, offsets.get(i), "line " + i).withLine(i + 1));
      }
      int last = lines - 1;
      input.add(letter(s, offsets.get(last), "last"));
      expected.add(letter(s, offsets.get(last), "last").withLine(lines));
    }
    PAssert.that(pipeline.apply(Create.of(input)).apply(ResolveLineNumbers.create()))
        .containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
    assertEquals(input.size(), expected.size());
  }

  private static DeadLetter letter(String source, long offset, String raw) {
    return DeadLetter.of(Location.of(source, offset), 0, "parse", "bad record", raw);
  }
}
