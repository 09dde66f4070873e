package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.engine.KindRegistry;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.TestNetwork;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** Creating, diffing, correcting, adopting and pruning databases against the emulator. */
class DatabaseReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId ORDERS_DB = new ResourceId(DatabaseKind.KIND, "orders-db");
  private static final Instant NOW = Instant.parse("2025-03-09T21:04:05Z");

  private TestNetwork network;
  private RdsClient rds;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    rds = RdsClient.create();
  }

  @AfterEach
  void tearDown() {
    rds.close();
  }

  /**
   * Returns the orders-db document on the test network. The {@code metadata} lines go under {@code
   * metadata} and the {@code extra} lines at the end of {@code spec}, each indented by two.
   */
  private String database(String metadata, String extra) {
    return """
    apiVersion: mooring/v1
    kind: Database
    metadata:
      name: orders-db
    %sspec:
      engine: postgres
      engineVersion: "16.4"
      instanceClass: db.t4g.medium
      storage: {allocatedGiB: 50, maxAllocatedGiB: 200, type: gp3}
      multiAz: true
      backupRetentionDays: 7
      backupWindow: "03:00-04:00"
      maintenanceWindow: "sun:04:30-sun:05:30"
      subnets: [%s, %s]
      securityGroups: [%s]
      masterUsername: orders
      tags: {team: orders}
    %s\
    """
        .formatted(metadata, network.subnetA(), network.subnetB(), network.securityGroup(), extra);
  }

  private String database() {
    return database("", "");
  }

  private DBInstance instance() {
    return rds.describeDBInstances(r -> r.dbInstanceIdentifier("orders-db")).dbInstances().get(0);
  }

  private boolean instanceExists() {
    try {
      instance();
      return true;
    } catch (DbInstanceNotFoundException e) {
      return false;
    }
  }

  private DBSubnetGroup subnetGroup() {
    return rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName("orders-db"))
        .dbSubnetGroups()
        .get(0);
  }

  private Map<String, String> tagsOf(String arn) {
    return RdsTags.list(rds, arn);
  }

  private static List<String> changedPaths(ReconcileReport report) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(ORDERS_DB))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  private static List<String> securityGroupIds(DBInstance instance) {
    return instance.vpcSecurityGroups().stream()
        .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
        .toList();
  }

  private static List<String> subnetIds(DBSubnetGroup group) {
    return group.subnets().stream().map(Subnet::subnetIdentifier).toList();
  }

  @Test
  void applyCreatesInstanceWithEveryField() {
    stack.write("database.yaml", database());

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    DBInstance db = instance();
    assertThat(db.engine()).isEqualTo("postgres");
    assertThat(db.engineVersion()).isEqualTo("16.4");
    assertThat(db.dbInstanceClass()).isEqualTo("db.t4g.medium");
    assertThat(db.allocatedStorage()).isEqualTo(50);
    assertThat(db.maxAllocatedStorage()).isEqualTo(200);
    assertThat(db.storageType()).isEqualTo("gp3");
    assertThat(db.multiAZ()).isTrue();
    assertThat(db.storageEncrypted()).isTrue();
    assertThat(db.backupRetentionPeriod()).isEqualTo(7);
    assertThat(db.preferredBackupWindow()).isEqualTo("03:00-04:00");
    assertThat(db.preferredMaintenanceWindow()).isEqualTo("sun:04:30-sun:05:30");
    assertThat(db.deletionProtection()).isTrue();
    assertThat(db.masterUsername()).isEqualTo("orders");
    assertThat(db.masterUserSecret().secretArn()).startsWith("arn:aws:secretsmanager:");
    assertThat(db.endpoint().port()).isEqualTo(5432);
    assertThat(db.autoMinorVersionUpgrade()).isTrue();
    assertThat(db.publiclyAccessible()).isFalse();
    assertThat(securityGroupIds(db)).containsExactly(network.securityGroup());
    assertThat(db.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("orders-db");
    assertThat(db.tagList())
        .extracting(t -> t.key() + "=" + t.value())
        .contains(
            "mooring:managed-by=mooring", "mooring:document=Database/orders-db", "team=orders");
  }

  @Test
  void applyCreatesSubnetGroupNamedAfterDocument() {
    stack.write("database.yaml", database());

    stack.apply();

    DBSubnetGroup group = subnetGroup();
    assertThat(subnetIds(group)).containsExactlyInAnyOrder(network.subnetA(), network.subnetB());
    assertThat(tagsOf(group.dbSubnetGroupArn()))
        .containsEntry("mooring:document", "Database/orders-db")
        .containsEntry("team", "orders");
  }

  @Test
  void noopLoopWritesNothing() {
    stack.write("database.yaml", database());
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void observeReadsAllDatabasesInOneCall() {
    stack.write("database.yaml", database());
    stack.write("reports.yaml", database().replace("name: orders-db", "name: reports-db"));
    stack.apply();

    ReconcileReport noop = stack.plan();

    assertThat(noop.plan().inSync()).isTrue();
    assertThat(noop.awsCalls()).as("one DescribeDBInstances for both documents").isEqualTo(1);
  }

  @Test
  void observeRecordsOutputsInContext() {
    stack.write("database.yaml", database());
    stack.apply();
    DesiredState state = stack.load();
    ReconcileContext context = new ReconcileContext(state, stack.aws());
    List<DesiredResource<DatabaseSpec>> desired =
        state.ofKind(DatabaseKind.KIND, DatabaseSpec.class);

    new DatabaseKind().observe(desired, context);

    DBInstance db = instance();
    assertThat(context.id(ORDERS_DB)).contains(db.dbInstanceArn());
    assertThat(context.id(DatabaseKind.endpointKey("orders-db")))
        .contains(db.endpoint().address() + ":5432");
    assertThat(context.id(DatabaseKind.masterSecretKey("orders-db")))
        .contains(db.masterUserSecret().secretArn());
  }

  @Test
  void statusShowsEndpointAndSecret() {
    stack.write("database.yaml", database());
    stack.apply();

    Map<String, String> status = stack.plan().status().get(ORDERS_DB);

    assertThat(status).containsEntry("status", "available");
    assertThat(status.get("endpoint")).endsWith(":5432");
    assertThat(status.get("masterSecretArn")).startsWith("arn:aws:secretsmanager:");
  }

  @Test
  void securityGroupDocumentIsResolved() {
    String vpc;
    try (Ec2Client ec2 = Ec2Client.create()) {
      vpc = ec2.describeSubnets(r -> r.subnetIds(network.subnetA())).subnets().get(0).vpcId();
    }
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          vpc: %s
          subnets:
            private: [%s, %s]
        """
            .formatted(vpc, network.subnetA(), network.subnetB()));
    stack.write(
        "security-group.yaml",
        """
        apiVersion: mooring/v1
        kind: SecurityGroup
        metadata:
          name: orders-db
        spec:
          description: Postgres for orders-api
          ingress: []
        """);
    stack.write(
        "database.yaml",
        database()
            .replace("[%s, %s]".formatted(network.subnetA(), network.subnetB()), "private")
            .replace("[%s]".formatted(network.securityGroup()), "[orders-db]"));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    String groupId;
    try (Ec2Client ec2 = Ec2Client.create()) {
      groupId =
          ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("orders-db")))
              .securityGroups()
              .get(0)
              .groupId();
    }
    assertThat(securityGroupIds(instance())).containsExactly(groupId);
    assertThat(subnetIds(subnetGroup()))
        .containsExactlyInAnyOrder(network.subnetA(), network.subnetB());
    assertThat(changedPaths(stack.plan())).isEmpty();
  }

  @Test
  void gitChangeModifiesOnlyThatField() {
    stack.write("database.yaml", database());
    stack.apply();
    stack.write("database.yaml", database().replace("db.t4g.medium", "db.r6g.large"));

    ReconcileReport report = stack.apply();

    assertThat(changedPaths(report)).containsExactly("instanceClass");
    assertThat(instance().dbInstanceClass()).isEqualTo("db.r6g.large");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /** Returns changes made behind mooring's back, each with its field and a check of the repair. */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        change(
            "instanceClass",
            r -> r.dbInstanceClass("db.t4g.large"),
            db -> assertThat(db.dbInstanceClass()).isEqualTo("db.t4g.medium")),
        change(
            "engineVersion",
            r -> r.engineVersion("16.2"),
            db -> assertThat(db.engineVersion()).isEqualTo("16.4")),
        change(
            "storage.allocatedGiB",
            r -> r.allocatedStorage(40),
            db -> assertThat(db.allocatedStorage()).isEqualTo(50)),
        change(
            "storage.maxAllocatedGiB",
            r -> r.maxAllocatedStorage(300),
            db -> assertThat(db.maxAllocatedStorage()).isEqualTo(200)),
        change(
            "storage.type",
            r -> r.storageType("gp2"),
            db -> assertThat(db.storageType()).isEqualTo("gp3")),
        change("multiAz", r -> r.multiAZ(false), db -> assertThat(db.multiAZ()).isTrue()),
        change(
            "backupRetentionDays",
            r -> r.backupRetentionPeriod(1),
            db -> assertThat(db.backupRetentionPeriod()).isEqualTo(7)),
        change(
            "backupWindow",
            r -> r.preferredBackupWindow("06:00-06:30"),
            db -> assertThat(db.preferredBackupWindow()).isEqualTo("03:00-04:00")),
        change(
            "maintenanceWindow",
            r -> r.preferredMaintenanceWindow("mon:01:00-mon:01:30"),
            db -> assertThat(db.preferredMaintenanceWindow()).isEqualTo("sun:04:30-sun:05:30")),
        change(
            "deletionProtection",
            r -> r.deletionProtection(false),
            db -> assertThat(db.deletionProtection()).isTrue()),
        change(
            "autoMinorVersionUpgrade",
            r -> r.autoMinorVersionUpgrade(false),
            db -> assertThat(db.autoMinorVersionUpgrade()).isTrue()),
        change(
            "managedMasterPassword",
            r -> r.manageMasterUserPassword(false),
            db -> assertThat(db.masterUserSecret()).isNotNull()));
  }

  private static Arguments change(
      String path,
      Consumer<software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest.Builder> modify,
      Consumer<DBInstance> check) {
    return Arguments.of(path, modify, check);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path,
      Consumer<software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest.Builder> modify,
      Consumer<DBInstance> check) {
    stack.write("database.yaml", database());
    stack.apply();
    rds.modifyDBInstance(
        r -> modify.accept(r.dbInstanceIdentifier("orders-db").applyImmediately(true)));

    assertThat(changedPaths(stack.plan())).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(instance());
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void securityGroupSwappedInConsoleIsRestored() {
    stack.write("database.yaml", database());
    stack.apply();
    String other;
    try (Ec2Client ec2 = Ec2Client.create()) {
      String vpc =
          ec2.describeSubnets(r -> r.subnetIds(network.subnetA())).subnets().get(0).vpcId();
      other =
          ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("other").description("test"))
              .groupId();
    }
    rds.modifyDBInstance(r -> r.dbInstanceIdentifier("orders-db").vpcSecurityGroupIds(other));

    assertThat(changedPaths(stack.plan())).containsExactly("securityGroups");
    stack.apply();

    assertThat(securityGroupIds(instance())).containsExactly(network.securityGroup());
  }

  @Test
  void tagRemovedInConsoleIsRestored() {
    stack.write("database.yaml", database());
    stack.apply();
    rds.removeTagsFromResource(r -> r.resourceName(instance().dbInstanceArn()).tagKeys("team"));

    assertThat(changedPaths(stack.plan())).containsExactly("tags.team");
    stack.apply();

    assertThat(tagsOf(instance().dbInstanceArn())).containsEntry("team", "orders");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /**
   * Checks only that the plan finds the drift. NOTE: moto 5.2.5's ModifyDBSubnetGroup drops the
   * group from its registry, so the repair cannot run against moto.
   */
  @Test
  void subnetGroupChangedInConsoleIsFound() {
    stack.write("database.yaml", database());
    stack.apply();
    rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName("orders-db").subnetIds(network.subnetA()));

    ReconcileReport drift = stack.plan();

    assertThat(changedPaths(drift)).containsExactly("subnets");
    FieldChange change = drift.plan().changes().get(0).fields().get(0);
    assertThat(change.live()).isEqualTo(List.of(network.subnetA()));
  }

  @Test
  void minorUpgradeByRdsIsNotDrift() {
    stack.write("database.yaml", database());
    stack.apply();
    rds.modifyDBInstance(r -> r.dbInstanceIdentifier("orders-db").engineVersion("16.6"));

    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void storageGrownByAutoscalingIsNotDrift() {
    stack.write("database.yaml", database());
    stack.apply();
    rds.modifyDBInstance(r -> r.dbInstanceIdentifier("orders-db").allocatedStorage(120));

    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /** Returns changes in git that RDS cannot make, each with the field that the plan blocks. */
  static Stream<Arguments> immutableChanges() {
    return Stream.of(
        Arguments.of("masterUsername: orders", "masterUsername: admin", "masterUsername"),
        Arguments.of(
            "engineVersion: \"16.4\"", "engineVersion: \"15\"", DatabaseFields.MAJOR_DOWNGRADE),
        Arguments.of(
            "storage: {allocatedGiB: 50, maxAllocatedGiB: 200, type: gp3}",
            "storage: {allocatedGiB: 40, type: gp3}",
            DatabaseFields.STORAGE_SHRINK),
        Arguments.of("multiAz: true", "multiAz: true\n  encrypted: false", "encrypted"),
        Arguments.of(
            "multiAz: true",
            "multiAz: true\n  kmsKey: arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d",
            "kmsKey"),
        Arguments.of("engine: postgres", "engine: mariadb", "engine"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("immutableChanges")
  void immutableChangeIsBlocked(String line, String replacement, String field) {
    stack.write("database.yaml", database());
    stack.apply();
    DBInstance before = withoutRestorableTime(instance());
    stack.write("database.yaml", database().replace(line, replacement));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().changes()).isEmpty();
    assertThat(report.plan().blocked()).hasSize(1);
    String reason = report.plan().blocked().get(0).reason();
    assertThat(reason).startsWith("replacement needed for ").contains(field);
    assertThat(reason).contains("mooring never does to a Database on its own");
    assertThat(report.awsWrites()).isZero();
    assertThat(withoutRestorableTime(instance())).isEqualTo(before);
  }

  /** Drops the latest restorable time, which moves on with the clock. */
  private static DBInstance withoutRestorableTime(DBInstance instance) {
    return instance.toBuilder().latestRestorableTime(null).build();
  }

  @Test
  void unownedInstanceIsConflictAndLeftAlone() {
    createUnownedInstance();
    stack.write("database.yaml", database());

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked())
        .extracting(b -> b.id().toString())
        .containsExactly("Database/orders-db");
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(tagsOf(instance().dbInstanceArn())).containsOnlyKeys("owner");
    assertThat(instance().masterUserSecret()).isNull();
  }

  @Test
  void adoptTakesOverInstanceAndSubnetGroup() {
    createUnownedInstance();
    stack.write("database.yaml", database("  adopt: true\n", ""));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    assertThat(changedPaths(planned))
        .containsExactly("managedMasterPassword", "tags.owner", "tags.team");
    ReconcileReport adopted = stack.apply();

    assertThat(adopted.succeeded()).isTrue();
    assertThat(tagsOf(instance().dbInstanceArn()))
        .containsEntry("mooring:document", "Database/orders-db")
        .containsEntry("team", "orders")
        .doesNotContainKey("owner");
    assertThat(tagsOf(subnetGroup().dbSubnetGroupArn()))
        .containsEntry("mooring:document", "Database/orders-db");
    assertThat(instance().masterUserSecret()).isNotNull();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void adoptBlocksDifferentImmutableField() {
    createUnownedInstance();
    stack.write(
        "database.yaml",
        database("  adopt: true\n", "").replace("masterUsername: orders", "masterUsername: admin"));

    ReconcileReport report = stack.apply();

    Outcome outcome = report.outcomes().get(ORDERS_DB);
    assertThat(outcome).isInstanceOf(Outcome.Blocked.class);
    assertThat(((Outcome.Blocked) outcome).reason())
        .contains(
            "adopting " + instance().dbInstanceArn() + " would replace it",
            "masterUsername (desired \"admin\", live \"orders\")");
    assertThat(report.awsWrites()).isZero();
    assertThat(instance().masterUsername()).isEqualTo("orders");
    assertThat(tagsOf(instance().dbInstanceArn())).containsOnlyKeys("owner");
  }

  /**
   * Creates orders-db as someone else would: matching the document, but without mooring's tags and
   * with a password that the creator chose.
   */
  private void createUnownedInstance() {
    rds.createDBSubnetGroup(
        r ->
            r.dbSubnetGroupName("orders-db")
                .dbSubnetGroupDescription("made by hand")
                .subnetIds(network.subnetA(), network.subnetB()));
    rds.createDBInstance(
        r ->
            r.dbInstanceIdentifier("orders-db")
                .engine("postgres")
                .engineVersion("16.4")
                .dbInstanceClass("db.t4g.medium")
                .allocatedStorage(50)
                .maxAllocatedStorage(200)
                .storageType("gp3")
                .multiAZ(true)
                .storageEncrypted(true)
                .backupRetentionPeriod(7)
                .preferredBackupWindow("03:00-04:00")
                .preferredMaintenanceWindow("sun:04:30-sun:05:30")
                .deletionProtection(true)
                .dbSubnetGroupName("orders-db")
                .vpcSecurityGroupIds(network.securityGroup())
                .masterUsername("orders")
                .masterUserPassword("chosen-by-hand-1")
                .port(5432)
                .tags(Tag.builder().key("owner").value("someone").build()));
  }

  @Test
  void removedDocumentIsReleasedByDefault() {
    stack.write("database.yaml", database());
    stack.apply();
    stack.delete("database.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(report.plan().changes().get(0).fields())
        .containsExactly(new FieldChange("deletionPolicy", "Retain", null, false));
    DBInstance db = instance();
    assertThat(tagsOf(db.dbInstanceArn())).containsOnlyKeys("team");
    assertThat(tagsOf(subnetGroup().dbSubnetGroupArn())).containsOnlyKeys("team");
    assertThat(db.deletionProtection()).isTrue();
  }

  @Test
  void deletePolicyDeletesWithFinalSnapshot() {
    KindRegistry kinds =
        new KindRegistry(
            List.of(new EnvironmentKind(), new DatabaseKind(Clock.fixed(NOW, ZoneOffset.UTC))));
    Reconciler fixedClock =
        new Reconciler(
            kinds, stack.aws(), Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
    stack.write("database.yaml", database("  deletionPolicy: Delete\n", ""));
    fixedClock.apply(stack.load());
    assertThat(tagsOf(instance().dbInstanceArn()))
        .containsEntry("mooring:deletion-policy", "Delete");
    stack.delete("database.yaml");

    ReconcileReport report = fixedClock.apply(stack.load(), new ReconcileOptions(true, true));

    assertThat(report.succeeded()).isTrue();
    assertThat(instanceExists()).isFalse();
    assertThat(
            rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier("orders-db-final-20250309210405"))
                .dbSnapshots())
        .hasSize(1);
    assertThat(subnetGroupExists()).isFalse();
  }

  private boolean subnetGroupExists() {
    try {
      subnetGroup();
      return true;
    } catch (DbSubnetGroupNotFoundException e) {
      return false;
    }
  }

  @Test
  void deletionPolicyChangedInGitUpdatesTag() {
    stack.write("database.yaml", database("  deletionPolicy: Delete\n", ""));
    stack.apply();
    stack.write("database.yaml", database("  deletionPolicy: Retain\n", ""));

    ReconcileReport report = stack.apply();

    assertThat(changedPaths(report)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tagsOf(instance().dbInstanceArn()))
        .containsEntry("mooring:deletion-policy", "Retain");
    assertThat(tagsOf(subnetGroup().dbSubnetGroupArn()))
        .containsEntry("mooring:deletion-policy", "Retain");
  }

  @Test
  void dryRunWritesNothing() {
    stack.write("database.yaml", database());

    ReconcileReport report = stack.plan();

    assertThat(report.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.CREATE);
    assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
    assertThat(rds.describeDBSubnetGroups().dbSubnetGroups()).isEmpty();
  }
}
