package io.mooring.testing;

import java.util.List;

/**
 * Check for per-service endpoint settings that would send a default-built SDK client past moto.
 *
 * <p>In AWS SDK for Java 2.40.2 a default-built client takes the first endpoint it finds in this
 * order (measured with {@code EcsClient.create()}): the service-specific system property ({@code
 * aws.endpointUrlEcs}), the global system property {@code aws.endpointUrl} that {@link MotoServer}
 * sets, the service-specific environment variable ({@code AWS_ENDPOINT_URL_ECS}), the global {@code
 * AWS_ENDPOINT_URL}, then the profile file. Only the first one can override moto in this JVM.
 */
final class SdkEndpointOverrides {

  private static final String GLOBAL_PROPERTY = "aws.endpointUrl";

  private SdkEndpointOverrides() {}

  /**
   * Throws if a service-specific endpoint system property is set, so that no test in this JVM
   * reaches an endpoint other than moto.
   */
  static void rejectServiceSpecificOverrides() {
    List<String> found =
        System.getProperties().stringPropertyNames().stream()
            .filter(name -> name.startsWith(GLOBAL_PROPERTY) && !name.equals(GLOBAL_PROPERTY))
            .sorted()
            .toList();
    if (!found.isEmpty()) {
      throw new IllegalStateException(
          "Service-specific AWS endpoint system properties would take precedence over the moto"
              + " endpoint: "
              + String.join(", ", found)
              + ". Remove them from the test JVM's system properties.");
    }
  }
}
