package dev.tributary.pipelines.sales;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.CliRun;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** scripts/sales.sh on the hand-checked fixture ({@link SalesFixture}): exactly these rows. */
class SalesCliIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  @BeforeAll
  static void fixture() throws Exception {
    SalesFixture.insert(db);
  }

  private static CliRun cli(String command) {
    return CliRun.of(
        out -> new SalesCli(out).run(new String[] {command, "--jdbcUrl", db.jdbcUrl()}));
  }

  @Test
  void topMembersBySpendingTiesByTransactionsThenId() {
    CliRun run = cli("top-members");
    assertEquals(0, run.code(), run.err().toString());
    assertEquals(
        List.of(
            "membership_id,first_name,last_name,transactions,spending",
            "M01_00000,F01,M01,2,580.00",
            "M03_00000,F03,M03,2,480.00",
            "M02_00000,F02,M02,1,480.00",
            "M10_00000,F10,M10,1,345.00",
            "M11_00000,F11,M11,1,340.00",
            "M04_00000,F04,M04,1,70.00",
            "M05_00000,F05,M05,1,60.00",
            "M06_00000,F06,M06,1,40.00",
            "M07_00000,F07,M07,1,40.00",
            "M08_00000,F08,M08,1,30.00"),
        run.out());
  }

  @Test
  void topItemsByTransactionsTiesByQuantityThenName() {
    CliRun run = cli("top-items");
    assertEquals(0, run.code(), run.err().toString());
    assertEquals(
        List.of(
            "item_id,item,manufacturer,transactions,quantity",
            "4,Mouse,Bolt,6,7",
            "1,Kettle,Acme,5,6",
            "5,Blender,Bolt,2,8"),
        run.out());
  }
}
