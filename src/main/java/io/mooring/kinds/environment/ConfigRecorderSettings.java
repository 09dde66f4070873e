package io.mooring.kinds.environment;

import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Environment's {@code configRecorder}: the AWS Config configuration recorder and delivery
 * channel that mooring keeps in the stack's account and region. AWS allows one of each per account
 * and region, so a stack has at most one; the {@code ConfigRecorder} kind manages it as a document
 * named after the Environment.
 *
 * @param name the name of the recorder and of its delivery channel
 * @param roleArn the IAM role that AWS Config assumes to read resource configurations
 * @param allSupported whether the recorder records every resource type that AWS Config supports
 * @param includeGlobalResourceTypes whether it also records global resources such as IAM roles;
 *     only with {@code allSupported}
 * @param resourceTypes the resource types to record when not {@code allSupported}, sorted
 * @param deliveryBucket the S3 bucket that receives configuration history and snapshots
 * @param deliveryPrefix the key prefix in the bucket, or null for none
 * @param snsTopicArn the SNS topic that receives configuration changes, or null for none
 * @param deliveryFrequency how often snapshots are delivered, such as {@code TwentyFour_Hours}, or
 *     null for AWS Config's default
 * @param position where {@code configRecorder} is written, for errors about it
 */
public record ConfigRecorderSettings(
    String name,
    String roleArn,
    boolean allSupported,
    boolean includeGlobalResourceTypes,
    List<String> resourceTypes,
    String deliveryBucket,
    String deliveryPrefix,
    String snsTopicArn,
    String deliveryFrequency,
    SourcePosition position) {

  /** The recorder and channel name that the AWS Config console gives them. */
  public static final String DEFAULT_NAME = "default";

  public static final List<String> DELIVERY_FREQUENCIES =
      List.of("One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/\\S+");
  private static final Pattern RESOURCE_TYPE = Pattern.compile("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern PREFIX = Pattern.compile("[^/\\s][^\\s]{0,255}");
  private static final Pattern TOPIC_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");

  public ConfigRecorderSettings {
    resourceTypes = List.copyOf(resourceTypes);
  }

  /** Reads {@code configRecorder} from an Environment's spec; empty when it is not set. */
  static Optional<ConfigRecorderSettings> read(SpecReader spec) {
    return spec.object("configRecorder").map(ConfigRecorderSettings::readFields);
  }

  private static ConfigRecorderSettings readFields(SpecReader recorder) {
    String name =
        recorder
            .string("name", NAME, "1 to 256 letters, digits, hyphens, underscores and periods")
            .orElse(DEFAULT_NAME);
    String roleArn =
        recorder
            .string(
                "roleArn",
                ROLE_ARN,
                "an IAM role ARN such as arn:aws:iam::123456789012:role/config")
            .orElse("");
    if (!recorder.has("roleArn")) {
      recorder.error("roleArn", "required field is missing");
    }
    boolean allSupported = recorder.bool("allSupported").orElse(true);
    boolean global = recorder.bool("includeGlobalResourceTypes").orElse(false);
    if (global && !allSupported) {
      recorder.error(
          "includeGlobalResourceTypes",
          "includeGlobalResourceTypes needs allSupported: true; list global types such as"
              + " AWS::IAM::Role in resourceTypes instead");
    }
    List<String> resourceTypes = resourceTypes(recorder, allSupported);
    String bucket =
        recorder
            .string("deliveryBucket", BUCKET, "an S3 bucket name of 3 to 63 lowercase characters")
            .orElse("");
    if (!recorder.has("deliveryBucket")) {
      recorder.error("deliveryBucket", "required field is missing");
    }
    return new ConfigRecorderSettings(
        name,
        roleArn,
        allSupported,
        global,
        resourceTypes,
        bucket,
        recorder
            .string("deliveryPrefix", PREFIX, "a key prefix without spaces or a leading slash")
            .orElse(null),
        recorder
            .string(
                "snsTopicArn",
                TOPIC_ARN,
                "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:config")
            .orElse(null),
        recorder.oneOf("deliveryFrequency", DELIVERY_FREQUENCIES).orElse(null),
        recorder.position());
  }

  private static List<String> resourceTypes(SpecReader recorder, boolean allSupported) {
    List<String> types = recorder.stringList("resourceTypes");
    if (allSupported && recorder.has("resourceTypes")) {
      recorder.error(
          "resourceTypes",
          "resourceTypes cannot be combined with allSupported: true; set allSupported: false");
      return List.of();
    }
    if (!allSupported && types.isEmpty()) {
      recorder.error(
          "resourceTypes",
          "list the resource types to record, such as AWS::RDS::DBInstance, or set allSupported:"
              + " true");
    }
    for (String type : types) {
      if (!RESOURCE_TYPE.matcher(type).matches()) {
        recorder.error(
            "resourceTypes",
            "invalid resource type \"" + type + "\": expected a type such as AWS::RDS::DBInstance");
      }
    }
    return List.copyOf(new TreeSet<>(types));
  }
}
