package io.mooring.daemon.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.daemon.DaemonStatus;
import io.mooring.daemon.LoopTrigger;
import io.mooring.daemon.MutableClock;
import io.mooring.daemon.ReconcileTrigger;
import io.mooring.daemon.StatusServer;
import io.mooring.daemon.secret.Secret;
import io.mooring.daemon.secret.SecretStores;
import io.mooring.metrics.MetricNames;
import io.mooring.metrics.ReconcileMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook endpoints over HTTP on 127.0.0.1, with a recording trigger in place of the loop. */
class WebhookHandlerTest {
  private static final byte[] SECRET = "test webhook secret".getBytes(StandardCharsets.UTF_8);
  private static final String PUSH_TO_MAIN =
      "{\"ref\":\"refs/heads/main\",\"after\":\"" + "a".repeat(40) + "\"}";
  private static final String PUSH_TO_FEATURE = "{\"ref\":\"refs/heads/feature\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HttpClient http = HttpClient.newHttpClient();
  private final RecordingTrigger recording = new RecordingTrigger();
  private StatusServer server;
  private WebhookHandler handler;
  private ExecutorService loopThread;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    if (loopThread != null) {
      loopThread.shutdownNow();
    }
  }

  private void start(byte[] secret, ReconcileTrigger trigger) {
    SecretStores environment =
        new SecretStores(name -> new String(secret, StandardCharsets.UTF_8), () -> null, clock);
    Secret webhookSecret =
        secret == null
            ? null
            : Secret.resolve(
                "env:HOOK_SECRET",
                "the webhook secret",
                environment,
                WebhookHandler.SECRET_MAX_AGE);
    handler =
        new WebhookHandler(
            webhookSecret, "main", trigger, new ReconcileMetrics(registry, clock), clock);
    server = StatusServer.start(new InetSocketAddress("127.0.0.1", 0), new NoProbe(), handler);
  }

  @Test
  void signedPushToBranchTriggersReconcile() throws Exception {
    start(SECRET, recording);

    HttpResponse<String> response = push(PUSH_TO_MAIN, sign(PUSH_TO_MAIN));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(recording.requests.get()).isEqualTo(1);
    assertThat(handler.status().requests().get("github")).containsEntry("triggered", 1L);
    assertThat(handler.status().lastTrigger()).isEqualTo(clock.instant());
    assertThat(webhookCount("github", "triggered")).isEqualTo(1.0);
  }

  @Test
  void wrongSignatureIsUnauthorized() throws Exception {
    start(SECRET, recording);
    String signedByOther = HmacSignature.sign("other".getBytes(StandardCharsets.UTF_8), body());

    HttpResponse<String> response = push(PUSH_TO_MAIN, signedByOther);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("X-Hub-Signature-256");
    assertThat(recording.requests.get()).isZero();
    assertThat(handler.status().requests().get("github")).containsEntry("unauthorized", 1L);
    assertThat(webhookCount("github", "unauthorized")).isEqualTo(1.0);
  }

  @Test
  void signatureOfOtherBodyIsUnauthorized() throws Exception {
    start(SECRET, recording);

    HttpResponse<String> response = push(PUSH_TO_MAIN, sign(PUSH_TO_FEATURE));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(recording.requests.get()).isZero();
  }

  @Test
  void missingSignatureIsUnauthorized() throws Exception {
    start(SECRET, recording);

    HttpResponse<String> response = push(PUSH_TO_MAIN, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(recording.requests.get()).isZero();
  }

  @Test
  void pushToOtherBranchIsIgnored() throws Exception {
    start(SECRET, recording);

    HttpResponse<String> response = push(PUSH_TO_FEATURE, sign(PUSH_TO_FEATURE));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("refs/heads/feature", "refs/heads/main");
    assertThat(recording.requests.get()).isZero();
    assertThat(handler.status().requests().get("github")).containsEntry("ignored", 1L);
  }

  @Test
  void pingEventIsIgnored() throws Exception {
    start(SECRET, recording);
    String ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}";

    HttpResponse<String> response = post("/hooks/github", ping, sign(ping), "ping");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("ping");
    assertThat(recording.requests.get()).isZero();
  }

  @Test
  void unsignedPingIsUnauthorized() throws Exception {
    start(SECRET, recording);

    HttpResponse<String> response = post("/hooks/github", "{}", null, "ping");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void pushWithoutRefIsBadRequest() throws Exception {
    start(SECRET, recording);
    String noRef = "{\"after\":\"abc\"}";
    String notJson = "ref=refs/heads/main";

    HttpResponse<String> missingRef = push(noRef, sign(noRef));
    HttpResponse<String> malformed = push(notJson, sign(notJson));

    assertThat(missingRef.statusCode()).isEqualTo(400);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(recording.requests.get()).isZero();
  }

  @Test
  void oversizedBodyIsRejectedUnread() throws Exception {
    start(SECRET, recording);
    String padded = paddedPush(WebhookHandler.MAX_BODY_BYTES + 1);

    HttpResponse<String> response = push(padded, sign(padded));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(recording.requests.get()).isZero();
    assertThat(handler.status().requests().get("github")).containsEntry("too-large", 1L);
  }

  @Test
  void oversizedChunkedBodyIsRejected() throws Exception {
    start(SECRET, recording);
    byte[] padded = paddedPush(WebhookHandler.MAX_BODY_BYTES + 1).getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(uri("/hooks/github"))
            .header("X-GitHub-Event", "push")
            .header(HmacSignature.HEADER, HmacSignature.sign(SECRET, padded))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(padded)))
            .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(recording.requests.get()).isZero();
  }

  @Test
  void bodyAtLimitIsAccepted() throws Exception {
    start(SECRET, recording);
    String padded = paddedPush(WebhookHandler.MAX_BODY_BYTES);

    HttpResponse<String> response = push(padded, sign(padded));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(recording.requests.get()).isEqualTo(1);
  }

  @Test
  void reconcileHookTriggersWithSignature() throws Exception {
    start(SECRET, recording);
    String body = "{\"reason\":\"image pushed\"}";

    HttpResponse<String> unsigned = post("/hooks/reconcile", body, null, null);
    HttpResponse<String> signed = post("/hooks/reconcile", body, sign(body), null);

    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(signed.statusCode()).isEqualTo(202);
    assertThat(recording.requests.get()).isEqualTo(1);
    assertThat(handler.status().requests().get("reconcile"))
        .containsEntry("unauthorized", 1L)
        .containsEntry("triggered", 1L);
  }

  @Test
  void hooksWithoutSecretAnswer404() throws Exception {
    start(null, recording);

    HttpResponse<String> github = push(PUSH_TO_MAIN, sign(PUSH_TO_MAIN));
    HttpResponse<String> reconcile = post("/hooks/reconcile", "", sign(""), null);

    assertThat(github.statusCode()).isEqualTo(404);
    assertThat(github.body()).contains("--webhook-secret");
    assertThat(reconcile.statusCode()).isEqualTo(404);
    assertThat(recording.requests.get()).isZero();
    assertThat(handler.status().enabled()).isFalse();
  }

  @Test
  void getAndUnknownHookAreRejected() throws Exception {
    start(SECRET, recording);

    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(uri("/hooks/github")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown = post("/hooks/gitlab", "{}", sign("{}"), null);

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void stoppedLoopAnswers503() throws Exception {
    start(
        SECRET,
        () -> {
          throw new IllegalStateException("the daemon is stopping");
        });

    HttpResponse<String> response = push(PUSH_TO_MAIN, sign(PUSH_TO_MAIN));

    assertThat(response.statusCode()).isEqualTo(503);
  }

  @Test
  void burstWhileIdleQueuesOneLoop() throws Exception {
    Queue<Runnable> queued = new ArrayDeque<>();
    AtomicInteger loops = new AtomicInteger();
    LoopTrigger trigger = new LoopTrigger();
    trigger.attach(queued::add, loops::incrementAndGet);
    start(SECRET, trigger);

    for (int i = 0; i < 5; i++) {
      assertThat(push(PUSH_TO_MAIN, sign(PUSH_TO_MAIN)).statusCode()).isEqualTo(202);
    }
    assertThat(queued).hasSize(1);
    queued.remove().run();

    assertThat(loops.get()).isEqualTo(1);
    assertThat(queued).isEmpty();
    assertThat(handler.status().requests().get("github"))
        .containsEntry("triggered", 1L)
        .containsEntry("coalesced", 4L);
  }

  @Test
  void burstDuringLoopRunsOneMoreLoop() throws Exception {
    loopThread = Executors.newSingleThreadExecutor();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger loops = new AtomicInteger();
    LoopTrigger trigger = new LoopTrigger();
    trigger.attach(
        loopThread,
        () -> {
          if (loops.incrementAndGet() == 1) {
            firstStarted.countDown();
            awaitQuietly(releaseFirst);
          }
        });
    start(SECRET, trigger);
    push(PUSH_TO_MAIN, sign(PUSH_TO_MAIN));
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

    for (int i = 0; i < 5; i++) {
      push(PUSH_TO_MAIN, sign(PUSH_TO_MAIN));
    }
    releaseFirst.countDown();

    await().until(() -> loops.get() == 2 && !trigger.isPending());
    await().during(Duration.ofMillis(300)).until(() -> loops.get() == 2);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns a push to main padded with spaces to exactly {@code size} bytes. */
  private static String paddedPush(int size) {
    String push = PUSH_TO_MAIN.substring(0, PUSH_TO_MAIN.length() - 1) + ",\"padding\":\"\"}";
    int padding = size - push.length();
    return push.replace("\"padding\":\"\"", "\"padding\":\"" + " ".repeat(padding) + "\"");
  }

  private static byte[] body() {
    return PUSH_TO_MAIN.getBytes(StandardCharsets.UTF_8);
  }

  private static String sign(String body) {
    return HmacSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> push(String body, String signature)
      throws IOException, InterruptedException {
    return post("/hooks/github", body, signature, "push");
  }

  private HttpResponse<String> post(String path, String body, String signature, String event)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header(HmacSignature.HEADER, signature);
    }
    if (event != null) {
      request.header("X-GitHub-Event", event);
      request.header("X-GitHub-Delivery", "delivery-1");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private double webhookCount(String hook, String result) {
    return registry
        .get(MetricNames.WEBHOOKS)
        .tag(MetricNames.TAG_HOOK, hook)
        .tag(MetricNames.TAG_RESULT, result)
        .counter()
        .count();
  }

  /** A trigger that counts requests and queues nothing. */
  private static final class RecordingTrigger implements ReconcileTrigger {
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public boolean request() {
      requests.incrementAndGet();
      return true;
    }
  }

  /** A probe for a server that these tests only send hooks to. */
  private static final class NoProbe implements StatusServer.Probe {
    @Override
    public boolean isLive() {
      return true;
    }

    @Override
    public boolean isReady() {
      return false;
    }

    @Override
    public DaemonStatus status() {
      throw new UnsupportedOperationException("the webhook tests do not read /status");
    }
  }
}
