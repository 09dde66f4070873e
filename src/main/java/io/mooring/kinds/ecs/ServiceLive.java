package io.mooring.kinds.ecs;

import java.util.List;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Everything observed about one {@code Service} document: the ECS service, the task definition it
 * runs, its log group and its scaling target and policies. Each part but the service may be null.
 */
record ServiceLive(
    Service service,
    TaskDefinition taskDefinition,
    LogGroup logGroup,
    ScalableTarget scalableTarget,
    List<ScalingPolicy> policies) {}
