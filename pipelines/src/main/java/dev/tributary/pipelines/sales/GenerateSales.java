package dev.tributary.pipelines.sales;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.RecordIds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Generates {@code transactions} sales of the catalogue's items to the members, with 1 to 5 line
 * items each: transaction {@code n} (0, 1, …) of seed {@code s} is {@code s × 10⁹ + n + 1} and
 * everything about it comes from a random generator seeded by that id alone, so the same seed and
 * count give the same rows on any runner, in any order, at any parallelism, and a larger count adds
 * transactions without changing the first ones. The indices come from {@link GenerateSequence},
 * which splits like any bounded source.
 */
public final class GenerateSales extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<Sale> SALES = new TupleTag<>("sales") {};
  public static final TupleTag<LineItem> LINES = new TupleTag<>("lines") {};

  /** Transactions per seed: the id block of a seed. */
  static final long PER_SEED = 1_000_000_000L;

  static final int MAX_LINES = 5;

  private static final String ITEMS = "items";

  /** Sales fall in 2025, UTC: fixed, so that a re-run next year writes the same rows. */
  private static final Instant FIRST = Instant.parse("2025-01-01T00:00:00Z");

  private static final long YEAR_SECONDS = Duration.standardDays(365).getStandardSeconds();
  private static final int COMPLETED_PERCENT = 85;
  private static final int DISCOUNTED_PERCENT = 10;
  private static final BigDecimal DISCOUNT = new BigDecimal("0.90");

  private final long transactions;
  private final long seed;
  private final List<String> members;
  private final PCollectionView<List<Item>> items;

  private GenerateSales(
      long transactions, long seed, List<String> members, PCollectionView<List<Item>> items) {
    this.transactions = transactions;
    this.seed = seed;
    this.members = members;
    this.items = items;
  }

  /** {@code transactions} sales of seed {@code seed} to {@code members} of {@code items}. */
  public static GenerateSales of(
      long transactions, long seed, List<String> members, PCollectionView<List<Item>> items) {
    if (transactions < 0 || transactions >= PER_SEED) {
      throw new IllegalArgumentException("transactions must be 0 to " + (PER_SEED - 1));
    }
    if (seed < 0 || seed > Long.MAX_VALUE / PER_SEED - 1) {
      throw new IllegalArgumentException("seed must be 0 to " + (Long.MAX_VALUE / PER_SEED - 1));
    }
    if (members.isEmpty()) {
      throw new IllegalArgumentException("sales need members");
    }
    return new GenerateSales(transactions, seed, List.copyOf(members), items);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple generated =
        begin
            .apply("Indices", GenerateSequence.from(0).to(transactions))
            .apply(
                "Generate",
                ParDo.of(new GenerateFn(seed, members))
                    .withSideInput(ITEMS, items)
                    .withOutputTags(SALES, TupleTagList.of(LINES)));
    generated.get(SALES).setCoder(Coders.of(begin.getPipeline(), Sale.class));
    generated.get(LINES).setCoder(Coders.of(begin.getPipeline(), LineItem.class));
    return generated;
  }

  /** A transaction and its lines. */
  record Generated(Sale sale, List<LineItem> lines) {}

  /** Transaction {@code index} of {@code seed}: a function of its arguments only. */
  static Generated generate(long seed, long index, List<String> members, List<Item> catalogue) {
    if (catalogue.isEmpty()) {
      throw new IllegalStateException("the catalogue has no items to sell");
    }
    long id = seed * PER_SEED + index + 1;
    SplittableRandom random = new SplittableRandom(RecordIds.mix(id));
    // The lower of two draws: early members buy more, so that some members stand out.
    String member =
        members.get(Math.min(random.nextInt(members.size()), random.nextInt(members.size())));
    Instant placed = FIRST.plus(Duration.standardSeconds(random.nextLong(YEAR_SECONDS)));
    Instant completed =
        random.nextInt(100) < COMPLETED_PERCENT
            ? placed.plus(Duration.standardMinutes(random.nextLong(60, 7 * 24 * 60)))
            : null;
    List<Item> items = new ArrayList<>(catalogue);
    items.sort(Comparator.comparingInt(Item::getItemId)); // a side input's order is not fixed
    int lines = 1 + random.nextInt(Math.min(MAX_LINES, items.size()));
    List<LineItem> sold = new ArrayList<>(lines);
    for (int line = 1; line <= lines; line++) {
      // A partial shuffle: each line a different item.
      int pick = line - 1 + random.nextInt(items.size() - line + 1);
      Item item = items.set(pick, items.get(line - 1));
      items.set(line - 1, item);
      int quantity = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(3);
      BigDecimal price =
          random.nextInt(100) < DISCOUNTED_PERCENT
              ? item.getCost().multiply(DISCOUNT).setScale(2, RoundingMode.HALF_UP)
              : item.getCost();
      sold.add(LineItem.of(id, line, item, quantity, price));
    }
    return new Generated(Sale.of(id, member, placed, completed), sold);
  }

  private static final class GenerateFn extends DoFn<Long, Sale> {
    private final long seed;
    private final List<String> members;

    GenerateFn(long seed, List<String> members) {
      this.seed = seed;
      this.members = members;
    }

    @ProcessElement
    public void process(
        @Element Long index, @SideInput(ITEMS) List<Item> items, MultiOutputReceiver out) {
      Generated g = generate(seed, index, members, items);
      out.get(SALES).output(g.sale());
      g.lines().forEach(out.get(LINES)::output);
    }
  }
}
