package io.hybridllm.harness.traffic;

/**
 * One request of the replayed mix.
 *
 * @param kind where it comes from: banking77, banking77_repeat, clinc_oos, gsm8k, mmlu
 * @param text the user's message
 * @param expectedIntent the banking77 label, when there is one
 */
public record TrafficItem(String kind, String text, String expectedIntent) {

    public boolean isBanking() {
        return expectedIntent != null;
    }
}
