package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Validation and defaults of a Database's spec, through the real loader. {@link #MINIMAL} has its
 * spec fields on lines 6 to 12, and lines appended with {@link #with} start on line 13.
 */
class DatabaseParserTest {
  static final String MINIMAL =
      """
      apiVersion: mooring/v1
      kind: Database
      metadata:
        name: orders-db
      spec:
        engine: postgres
        engineVersion: "16"
        instanceClass: db.t4g.medium
        storage: {allocatedGiB: 50}
        subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
        securityGroups: [sg-0123456789abcdef0]
        masterUsername: orders
      """;

  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void createDirectory() {
    dir = new StateDirectory(root);
  }

  private static String with(String lines) {
    return MINIMAL + lines;
  }

  private static String replacing(String line, String replacement) {
    return MINIMAL.replace(line, replacement);
  }

  private List<String> problemsOf(String document) {
    return dir.write("database.yaml", document).problems();
  }

  private DatabaseSpec specOf(String document) {
    return resourceOf(document).spec();
  }

  private DesiredResource<DatabaseSpec> resourceOf(String document) {
    return dir.write("database.yaml", document)
        .load()
        .ofKind(DatabaseKind.KIND, DatabaseSpec.class)
        .get(0);
  }

  @Test
  void minimalDatabaseGetsDefaults() {
    DatabaseSpec spec = specOf(MINIMAL);

    assertThat(spec.storage()).isEqualTo(new DatabaseSpec.Storage(50, null, "gp3", null));
    assertThat(spec.multiAz()).isFalse();
    assertThat(spec.encrypted()).isTrue();
    assertThat(spec.kmsKey()).isNull();
    assertThat(spec.backupRetentionDays()).isEqualTo(7);
    assertThat(spec.backupWindow()).isNull();
    assertThat(spec.maintenanceWindow()).isNull();
    assertThat(spec.deletionProtection()).isTrue();
    assertThat(spec.port()).isEqualTo(5432);
    assertThat(spec.performanceInsights()).isFalse();
    assertThat(spec.autoMinorVersionUpgrade()).isTrue();
    assertThat(spec.applyImmediately()).isFalse();
    assertThat(spec.groupReferences()).isEmpty();
  }

  @Test
  void fullDatabaseKeepsEveryField() {
    DatabaseSpec spec =
        specOf(
            replacing("  storage: {allocatedGiB: 50}\n", "")
                + """
                  storage: {allocatedGiB: 500, maxAllocatedGiB: 1000, type: gp3, iops: 12000}
                  multiAz: true
                  kmsKey: arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f
                  backupRetentionDays: 14
                  backupWindow: "03:00-04:00"
                  maintenanceWindow: "Sun:04:30-Sun:05:30"
                  deletionProtection: false
                  port: 6432
                  performanceInsights: true
                  autoMinorVersionUpgrade: false
                  applyImmediately: true
                  tags: {team: orders}
                """);

    assertThat(spec.storage()).isEqualTo(new DatabaseSpec.Storage(500, 1000, "gp3", 12000));
    assertThat(spec.multiAz()).isTrue();
    assertThat(spec.kmsKey()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f");
    assertThat(spec.backupRetentionDays()).isEqualTo(14);
    assertThat(spec.backupWindow()).isEqualTo("03:00-04:00");
    assertThat(spec.maintenanceWindow()).isEqualTo("sun:04:30-sun:05:30");
    assertThat(spec.deletionProtection()).isFalse();
    assertThat(spec.port()).isEqualTo(6432);
    assertThat(spec.performanceInsights()).isTrue();
    assertThat(spec.autoMinorVersionUpgrade()).isFalse();
    assertThat(spec.applyImmediately()).isTrue();
    assertThat(spec.tags()).containsEntry("team", "orders");
  }

  @Test
  void mysqlDefaultsToPort3306() {
    DatabaseSpec spec =
        specOf(
            replacing("engine: postgres", "engine: mysql")
                .replace("engineVersion: \"16\"", "engineVersion: \"8.0\""));

    assertThat(spec.port()).isEqualTo(3306);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"password", "masterPassword", "masterUserPassword"})
  void plaintextPasswordIsRejected(String key) {
    assertThat(problemsOf(with("  " + key + ": hunter2\n")))
        .containsExactly(
            "database.yaml:13:3: spec."
                + key
                + ": plaintext passwords are rejected: RDS generates the master password and keeps"
                + " it in Secrets Manager; remove this field and read the secret's ARN from"
                + " masterSecretArn in the database's status");
  }

  @Test
  void unquotedVersionAsksForQuotes() {
    assertThat(problemsOf(replacing("engineVersion: \"16\"", "engineVersion: 16")))
        .containsExactly(
            "database.yaml:7:18: spec.engineVersion: expected a string, found an integer; quote"
                + " the value");
  }

  @Test
  void mysqlVersionNeedsTwoNumbers() {
    String document =
        replacing("engine: postgres", "engine: mysql")
            .replace("engineVersion: \"16\"", "engineVersion: \"8\"");

    assertThat(problemsOf(document))
        .containsExactly(
            "database.yaml:7:18: spec.engineVersion: invalid mysql version \"8\": expected \"8.0\""
                + " or \"8.0.39\"");
  }

  @Test
  void unsupportedEngineIsNamed() {
    assertThat(problemsOf(replacing("engine: postgres", "engine: oracle-ee")))
        .containsExactly(
            "database.yaml:6:11: spec.engine: invalid value \"oracle-ee\": must be one of postgres,"
                + " mysql, mariadb");
  }

  @Test
  void missingRequiredFieldsAreAllReported() {
    String document =
        """
        apiVersion: mooring/v1
        kind: Database
        metadata:
          name: orders-db
        spec:
          subnets: [subnet-0a1b2c3d]
        """;

    assertThat(problemsOf(document))
        .containsExactly(
            "database.yaml:6:3: spec.engine: required field is missing; use one of postgres, mysql,"
                + " mariadb",
            "database.yaml:6:3: spec.engineVersion: required field is missing; pin at least the"
                + " major version, such as \"16\"",
            "database.yaml:6:3: spec.instanceClass: required field is missing; for example"
                + " db.t4g.medium",
            "database.yaml:6:3: spec.storage: required field is missing",
            "database.yaml:6:3: spec.securityGroups: required field is missing; list SecurityGroup"
                + " documents or security group ids",
            "database.yaml:6:3: spec.masterUsername: required field is missing");
  }

  @Test
  void magneticStorageIsRejected() {
    assertThat(problemsOf(replacing("{allocatedGiB: 50}", "{allocatedGiB: 50, type: standard}")))
        .containsExactly(
            "database.yaml:9:37: spec.storage.type: magnetic storage (standard) is not supported"
                + " because RDS retires it; use gp3");
  }

  @Test
  void autoscalingLimitNeedsTenPercentHeadroom() {
    assertThat(
            problemsOf(replacing("{allocatedGiB: 50}", "{allocatedGiB: 50, maxAllocatedGiB: 54}")))
        .containsExactly(
            "database.yaml:9:48: spec.storage.maxAllocatedGiB: must be at least 10% more than"
                + " allocatedGiB, so at least 55 GiB");
  }

  @Test
  void gp3BaselineIopsAreAcceptedBelow400GiB() {
    DatabaseSpec spec = specOf(replacing("{allocatedGiB: 50}", "{allocatedGiB: 50, iops: 3000}"));

    assertThat(spec.storage().iops()).isEqualTo(3000);
  }

  @Test
  void gp3IopsBelow400GiBMustBeBaseline() {
    assertThat(problemsOf(replacing("{allocatedGiB: 50}", "{allocatedGiB: 50, iops: 6000}")))
        .containsExactly(
            "database.yaml:9:37: spec.storage.iops: invalid value 6000: gp3 storage below 400 GiB"
                + " has a fixed baseline of 3000 IOPS; remove iops or set it to 3000");
  }

  @Test
  void gp3IopsFrom400GiBStartAt12000() {
    assertThat(problemsOf(replacing("{allocatedGiB: 50}", "{allocatedGiB: 400, iops: 3000}")))
        .containsExactly(
            "database.yaml:9:38: spec.storage.iops: invalid value 3000: gp3 storage of 400 GiB or"
                + " more takes between 12000 and 64000 IOPS");
  }

  @Test
  void provisionedIopsStorageNeedsIopsAndSize() {
    assertThat(problemsOf(replacing("{allocatedGiB: 50}", "{allocatedGiB: 50, type: io2}")))
        .containsExactly(
            "database.yaml:9:12: spec.storage.iops: required field is missing; io2 storage needs"
                + " iops",
            "database.yaml:9:27: spec.storage.allocatedGiB: io2 storage needs at least 100 GiB");
  }

  @Test
  void gp2HasNoIops() {
    assertThat(
            problemsOf(
                replacing("{allocatedGiB: 50}", "{allocatedGiB: 50, type: gp2, iops: 3000}")))
        .containsExactly(
            "database.yaml:9:48: spec.storage.iops: gp2 storage has no provisioned IOPS; remove"
                + " iops or use gp3, io1 or io2");
  }

  @Test
  void kmsKeyNeedsEncryption() {
    String document =
        with(
            "  encrypted: false\n" + "  kmsKey: arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d\n");

    assertThat(problemsOf(document))
        .containsExactly("database.yaml:14:11: spec.kmsKey: kmsKey needs encrypted: true");
  }

  @Test
  void kmsKeyMustBeKeyArn() {
    assertThat(problemsOf(with("  kmsKey: alias/aws/rds\n")))
        .containsExactly(
            "database.yaml:13:11: spec.kmsKey: invalid value \"alias/aws/rds\": expected a KMS key"
                + " ARN such as arn:aws:kms:REGION:ACCOUNT:key/ID");
  }

  @Test
  void shortBackupWindowIsRejected() {
    assertThat(problemsOf(with("  backupWindow: \"03:00-03:20\"\n")))
        .containsExactly("database.yaml:13:17: spec.backupWindow: must last at least 30 minutes");
  }

  @Test
  void overlappingWindowsAreRejected() {
    String document =
        with(
            "  backupWindow: \"03:00-04:00\"\n" + "  maintenanceWindow: \"sun:03:30-sun:04:30\"\n");

    assertThat(problemsOf(document))
        .containsExactly(
            "database.yaml:14:22: spec.maintenanceWindow: must not overlap backupWindow"
                + " 03:00-04:00");
  }

  @Test
  void malformedMaintenanceWindowShowsExample() {
    assertThat(problemsOf(with("  maintenanceWindow: sunday 4am\n")))
        .containsExactly(
            "database.yaml:13:22: spec.maintenanceWindow: invalid value \"sunday 4am\": expected"
                + " ddd:hh24:mi-ddd:hh24:mi in UTC, such as sun:04:30-sun:05:30");
  }

  @Test
  void masterUsernameFollowsEngineLimits() {
    String document =
        replacing("engine: postgres", "engine: mysql")
            .replace("engineVersion: \"16\"", "engineVersion: \"8.0\"")
            .replace("masterUsername: orders", "masterUsername: orders_service_admin");

    assertThat(problemsOf(document))
        .containsExactly(
            "database.yaml:12:19: spec.masterUsername: invalid value \"orders_service_admin\":"
                + " expected a letter followed by letters, digits or underscores, at most 16"
                + " characters");
  }

  @Test
  void portOutsideRdsRangeIsRejected() {
    assertThat(problemsOf(with("  port: 80\n")))
        .containsExactly(
            "database.yaml:13:9: spec.port: invalid value 80: must be between 1150 and 65535");
  }

  @Test
  void securityGroupNameIsTypedReference() {
    assertThat(problemsOf(replacing("[sg-0123456789abcdef0]", "[orders-db-clients]")))
        .containsExactly(
            "database.yaml:11:19: spec.securityGroups: no SecurityGroup document is named"
                + " \"orders-db-clients\"");
  }

  @Test
  void nameMustStartWithLetter() {
    assertThat(problemsOf(replacing("name: orders-db", "name: 1orders")))
        .containsExactly(
            "database.yaml:4:9: metadata.name: invalid DB instance identifier \"1orders\": RDS"
                + " needs a name that starts with a letter and has no two hyphens in a row");
  }

  @Test
  void subnetSetComesFromEnvironment() {
    dir.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          subnets:
            private: [subnet-0a1b2c3d, subnet-4e5f6a7b]
        """);

    DatabaseSpec spec = specOf(replacing("[subnet-0a1b2c3d, subnet-4e5f6a7b]", "private"));

    assertThat(spec.subnets()).containsExactly("private");
  }

  @Test
  void missingSubnetSetIsReported() {
    assertThat(
            problemsOf(
                replacing("subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]", "subnets: private")))
        .containsExactly(
            "database.yaml:10:12: spec.subnets: no subnet set \"private\" in the Environment; list"
                + " subnet ids or define the set");
  }

  @Test
  void deletionPolicyReachesMetadata() {
    DesiredResource<DatabaseSpec> resource =
        resourceOf(
            replacing("  name: orders-db\n", "  name: orders-db\n  deletionPolicy: Delete\n"));

    assertThat(resource.metadata().deletionPolicy()).isEqualTo("Delete");
  }
}
