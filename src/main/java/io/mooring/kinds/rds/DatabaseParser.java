package io.mooring.kinds.rds;

import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.kinds.environment.ResourceTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and validates the spec of a {@code Database} document. */
final class DatabaseParser {
  static final List<String> ENGINES = List.of("postgres", "mysql", "mariadb");
  static final List<String> STORAGE_TYPES = List.of("gp2", "gp3", "io1", "io2");

  /** Spec keys that would carry a plaintext master password. */
  static final List<String> PASSWORD_KEYS =
      List.of("password", "masterPassword", "masterUserPassword");

  static final int MAX_STORAGE_GIB = 65_536;
  static final int MIN_STORAGE_GIB = 20;
  static final int MIN_PROVISIONED_IOPS_STORAGE_GIB = 100;
  static final int MIN_PROVISIONED_IOPS = 1000;
  static final int MAX_PROVISIONED_IOPS = 256_000;
  static final int MAX_GP3_IOPS = 64_000;

  private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9-]+\\.[a-z0-9]+");
  private static final Pattern KMS_KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]+");
  private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]+");

  private DatabaseParser() {}

  static DatabaseSpec parse(SpecReader spec) {
    rejectPasswords(spec);

    String engine = spec.oneOf("engine", ENGINES).orElse(null);
    if (!spec.has("engine")) {
      spec.error("engine", "required field is missing; use one of " + String.join(", ", ENGINES));
    }
    String version = engineVersion(spec, engine);

    String instanceClass =
        spec.string("instanceClass", INSTANCE_CLASS, "an RDS instance class such as db.t4g.medium")
            .orElse("");
    if (!spec.has("instanceClass")) {
      spec.error("instanceClass", "required field is missing; for example db.t4g.medium");
    }

    DatabaseSpec.Storage storage = storage(spec);
    boolean encrypted = spec.bool("encrypted").orElse(true);
    String kmsKey = kmsKey(spec, encrypted);
    String backupWindow = backupWindow(spec);
    String maintenanceWindow = maintenanceWindow(spec, backupWindow);

    List<String> subnets = subnets(spec);
    List<String> groups = spec.stringList("securityGroups");
    List<Reference> groupReferences = securityGroups(spec, groups);

    return new DatabaseSpec(
        engine == null ? "" : engine,
        version,
        instanceClass,
        storage,
        spec.bool("multiAz").orElse(false),
        encrypted,
        kmsKey,
        spec.integer("backupRetentionDays", 0, 35).orElse(7),
        backupWindow,
        maintenanceWindow,
        spec.bool("deletionProtection").orElse(true),
        subnets,
        spec.position("subnets"),
        groups,
        groupReferences,
        masterUsername(spec, engine),
        spec.integer("port", 1150, 65535).orElse(defaultPort(engine)),
        spec.bool("performanceInsights").orElse(false),
        spec.bool("autoMinorVersionUpgrade").orElse(true),
        spec.bool("applyImmediately").orElse(false),
        ResourceTags.read(spec),
        io.mooring.kinds.monitoring.DatabaseMonitoring.read(spec));
  }

  private static void rejectPasswords(SpecReader spec) {
    for (String key : PASSWORD_KEYS) {
      if (spec.has(key)) {
        spec.keyError(
            key,
            "plaintext passwords are rejected: RDS generates the master password and keeps it in"
                + " Secrets Manager; remove this field and read the secret's ARN from"
                + " masterSecretArn in the database's status");
      }
    }
  }

  private static String engineVersion(SpecReader spec, String engine) {
    if (!spec.has("engineVersion")) {
      spec.error(
          "engineVersion",
          "required field is missing; pin at least the major version, such as \"16\"");
      return "";
    }
    Optional<String> version = spec.string("engineVersion");
    if (version.isEmpty() || engine == null) {
      return version.orElse("");
    }
    if (!EngineVersions.patternFor(engine).matcher(version.get()).matches()) {
      String example = engine.equals("postgres") ? "\"16\" or \"16.4\"" : "\"8.0\" or \"8.0.39\"";
      spec.error(
          "engineVersion",
          "invalid " + engine + " version \"" + version.get() + "\": expected " + example);
    }
    return version.get();
  }

  private static DatabaseSpec.Storage storage(SpecReader spec) {
    SpecReader storage = spec.requiredObject("storage");
    int allocated = storage.integer("allocatedGiB", MIN_STORAGE_GIB, MAX_STORAGE_GIB).orElse(0);
    if (!storage.has("allocatedGiB")) {
      storage.error("allocatedGiB", "required field is missing");
    }
    String type = storageType(storage);
    Integer max = storage.integer("maxAllocatedGiB", MIN_STORAGE_GIB, MAX_STORAGE_GIB).orElse(null);
    // RDS rejects an autoscaling limit less than 10% above the allocated storage.
    int leastMax = (allocated * 11 + 9) / 10;
    if (max != null && allocated > 0 && max < leastMax) {
      storage.error(
          "maxAllocatedGiB",
          "must be at least 10% more than allocatedGiB, so at least " + leastMax + " GiB");
    }
    boolean provisioned = type.equals("io1") || type.equals("io2");
    if (provisioned && allocated > 0 && allocated < MIN_PROVISIONED_IOPS_STORAGE_GIB) {
      storage.error(
          "allocatedGiB",
          type + " storage needs at least " + MIN_PROVISIONED_IOPS_STORAGE_GIB + " GiB");
    }
    Integer iops = iops(storage, type, allocated);
    return new DatabaseSpec.Storage(allocated, max, type, iops);
  }

  private static String storageType(SpecReader storage) {
    Optional<String> type = storage.string("type");
    if (type.isPresent() && type.get().equals("standard")) {
      storage.error(
          "type", "magnetic storage (standard) is not supported because RDS retires it; use gp3");
      return "gp3";
    }
    return storage.oneOf("type", STORAGE_TYPES).orElse("gp3");
  }

  /** Reads {@code iops}; a gp3 value below the striping size must be the fixed baseline. */
  private static Integer iops(SpecReader storage, String type, int allocated) {
    Integer iops = storage.integer("iops").orElse(null);
    switch (type) {
      case "io1", "io2" -> {
        if (!storage.has("iops")) {
          storage.error("iops", "required field is missing; " + type + " storage needs iops");
        } else if (iops != null && (iops < MIN_PROVISIONED_IOPS || iops > MAX_PROVISIONED_IOPS)) {
          storage.error(
              "iops",
              "invalid value "
                  + iops
                  + ": must be between "
                  + MIN_PROVISIONED_IOPS
                  + " and "
                  + MAX_PROVISIONED_IOPS);
        }
      }
      case "gp3" -> checkGp3Iops(storage, iops, allocated);
      default -> {
        if (iops != null) {
          storage.error(
              "iops", "gp2 storage has no provisioned IOPS; remove iops or use gp3, io1 or io2");
        }
      }
    }
    return iops;
  }

  private static void checkGp3Iops(SpecReader storage, Integer iops, int allocated) {
    if (iops == null) {
      return;
    }
    if (allocated < StorageRules.GP3_IOPS_THRESHOLD_GIB) {
      if (iops != StorageRules.GP3_BASELINE_IOPS) {
        storage.error(
            "iops",
            "invalid value "
                + iops
                + ": gp3 storage below "
                + StorageRules.GP3_IOPS_THRESHOLD_GIB
                + " GiB has a fixed baseline of "
                + StorageRules.GP3_BASELINE_IOPS
                + " IOPS; remove iops or set it to "
                + StorageRules.GP3_BASELINE_IOPS);
      }
      return;
    }
    if (iops < StorageRules.GP3_STRIPED_BASELINE_IOPS || iops > MAX_GP3_IOPS) {
      storage.error(
          "iops",
          "invalid value "
              + iops
              + ": gp3 storage of "
              + StorageRules.GP3_IOPS_THRESHOLD_GIB
              + " GiB or more takes between "
              + StorageRules.GP3_STRIPED_BASELINE_IOPS
              + " and "
              + MAX_GP3_IOPS
              + " IOPS");
    }
  }

  private static String kmsKey(SpecReader spec, boolean encrypted) {
    String kmsKey =
        spec.string(
                "kmsKey", KMS_KEY_ARN, "a KMS key ARN such as arn:aws:kms:REGION:ACCOUNT:key/ID")
            .orElse(null);
    if (kmsKey != null && !encrypted) {
      spec.error("kmsKey", "kmsKey needs encrypted: true");
    }
    return kmsKey;
  }

  private static String backupWindow(SpecReader spec) {
    String window = spec.string("backupWindow").orElse(null);
    if (window == null) {
      return null;
    }
    Windows.Span span = Windows.daily(window);
    if (span == null) {
      spec.error(
          "backupWindow", "invalid value \"" + window + "\": expected hh24:mi-hh24:mi in UTC");
      return null;
    }
    if (Windows.dailyMinutes(span) < Windows.MIN_MINUTES) {
      spec.error("backupWindow", "must last at least " + Windows.MIN_MINUTES + " minutes");
    }
    return window;
  }

  private static String maintenanceWindow(SpecReader spec, String backupWindow) {
    String window = spec.string("maintenanceWindow").orElse(null);
    if (window == null) {
      return null;
    }
    Windows.Span span = Windows.weekly(window);
    if (span == null) {
      spec.error(
          "maintenanceWindow",
          "invalid value \""
              + window
              + "\": expected ddd:hh24:mi-ddd:hh24:mi in UTC, such as"
              + " sun:04:30-sun:05:30");
      return null;
    }
    if (Windows.weeklyMinutes(span) < Windows.MIN_MINUTES) {
      spec.error("maintenanceWindow", "must last at least " + Windows.MIN_MINUTES + " minutes");
    } else if (backupWindow != null && Windows.overlap(Windows.daily(backupWindow), span)) {
      spec.error("maintenanceWindow", "must not overlap backupWindow " + backupWindow);
    }
    return window.toLowerCase(Locale.ROOT);
  }

  /** Reads the subnets: ids, or one subnet set of the Environment, {@code private} by default. */
  private static List<String> subnets(SpecReader spec) {
    List<String> subnets = spec.stringOrList("subnets");
    boolean namedSet = subnets.size() == 1 && !subnets.get(0).startsWith("subnet-");
    if (!namedSet) {
      for (String id : subnets) {
        if (!SUBNET.matcher(id).matches()) {
          spec.error(
              "subnets",
              "invalid value \""
                  + id
                  + "\": expected a subnet id such as subnet-0a1b2c3d, or one"
                  + " subnet set of the Environment");
        }
      }
    }
    return subnets.isEmpty() ? List.of("private") : subnets;
  }

  private static List<Reference> securityGroups(SpecReader spec, List<String> groups) {
    if (groups.isEmpty() && !spec.has("securityGroups")) {
      spec.error(
          "securityGroups",
          "required field is missing; list SecurityGroup documents or security group ids");
    } else if (groups.isEmpty()) {
      spec.error("securityGroups", "list at least one SecurityGroup document or security group id");
    }
    List<Reference> references = new ArrayList<>();
    for (String group : groups) {
      if (group.startsWith("sg-")) {
        if (!SECURITY_GROUP.matcher(group).matches()) {
          spec.error(
              "securityGroups",
              "invalid value \""
                  + group
                  + "\": expected a security group id such as"
                  + " sg-0a1b2c3d");
        }
      } else {
        references.add(
            new Reference(
                "SecurityGroup",
                group,
                spec.child("securityGroups"),
                spec.position("securityGroups")));
      }
    }
    return references;
  }

  /**
   * Reads the master user name within the engine's limits: 63 characters for PostgreSQL, else 16.
   */
  private static String masterUsername(SpecReader spec, String engine) {
    if (!spec.has("masterUsername")) {
      spec.error("masterUsername", "required field is missing");
      return "";
    }
    int maxLength = "postgres".equals(engine) ? 63 : 16;
    Pattern pattern = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0," + (maxLength - 1) + "}");
    return spec.string(
            "masterUsername",
            pattern,
            "a letter followed by letters, digits or underscores, at most "
                + maxLength
                + " characters")
        .orElse("");
  }

  static int defaultPort(String engine) {
    return "postgres".equals(engine) ? 5432 : 3306;
  }
}
