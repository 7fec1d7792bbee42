package dev.tributary.pipelines.sales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.pipelines.sales.GenerateSales.Generated;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Generated sales: a function of seed and index alone, within the catalogue's rules. */
@ExtendWith(TestPipelineExtension.class)
class GenerateSalesTest {
  private static final List<String> MEMBERS = List.of("Lee_00001", "Kim_00002", "Ng_00003");
  private static final List<Item> CATALOGUE =
      List.of(
          Item.of(1, "Kettle", "kitchen", 1, new BigDecimal("39.99"), new BigDecimal("1.100")),
          Item.of(2, "Toaster", "kitchen", 1, new BigDecimal("59.99"), new BigDecimal("1.700")),
          Item.of(3, "Drill", "tools", 2, new BigDecimal("129.00"), new BigDecimal("1.600")),
          Item.of(4, "Mouse", "electronics", 3, new BigDecimal("29.99"), new BigDecimal("0.099")),
          Item.of(5, "Monitor", "electronics", 3, new BigDecimal("279.00"), new BigDecimal("6.3")),
          Item.of(6, "Iron", "household", 1, new BigDecimal("49.99"), new BigDecimal("1.400")));

  @Test
  void aTransactionIsAFunctionOfSeedAndIndexOnly() {
    List<Item> reversed = new ArrayList<>(CATALOGUE);
    java.util.Collections.reverse(reversed);
    for (long index = 0; index < 200; index++) {
      Generated g = GenerateSales.generate(7, index, MEMBERS, CATALOGUE);
      assertEquals(g, GenerateSales.generate(7, index, MEMBERS, reversed), "index " + index);
      assertEquals(7_000_000_001L + index, g.sale().getTransactionId());
    }
    assertNotEquals(
        GenerateSales.generate(7, 0, MEMBERS, CATALOGUE).lines(),
        GenerateSales.generate(8, 0, MEMBERS, CATALOGUE).lines());
  }

  @Test
  void everyTransactionFollowsTheRules() {
    Instant first = Instant.parse("2025-01-01T00:00:00Z");
    Instant last = Instant.parse("2026-01-01T00:00:00Z");
    HashSet<Integer> lineCounts = new HashSet<>();
    for (long index = 0; index < 2000; index++) {
      Generated g = GenerateSales.generate(1, index, MEMBERS, CATALOGUE);
      Sale sale = g.sale();
      assertTrue(MEMBERS.contains(sale.getMembershipId()));
      assertTrue(!sale.getPlacedAt().isBefore(first) && sale.getPlacedAt().isBefore(last));
      assertEquals(sale.getCompletedAt() == null ? "placed" : "completed", sale.getStatus());
      assertTrue(
          sale.getCompletedAt() == null || sale.getCompletedAt().isAfter(sale.getPlacedAt()));
      List<LineItem> lines = g.lines();
      lineCounts.add(lines.size());
      assertEquals(lines.size(), lines.stream().map(LineItem::getItemId).distinct().count());
      for (int i = 0; i < lines.size(); i++) {
        LineItem line = lines.get(i);
        Item item = CATALOGUE.get(line.getItemId() - 1);
        assertEquals(i + 1, line.getLineNo());
        assertEquals(sale.getTransactionId(), line.getTransactionId());
        assertTrue(line.getQuantity() >= 1 && line.getQuantity() <= 4, line.toString());
        assertEquals(item.getWeightKg(), line.getUnitWeightKg());
        assertTrue(
            line.getUnitPrice().equals(item.getCost())
                || line.getUnitPrice()
                    .equals(
                        new BigDecimal("0.90")
                            .multiply(item.getCost())
                            .setScale(2, java.math.RoundingMode.HALF_UP)),
            line.toString());
      }
    }
    assertEquals(new HashSet<>(List.of(1, 2, 3, 4, 5)), lineCounts);
  }

  @Test
  void anEmptyCatalogueIsAMistake() {
    assertThrows(
        IllegalStateException.class, () -> GenerateSales.generate(1, 0, MEMBERS, List.of()));
  }

  @Test
  void theTransformGeneratesTheSameRowsAsTheFunction(TestPipeline pipeline) {
    PCollectionTuple generated =
        pipeline.apply(
            GenerateSales.of(
                50,
                3,
                MEMBERS,
                pipeline
                    .apply(Create.of(CATALOGUE).withType(TypeDescriptor.of(Item.class)))
                    .apply(View.asList())));
    List<Sale> sales =
        LongStream.range(0, 50)
            .mapToObj(i -> GenerateSales.generate(3, i, MEMBERS, CATALOGUE).sale())
            .toList();
    long lines =
        LongStream.range(0, 50)
            .map(i -> GenerateSales.generate(3, i, MEMBERS, CATALOGUE).lines().size())
            .sum();
    PAssert.that(generated.get(GenerateSales.SALES)).containsInAnyOrder(sales);
    PAssert.thatSingleton(generated.get(GenerateSales.LINES).apply(Count.globally()))
        .isEqualTo(lines);
    pipeline.run().waitUntilFinish();
  }
}
