package io.mooring.kinds.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.kinds.environment.ConfigRecorderSettings;
import io.mooring.load.StateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Environment's configRecorder and the ConfigRecorder document it stands for. */
class ConfigRecorderSettingsTest {
  /** Returns an Environment whose appended configRecorder lines start on line 7. */
  static String environment(String recorderLines) {
    return """
    apiVersion: mooring/v1
    kind: Environment
    metadata:
      name: prod
    spec:
      configRecorder:
    """
        + recorderLines;
  }

  private static final String VALID =
      "    roleArn: arn:aws:iam::123456789012:role/config-recorder\n"
          + "    deliveryBucket: config-history\n";

  @TempDir Path temp;
  private StateDirectory dir;

  @BeforeEach
  void createDirectory() throws IOException {
    dir = new StateDirectory(Files.createDirectory(temp.resolve("state")));
  }

  @Test
  void environmentStandsForRecorderDocumentNamedAfterIt() {
    DesiredState state = dir.write("environment.yaml", environment(VALID)).load();

    List<DesiredResource<ConfigRecorderSettings>> recorders =
        state.ofKind("ConfigRecorder", ConfigRecorderSettings.class);
    assertThat(recorders)
        .extracting(DesiredResource::id)
        .containsExactly(new ResourceId("ConfigRecorder", "prod"));
    ConfigRecorderSettings settings = recorders.get(0).spec();
    assertThat(settings.name()).isEqualTo("default");
    assertThat(settings.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/config-recorder");
    assertThat(settings.allSupported()).isTrue();
    assertThat(settings.includeGlobalResourceTypes()).isFalse();
    assertThat(settings.resourceTypes()).isEmpty();
    assertThat(settings.deliveryBucket()).isEqualTo("config-history");
    assertThat(settings.deliveryFrequency()).isNull();
    assertThat(recorders.get(0).metadata().stack()).isEqualTo("prod");
  }

  @Test
  void environmentWithoutRecorderStandsForNone() {
    DesiredState state =
        dir.write(
                "environment.yaml",
                environment("").replace("  configRecorder:\n", "  prune: false\n"))
            .load();

    assertThat(state.ofKind("ConfigRecorder", ConfigRecorderSettings.class)).isEmpty();
  }

  @Test
  void listedResourceTypesAreSorted() {
    String lines =
        VALID
            + "    allSupported: false\n"
            + "    resourceTypes: [\"AWS::RDS::DBInstance\", \"AWS::IAM::Role\"]\n";

    ConfigRecorderSettings settings =
        dir.write("environment.yaml", environment(lines))
            .load()
            .ofKind("ConfigRecorder", ConfigRecorderSettings.class)
            .get(0)
            .spec();

    assertThat(settings.resourceTypes()).containsExactly("AWS::IAM::Role", "AWS::RDS::DBInstance");
  }

  /** Returns configRecorder lines with the one error they cause. */
  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "missing role",
            "    deliveryBucket: config-history\n",
            "environment.yaml:7:5: spec.configRecorder.roleArn: required field is missing"),
        Arguments.of(
            "missing bucket",
            "    roleArn: arn:aws:iam::123456789012:role/config-recorder\n",
            "environment.yaml:7:5: spec.configRecorder.deliveryBucket: required field is missing"),
        Arguments.of(
            "global types without all",
            VALID
                + "    allSupported: false\n"
                + "    includeGlobalResourceTypes: true\n"
                + "    resourceTypes: [\"AWS::IAM::Role\"]\n",
            "environment.yaml:10:33: spec.configRecorder.includeGlobalResourceTypes:"
                + " includeGlobalResourceTypes needs allSupported: true; list global types such as"
                + " AWS::IAM::Role in resourceTypes instead"),
        Arguments.of(
            "types with all",
            VALID + "    resourceTypes: [\"AWS::IAM::Role\"]\n",
            "environment.yaml:9:20: spec.configRecorder.resourceTypes: resourceTypes cannot be"
                + " combined with allSupported: true; set allSupported: false"),
        Arguments.of(
            "no types",
            VALID + "    allSupported: false\n",
            "environment.yaml:7:5: spec.configRecorder.resourceTypes: list the resource types to"
                + " record, such as AWS::RDS::DBInstance, or set allSupported: true"),
        Arguments.of(
            "bucket name",
            "    roleArn: arn:aws:iam::123456789012:role/config-recorder\n"
                + "    deliveryBucket: Config_History\n",
            "environment.yaml:8:21: spec.configRecorder.deliveryBucket: invalid value"
                + " \"Config_History\": expected an S3 bucket name of 3 to 63 lowercase"
                + " characters"),
        Arguments.of(
            "frequency",
            VALID + "    deliveryFrequency: Daily\n",
            "environment.yaml:9:24: spec.configRecorder.deliveryFrequency: invalid value \"Daily\":"
                + " must be one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours,"
                + " TwentyFour_Hours"),
        Arguments.of(
            "role as policy",
            "    roleArn: arn:aws:iam::123456789012:policy/config\n"
                + "    deliveryBucket: config-history\n",
            "environment.yaml:7:14: spec.configRecorder.roleArn: invalid value"
                + " \"arn:aws:iam::123456789012:policy/config\": expected an IAM role ARN such as"
                + " arn:aws:iam::123456789012:role/config"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidSettingIsRejectedAtItsLine(String name, String lines, String problem) {
    assertThat(dir.write("environment.yaml", environment(lines)).problems())
        .containsExactly(problem);
  }

  @Test
  void writtenRecorderDocumentIsRejected() {
    String recorder =
        """
        apiVersion: mooring/v1
        kind: ConfigRecorder
        metadata:
          name: default
        spec:
          roleArn: arn:aws:iam::123456789012:role/config-recorder
        """;

    assertThat(dir.write("recorder.yaml", recorder).problems())
        .containsExactly(
            "recorder.yaml:6:3: kind: ConfigRecorder documents are made from the Environment's"
                + " configRecorder; set configRecorder in the Environment's spec instead");
  }
}
