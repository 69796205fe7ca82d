package io.hybridllm.canary.health;

/** A verdict with the reason a person reading the log needs. */
public record Judgement(Verdict verdict, String reason) {
}
