package io.mooring.kinds.ecr;

import java.util.Map;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * The observed state of one repository.
 *
 * @param tags all of the repository's tags
 * @param lifecyclePolicy the lifecycle policy text, or null when the repository has none
 * @param repositoryPolicy the repository policy text, or null when the repository has none
 */
record RepositoryLive(
    Repository repository,
    Map<String, String> tags,
    String lifecyclePolicy,
    String repositoryPolicy) {}
