package io.mooring.kinds.events;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** The observed rule with its targets and tags, for {@link EventRuleKind#apply}. */
record EventRuleLive(Rule rule, List<Target> targets, Map<String, String> tags) {}
