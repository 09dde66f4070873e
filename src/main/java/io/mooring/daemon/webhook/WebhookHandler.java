package io.mooring.daemon.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mooring.daemon.ReconcileTrigger;
import io.mooring.daemon.secret.Secret;
import io.mooring.metrics.ReconcileMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook endpoints under {@code /hooks/}, which start a reconcile at once instead of at the
 * next interval.
 *
 * <ul>
 *   <li>{@code POST /hooks/github}: GitHub's webhook. A {@code push} event to the followed branch
 *       requests a reconcile (202). Other events, such as {@code ping}, and pushes to other
 *       branches get 200 and change nothing.
 *   <li>{@code POST /hooks/reconcile}: requests a reconcile (202) for any other system, whatever
 *       the body.
 * </ul>
 *
 * <p>Both require the {@link HmacSignature} of the raw body with the daemon's webhook secret, and
 * return 401 without it. A body over {@value #MAX_BODY_BYTES} bytes gets 413, and reading stops at
 * that limit. Requests that arrive before a requested loop started join it, see {@link
 * io.mooring.daemon.LoopTrigger}. Without a secret every hook returns 404. Bodies are never logged.
 */
public final class WebhookHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The prefix of every webhook path, which the HTTP server routes to this handler. */
  public static final String PATH_PREFIX = "/hooks/";

  /**
   * How long a webhook secret read from Secrets Manager is used before it is read again, so that a
   * rotated secret takes effect without a restart.
   */
  public static final Duration SECRET_MAX_AGE = Duration.ofMinutes(5);

  /** The largest body that a hook reads, 1 MiB. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  static final String GITHUB = "github";
  static final String RECONCILE = "reconcile";
  static final String EVENT_HEADER = "X-GitHub-Event";
  static final String DELIVERY_HEADER = "X-GitHub-Delivery";

  /** The maximum length of a header value that a response or log line repeats. */
  private static final int MAX_ECHO_LENGTH = 100;

  private final Secret secret;
  private final String trackedRef;
  private final ReconcileTrigger trigger;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final RejectionLog rejections;
  private final Map<String, Map<String, AtomicLong>> counts = new ConcurrentHashMap<>();
  private volatile Instant lastTrigger;

  /**
   * @param secret the shared secret of the signatures, or null to return 404 to every hook
   * @param branch the followed branch, whose pushes start a reconcile
   */
  public WebhookHandler(
      Secret secret,
      String branch,
      ReconcileTrigger trigger,
      ReconcileMetrics metrics,
      Clock clock) {
    this.secret = secret;
    this.trackedRef = Constants.R_HEADS + branch;
    this.trigger = trigger;
    this.metrics = metrics;
    this.clock = clock;
    this.rejections = new RejectionLog(log, clock);
  }

  /** Returns the counters of every hook request so far. */
  public WebhookStatus status() {
    Map<String, Map<String, Long>> snapshot = new HashMap<>();
    counts.forEach(
        (hook, byResult) -> {
          Map<String, Long> values = new HashMap<>();
          byResult.forEach((result, count) -> values.put(result, count.get()));
          snapshot.put(hook, values);
        });
    return new WebhookStatus(secret != null, snapshot, lastTrigger);
  }

  /** One response to a hook request, with the result that the counters and metrics record. */
  private record Reply(int code, String result, String message) {}

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String hook = hookOf(path);
      if (hook == null) {
        send(
            exchange,
            new Reply(404, null, "not found; the hooks are /hooks/github and /hooks/reconcile"));
        return;
      }
      Reply reply = replyTo(exchange, hook);
      record(hook, reply.result());
      send(exchange, reply);
    }
  }

  private static String hookOf(String path) {
    return switch (path) {
      case PATH_PREFIX + GITHUB -> GITHUB;
      case PATH_PREFIX + RECONCILE -> RECONCILE;
      default -> null;
    };
  }

  /**
   * Checks the request in order: method, secret, size, signature, and then the hook's own rules.
   */
  private Reply replyTo(HttpExchange exchange, String hook) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      return new Reply(
          405,
          "method-not-allowed",
          "method " + exchange.getRequestMethod() + " not allowed; use POST");
    }
    if (secret == null) {
      return new Reply(
          404,
          "disabled",
          "webhooks are disabled; start mooring run with --webhook-secret to accept them");
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      exchange.getResponseHeaders().set("Connection", "close");
      rejections.rejected(hook, "too-large", remote(exchange), "the body is over 1 MiB");
      return new Reply(413, "too-large", "the body is over " + MAX_BODY_BYTES + " bytes");
    }
    String signature = exchange.getRequestHeaders().getFirst(HmacSignature.HEADER);
    if (!HmacSignature.matches(secret.value(), body, signature)) {
      String problem =
          signature == null ? "no " + HmacSignature.HEADER + " header" : "the signature is wrong";
      rejections.rejected(hook, "unauthorized", remote(exchange), problem);
      return new Reply(
          401,
          "unauthorized",
          "missing or invalid "
              + HmacSignature.HEADER
              + "; sign the raw body with HMAC-SHA256 and the webhook secret");
    }
    return hook.equals(GITHUB)
        ? replyToGitHub(exchange, body)
        : requestReconcile("a request to " + PATH_PREFIX + RECONCILE);
  }

  private Reply replyToGitHub(HttpExchange exchange, byte[] body) {
    String event = exchange.getRequestHeaders().getFirst(EVENT_HEADER);
    String delivery = echo(exchange.getRequestHeaders().getFirst(DELIVERY_HEADER));
    if (event == null) {
      return new Reply(400, "invalid", "missing " + EVENT_HEADER + " header");
    }
    if (!event.equals("push")) {
      log.debug("Ignoring GitHub event {} of delivery {}", echo(event), delivery);
      return new Reply(
          200, "ignored", "ignored event " + echo(event) + "; only push events start a reconcile");
    }
    String ref;
    try {
      ref = JSON.readTree(body).path("ref").asText(null);
    } catch (JsonProcessingException e) {
      return new Reply(400, "invalid", "the push payload is not valid JSON");
    } catch (IOException e) {
      return new Reply(400, "invalid", "the push payload could not be read");
    }
    if (ref == null) {
      return new Reply(400, "invalid", "the push payload has no ref");
    }
    if (!ref.equals(trackedRef)) {
      log.debug("Ignoring a push to {} of delivery {}", echo(ref), delivery);
      return new Reply(
          200, "ignored", "ignored push to " + echo(ref) + "; the daemon follows " + trackedRef);
    }
    return requestReconcile("a push to " + trackedRef + " (GitHub delivery " + delivery + ")");
  }

  private Reply requestReconcile(String cause) {
    boolean queued;
    try {
      queued = trigger.request();
    } catch (IllegalStateException e) {
      log.warn("{} could not start a reconcile: {}", cause, e.getMessage());
      return new Reply(503, "unavailable", "no reconcile started: " + e.getMessage());
    }
    lastTrigger = clock.instant();
    if (!queued) {
      log.debug("{} joins the reconcile that is already queued", cause);
      return new Reply(202, "coalesced", "a reconcile is already queued and covers this request");
    }
    log.info("{} requested a reconcile", cause);
    return new Reply(202, "triggered", "reconcile queued");
  }

  private void record(String hook, String result) {
    counts
        .computeIfAbsent(hook, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(result, key -> new AtomicLong())
        .incrementAndGet();
    metrics.recordWebhook(hook, result);
  }

  /**
   * Returns the body, or null when it is over {@link #MAX_BODY_BYTES}. Never reads more than one
   * byte past the limit, and reads nothing when the declared length is over it.
   */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && isOverLimit(declared)) {
      return null;
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }

  private static boolean isOverLimit(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      // The HTTP server rejects a malformed length before this handler runs.
      return false;
    }
  }

  private static String remote(HttpExchange exchange) {
    return String.valueOf(exchange.getRemoteAddress());
  }

  /** Returns a header value shortened for a log line or a response, or "none". */
  private static String echo(String value) {
    if (value == null) {
      return "none";
    }
    String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() <= MAX_ECHO_LENGTH
        ? printable
        : printable.substring(0, MAX_ECHO_LENGTH) + "...";
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = (reply.message() + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(reply.code(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
