package io.mooring.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.aws.AwsSession;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints how long mooring takes, how many AWS calls it makes and how much heap it keeps, for the
 * sample stack and for generated stacks of growing size. {@code scripts/bench} runs it against the
 * emulator. The figures are printed, never asserted.
 *
 * <p>Usage: {@code ReconcileBenchmark SAMPLE_DIR WORK_DIR}, where SAMPLE_DIR is a copy of
 * desired-state/ prepared for the emulator by {@code scripts/sample-stack}. The SDK's standard
 * chain must point at the emulator on loopback; the benchmark refuses any other endpoint.
 */
public final class ReconcileBenchmark {
  private static final int WARMUP_ROUNDS = 5;
  private static final int MEASURED_ROUNDS = 20;
  private static final int IN_SYNC_LOOPS = 5;
  private static final int[] LOADED_SERVICES = {100, 1000};
  private static final int[] APPLIED_SERVICES = {5, 20};

  private final DesiredStateLoader loader = new DesiredStateLoader(Kinds.registry());

  private ReconcileBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ReconcileBenchmark SAMPLE_DIR WORK_DIR");
      System.exit(2);
    }
    requireLoopbackEndpoint();
    quietLogs();
    ReconcileBenchmark benchmark = new ReconcileBenchmark();
    Path sample = Path.of(args[0]);
    Path work = Path.of(args[1]);
    benchmark.loading(sample, work);
    benchmark.sampleStack(sample);
    benchmark.scaling(work);
  }

  private static void requireLoopbackEndpoint() {
    String endpoint = System.getProperty("aws.endpointUrl", System.getenv("AWS_ENDPOINT_URL"));
    String host = endpoint == null ? null : URI.create(endpoint).getHost();
    if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
      System.err.println(
          "error: AWS_ENDPOINT_URL is " + endpoint + "; the benchmark runs against the emulator"
              + " on loopback only (scripts/bench starts it)");
      System.exit(2);
    }
  }

  /** Keeps the reconciler's per-resource log lines out of the figures. */
  private static void quietLogs() {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /** Measures loading and validation, which every loop does before it calls AWS. */
  private void loading(Path sample, Path work) throws IOException {
    System.out.println("Loading and validating (median of " + MEASURED_ROUNDS + " runs)");
    int documents = loader.load(sample).resources().size();
    print("sample stack, " + documents + " documents", "%.1f ms", median(() -> loader.load(sample)));
    for (int services : LOADED_SERVICES) {
      Path dir = generated(work.resolve("load-" + services), services, placeholderNetwork());
      double millis = median(() -> loader.load(dir));
      long retained = retainedBytes(() -> loader.load(dir));
      print(services + " services", "%.1f ms, %s kept", millis, mebibytes(retained));
    }
    System.out.println();
  }

  /** Measures the sample stack: a first plan, the apply, then loops that find no drift. */
  private void sampleStack(Path sample) {
    System.out.println("Sample stack against the emulator");
    try (AwsSession aws = new AwsSession(new SimpleMeterRegistry())) {
      Reconciler reconciler = reconciler(aws);
      DesiredState state = loader.load(sample);
      report("plan from empty", reconciler.plan(state, ReconcileOptions.of(state)));
      report("apply from empty", reconciler.apply(state, ReconcileOptions.of(state)));
      inSyncLoops(reconciler, sample);
    }
    System.out.println("  heap in use after the loops: " + mebibytes(usedAfterGc()));
    System.out.println();
  }

  /** Measures stacks of growing size, whose in-sync AWS calls show how reads are batched. */
  private void scaling(Path work) throws IOException {
    System.out.println("Generated stacks against the emulator (one cluster, N services)");
    TestNetwork network = TestNetwork.create();
    for (int services : APPLIED_SERVICES) {
      Path dir = generated(work.resolve("apply-" + services), services, network);
      try (AwsSession aws = new AwsSession(new SimpleMeterRegistry())) {
        Reconciler reconciler = reconciler(aws);
        DesiredState state = loader.load(dir);
        report(services + " services, apply", reconciler.apply(state, ReconcileOptions.of(state)));
        inSyncLoops(reconciler, dir);
      }
    }
    System.out.println();
  }

  private void inSyncLoops(Reconciler reconciler, Path dir) {
    long[] millis = new long[IN_SYNC_LOOPS];
    ReconcileReport last = null;
    for (int i = 0; i < IN_SYNC_LOOPS; i++) {
      DesiredState state = loader.load(dir);
      last = reconciler.apply(state, ReconcileOptions.of(state));
      millis[i] = last.duration().toMillis();
    }
    Arrays.sort(millis);
    print(
        "in-sync loop (median of " + IN_SYNC_LOOPS + ")",
        "%d ms, %d AWS calls, %d writes, %d changes",
        millis[IN_SYNC_LOOPS / 2],
        last.awsCalls(),
        last.awsWrites(),
        last.plan().changes().size());
  }

  private static Reconciler reconciler(AwsSession aws) {
    Clock clock = Clock.systemUTC();
    return new Reconciler(Kinds.registry(), aws, clock, RetryBook.standard(clock));
  }

  private static void report(String label, ReconcileReport report) {
    print(
        label,
        "%d ms, %d AWS calls, %d writes, %d changes%s",
        report.duration().toMillis(),
        report.awsCalls(),
        report.awsWrites(),
        report.plan().changes().size(),
        report.succeeded() ? "" : ", some resources FAILED");
  }

  private static void print(String label, String format, Object... values) {
    System.out.printf(Locale.ROOT, "  %-36s " + format + "%n", prepend(label, values));
  }

  private static Object[] prepend(String label, Object[] values) {
    Object[] all = new Object[values.length + 1];
    all[0] = label;
    System.arraycopy(values, 0, all, 1, values.length);
    return all;
  }

  /** Writes a cluster of its own and N services in it, each in a file of its own. */
  private static Path generated(Path dir, int services, TestNetwork network) throws IOException {
    Files.createDirectories(dir);
    String cluster = "bench-" + services;
    Files.writeString(dir.resolve("cluster.yaml"), SampleStack.cluster(cluster));
    for (int i = 0; i < services; i++) {
      String name = cluster + "-api-" + i;
      String document =
          SampleStack.service(name, "example/api:1.0.0", network, "  desiredCount: 2\n")
              .replace("cluster: prod", "cluster: " + cluster);
      Files.writeString(dir.resolve(name + ".yaml"), document);
    }
    return dir;
  }

  private static TestNetwork placeholderNetwork() {
    return new TestNetwork("subnet-0a1b2c3d", "subnet-4e5f6a7b", "sg-0a1b2c3d");
  }

  private static double median(Supplier<?> work) {
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      work.get();
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < MEASURED_ROUNDS; i++) {
      long start = System.nanoTime();
      work.get();
      nanos.add(System.nanoTime() - start);
    }
    nanos.sort(null);
    return nanos.get(nanos.size() / 2) / 1e6;
  }

  /** Returns roughly how much heap the result of {@code work} keeps alive. */
  private static long retainedBytes(Supplier<?> work) {
    long before = usedAfterGc();
    Object result = work.get();
    long after = usedAfterGc();
    if (result == null) {
      throw new IllegalStateException("loading returned no desired state");
    }
    return Math.max(0, after - before);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
