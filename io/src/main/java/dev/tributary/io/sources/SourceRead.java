package dev.tributary.io.sources;

import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.SourceRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a source gives a pipeline: its records, the records it could not read as dead letters (a
 * file that is not JSON), both counted as read, and how to locate dead letters for people: line
 * numbers for files, nothing (null) to add to a topic's offsets.
 */
public record SourceRead(
    PCollection<SourceRecord> records,
    PCollection<DeadLetter> deadLetters,
    @Nullable PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> locate) {}
