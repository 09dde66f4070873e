package io.mooring.testing;

/** YAML documents for integration tests, with the emulator's subnet and security group ids. */
public final class SampleStack {
  private SampleStack() {}

  public static String cluster(String name) {
    return """
        apiVersion: mooring/v1
        kind: Cluster
        metadata:
          name: %s
        spec:
          containerInsights: true
        """
        .formatted(name);
  }

  /**
   * A service with every field the Service kind manages. {@code extra} is appended inside spec,
   * indented by two spaces, for example {@code "  scaling: {min: 2, max: 4, cpuTarget: 60}\n"}.
   */
  public static String service(String name, String image, TestNetwork network, String extra) {
    return """
        apiVersion: mooring/v1
        kind: Service
        metadata:
          name: %s
        spec:
          cluster: prod
          image: %s
          cpu: 512
          memory: 1024
          port: 8000
          portName: http
          command: [uvicorn, app.main:app, --host, 0.0.0.0, --port, "8000"]
          environment:
            LOG_LEVEL: info
            WORKERS: "2"
          secrets:
            DATABASE_URL: arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf
          healthCheck:
            command: [CMD-SHELL, "curl -f http://localhost:8000/health || exit 1"]
          network:
            subnets: [%s, %s]
            securityGroups: [%s]
            assignPublicIp: false
          roles:
            task: arn:aws:iam::123456789012:role/orders-api-task
            execution: arn:aws:iam::123456789012:role/orders-api-execution
          logs:
            retentionDays: 30
          deployment:
            minimumHealthyPercent: 100
            maximumPercent: 200
            circuitBreaker: {enable: true, rollback: true}
          tags:
            team: orders
        %s"""
        .formatted(
            name, image, network.subnetA(), network.subnetB(), network.securityGroup(), extra);
  }

  /**
   * Returns an internal application load balancer with every field the LoadBalancer kind manages
   * except access logs and deletion protection: a target group {@code orders-api} on port 8000 and
   * a listener {@code http} on port 80. {@code extra} is appended inside spec, indented by two spaces, for example
   * {@code "  deletionProtection: true\n"}.
   */
  public static String loadBalancer(String name, TestNetwork network, String extra) {
    return """
        apiVersion: mooring/v1
        kind: LoadBalancer
        metadata:
          name: %s
        spec:
          scheme: internal
          subnets: [%s, %s]
          securityGroups: [%s]
          targetGroups:
            - name: orders-api
              port: 8000
              protocol: HTTP
              targetType: ip
              healthCheck:
                path: /health
                interval: 15
                timeout: 5
                healthyThreshold: 2
                unhealthyThreshold: 3
                matcher: "200"
              deregistrationDelay: 30
          listeners:
            - {name: http, port: 80, protocol: HTTP, forwardTo: orders-api}
          idleTimeout: 120
          tags:
            team: orders
        %s"""
        .formatted(name, network.subnetA(), network.subnetB(), network.securityGroup(), extra);
  }
}
