package io.hybridllm.harness.evaluation;

/**
 * One benchmark prompt and whether each of the two models answered it correctly.
 *
 * @param prompt what the router sees
 * @param group the CSV file it came from, without extension (an MMLU subject, or "gsm8k")
 * @param weakCorrect the weak (light-side) model answered correctly
 * @param strongCorrect the strong (heavy) model answered correctly
 */
public record RoutingPrompt(String prompt, String group, boolean weakCorrect, boolean strongCorrect) {

    /** Only the strong model was right: the prompts an ideal router sends to the heavy model. */
    public boolean heavyNeeded() {
        return strongCorrect && !weakCorrect;
    }
}
