package io.mooring.daemon.webhook;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The webhook endpoints' counters, as {@code /status} shows them.
 *
 * @param enabled whether the daemon has a webhook secret and so accepts hooks
 * @param requests request counts by endpoint ({@code github}, {@code reconcile}) and result
 * @param lastTrigger when a hook last requested a reconcile, or null
 */
public record WebhookStatus(
    boolean enabled, Map<String, Map<String, Long>> requests, Instant lastTrigger) {

  /** The status of a daemon without a webhook secret, before any request. */
  public static final WebhookStatus DISABLED = new WebhookStatus(false, Map.of(), null);

  public WebhookStatus {
    Map<String, Map<String, Long>> copy = new TreeMap<>();
    requests.forEach((hook, counts) -> copy.put(hook, Map.copyOf(new TreeMap<>(counts))));
    requests = Collections.unmodifiableMap(copy);
  }

  /** Returns the status as the {@code webhooks} object of {@code GET /status}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("enabled", enabled);
    Map<String, Object> counts = new LinkedHashMap<>();
    requests.forEach((hook, byResult) -> counts.put(hook, new TreeMap<>(byResult)));
    json.put("requests", counts);
    json.put("lastTrigger", lastTrigger == null ? null : lastTrigger.toString());
    return json;
  }
}
