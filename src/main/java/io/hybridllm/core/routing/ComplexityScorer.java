package io.hybridllm.core.routing;

import io.hybridllm.core.api.ChatMessage;
import java.util.List;

/**
 * Estimates how much a conversation needs the heavy model. One method, one number in [0,1]:
 * 0 means the light tier surely suffices, 1 means only the heavy tier will do. Thresholds are
 * not the scorer's business; see {@link RoutingPolicy}.
 */
public interface ComplexityScorer {

    double score(List<ChatMessage> conversation);

    /** A short name that goes into logs and response metadata. */
    String name();
}
