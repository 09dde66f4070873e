package io.mooring.engine;

import io.mooring.api.DesiredState;
import io.mooring.aws.AwsSession;

/** What a kind may use while it observes and computes desired fields. */
public record ObserveContext(DesiredState state, AwsSession aws) {}
