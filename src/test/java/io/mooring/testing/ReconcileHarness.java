package io.mooring.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.aws.AwsSession;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that gives each test a fresh desired-state directory, an {@link AwsSession} and a
 * {@link Reconciler} over all kinds, and closes the session and deletes the directory afterwards.
 *
 * <p>Register it on an instance field, after the static {@link MotoServer} field, so that moto is
 * running and reset before the session is built:
 *
 * <pre>{@code
 * @RegisterExtension static final MotoServer MOTO = new MotoServer();
 * @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();
 * }</pre>
 *
 * <p>JUnit runs this extension's {@code beforeEach} before the test class's {@code @BeforeEach}
 * methods, and its {@code afterEach} after the class's {@code @AfterEach} methods, so those methods
 * can use {@link #aws()} and {@link #write}.
 */
public final class ReconcileHarness implements BeforeEachCallback, AfterEachCallback {
  /** Options that delete owned resources that no document names, within the mass-delete limit. */
  public static final ReconcileOptions PRUNE = new ReconcileOptions(true, false);

  private Path dir;
  private DesiredStateDir files;
  private AwsSession aws;
  private Reconciler reconciler;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("mooring-it");
    files = new DesiredStateDir(dir);
    aws = new AwsSession(new SimpleMeterRegistry());
    reconciler = newReconciler(aws);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      if (aws != null) {
        aws.close();
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Returns the desired-state directory of the current test. */
  public Path dir() {
    return dir;
  }

  public AwsSession aws() {
    return aws;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  /**
   * Replaces the reconciler with a new one on the same session, as a new process would start,
   * so that it has no retry backoff from earlier runs.
   */
  public void restartReconciler() {
    reconciler = newReconciler(aws);
  }

  /** Writes {@code text} to the file {@code name} in the directory, replacing it, and returns this. */
  public ReconcileHarness write(String name, String text) {
    files.write(name, text);
    return this;
  }

  /** Deletes the file {@code name} from the directory if it exists, and returns this. */
  public ReconcileHarness delete(String name) {
    files.delete(name);
    return this;
  }

  /** Loads the directory as it is now. */
  public DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(dir);
  }

  /** Applies the directory with the options its own settings ask for. */
  public ReconcileReport apply() {
    return reconciler.apply(load());
  }

  public ReconcileReport apply(ReconcileOptions options) {
    return reconciler.apply(load(), options);
  }

  /** Plans the directory with the options its own settings ask for, writing nothing to AWS. */
  public ReconcileReport plan() {
    return reconciler.plan(load());
  }

  public ReconcileReport plan(ReconcileOptions options) {
    return reconciler.plan(load(), options);
  }

  /** Applies the directory with {@link #PRUNE}. */
  public ReconcileReport prune() {
    return apply(PRUNE);
  }

  private static Reconciler newReconciler(AwsSession aws) {
    return new Reconciler(
        Kinds.registry(), aws, Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
