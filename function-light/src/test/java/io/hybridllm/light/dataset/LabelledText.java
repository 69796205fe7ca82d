package io.hybridllm.light.dataset;

/** One row of a {@code text,category} CSV. */
public record LabelledText(String text, String label) {}
