package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.daemon.signing.SignedCommitCheck;
import io.mooring.daemon.signing.TrustedKeys;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.metrics.MetricNames;
import io.mooring.metrics.ReconcileMetrics;
import io.mooring.plan.Plan;
import io.mooring.testing.SampleStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop with {@code --trusted-keys}: commits signed in the test with generated keys. */
class SignedCommitsTest {
  private static final String CLUSTER = "desired-state/cluster.yaml";

  private static TestKeys trusted;
  private static TestKeys secondTrusted;
  private static TestKeys stranger;

  @TempDir Path temp;
  private GitFixture origin;
  private GitSource source;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> applied = new CopyOnWriteArrayList<>();
  private ReconcileLoop loop;

  @BeforeAll
  static void generateKeys() {
    trusted = TestKeys.generate("Release Bot <release@example.com>");
    secondTrusted = TestKeys.generate("Operator <ops@example.com>");
    stranger = TestKeys.generate("Stranger <stranger@example.com>");
  }

  @BeforeEach
  void setUp() throws IOException {
    origin = GitFixture.init(temp.resolve("origin"));
    Path keyFile = temp.resolve("trusted.asc");
    Files.writeString(keyFile, trusted.armoredPublicKey() + secondTrusted.armoredPublicKey());
    DaemonConfig config =
        TestConfigs.config(
            origin.root().toString(), "main", temp.resolve("clone"), false, null, keyFile);
    source = GitSource.create(config);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    loop =
        new ReconcileLoop(
            config,
            source,
            new DesiredStateLoader(Kinds.registry()),
            new RecordingStep(),
            new ReconcileMetrics(registry, clock),
            clock,
            WriteFence.OPEN,
            new SignedCommitCheck(TrustedKeys.read(keyFile), source::rawCommit));
  }

  @AfterEach
  void tearDown() {
    source.close();
    origin.close();
  }

  @Test
  void commitSignedByTrustedKeyIsApplied() {
    String commit =
        origin.write(CLUSTER, SampleStack.cluster("prod")).commitSigned("c", trusted.signer());

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.OK);
    assertThat(loop.status().revisionApplied()).isEqualTo(commit);
    assertThat(loop.status().signedCommitsRequired()).isTrue();
    assertThat(applied).containsExactly("prod");
  }

  @Test
  void everyKeyOfFileIsTrusted() {
    String commit =
        origin
            .write(CLUSTER, SampleStack.cluster("prod"))
            .commitSigned("c", secondTrusted.signer());

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.OK);
    assertThat(loop.status().revisionApplied()).isEqualTo(commit);
  }

  @Test
  void unsignedCommitIsHeldBack() {
    String good =
        origin.write(CLUSTER, SampleStack.cluster("prod")).commitSigned("c", trusted.signer());
    loop.runOnce();
    String unsigned = origin.write(CLUSTER, SampleStack.cluster("staging")).commit("unsigned");

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(applied).containsExactly("prod", "prod");
    assertThat(loop.status().revisionApplied()).isEqualTo(good);
    assertThat(loop.status().invalidRevision()).isEqualTo(unsigned);
    assertThat(loop.status().validationErrors())
        .singleElement()
        .asString()
        .contains(unsigned, "is not signed", "--trusted-keys");
    assertThat(registry.get(MetricNames.UNTRUSTED_REVISIONS).counter().count()).isEqualTo(1.0);
  }

  @Test
  void commitSignedByUnknownKeyIsHeldBack() {
    origin.write(CLUSTER, SampleStack.cluster("prod")).commitSigned("c", stranger.signer());

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(applied).isEmpty();
    assertThat(loop.status().validationErrors())
        .singleElement()
        .asString()
        .contains("not a trusted key")
        .containsPattern("signed by key [0-9A-F]{40},");
  }

  @Test
  void signatureOverOtherBytesIsHeldBack() {
    origin
        .write(CLUSTER, SampleStack.cluster("prod"))
        .commitSigned("c", trusted.signer(data -> Arrays.copyOf(data, data.length + 1)));

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(applied).isEmpty();
    assertThat(loop.status().validationErrors())
        .singleElement()
        .asString()
        .contains("is invalid", trusted.fingerprint());
  }

  @Test
  void sshSignatureIsHeldBack() {
    String ssh = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n";
    origin
        .write(CLUSTER, SampleStack.cluster("prod"))
        .commitSigned("c", TestKeys.fixedSignature(ssh));

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(loop.status().validationErrors()).singleElement().asString().contains("SSH");
  }

  @Test
  void garbledSignatureIsHeldBack() {
    String garbled =
        "-----BEGIN PGP SIGNATURE-----\n\nnot base64 !!\n-----END PGP SIGNATURE-----\n";
    origin
        .write(CLUSTER, SampleStack.cluster("prod"))
        .commitSigned("c", TestKeys.fixedSignature(garbled));

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(applied).isEmpty();
  }

  @Test
  void signedCommitAfterUntrustedOneIsApplied() {
    origin.write(CLUSTER, SampleStack.cluster("prod")).commit("unsigned");
    loop.runOnce();
    String signed =
        origin.write(CLUSTER, SampleStack.cluster("staging")).commitSigned("s", trusted.signer());

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.OK);
    assertThat(loop.status().invalidRevision()).isNull();
    assertThat(loop.status().revisionApplied()).isEqualTo(signed);
    assertThat(applied).containsExactly("staging");
  }

  @Test
  void keyFileErrorsNameOption() throws IOException {
    Path missing = temp.resolve("missing.asc");
    Path garbage = Files.writeString(temp.resolve("garbage.asc"), "not a key\n");
    Path empty = Files.writeString(temp.resolve("empty.asc"), "");

    assertThatThrownBy(() -> TrustedKeys.read(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--trusted-keys")
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> TrustedKeys.read(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--trusted-keys");
    assertThatThrownBy(() -> TrustedKeys.read(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no OpenPGP public key");
  }

  /** Records the cluster names of each apply and reports every resource in sync. */
  private final class RecordingStep implements ReconcileStep {
    @Override
    public ReconcileReport apply(DesiredState state) {
      state.resources().forEach(resource -> applied.add(resource.name()));
      return new ReconcileReport(
          new Plan(List.of(), List.of()),
          Map.of(new ResourceId("Cluster", "any"), new Outcome.InSync()),
          Duration.ZERO,
          0,
          0);
    }

    @Override
    public ReconcileReport plan(DesiredState state) {
      throw new AssertionError("the signature tests never plan");
    }
  }
}
